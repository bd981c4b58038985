// Entry point for the execution test of docs/examples/ka-rff-classifier.mlir.
func.func private @printMemrefI64(memref<*xi64>)

func.func @main() {
  %x = arith.constant dense<[[0.0, 0.0], [0.3, -0.4], [1.4, 1.2], [-1.3, 0.9]]> : tensor<4x2xf32>
  %labels = call @rff_classifier(%x) : (tensor<4x2xf32>) -> tensor<4xi64>
  %buffer = bufferization.to_buffer %labels : tensor<4xi64> to memref<4xi64>
  %unranked = memref.cast %buffer : memref<4xi64> to memref<*xi64>
  call @printMemrefI64(%unranked) : (memref<*xi64>) -> ()
  return
}
