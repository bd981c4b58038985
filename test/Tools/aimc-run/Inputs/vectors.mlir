// Vector ops, which aimc-lower-to-llvm does not lower (errors.test).
func.func @vectors(%x: tensor<2xf32>) -> tensor<2xf32> {
  %c0 = arith.constant 0 : index
  %f = tensor.extract %x[%c0] : tensor<2xf32>
  %v = vector.broadcast %f : f32 to vector<4xf32>
  %r = vector.reduction <add>, %v : vector<4xf32> into f32
  %t = tensor.splat %r : tensor<2xf32>
  return %t : tensor<2xf32>
}
