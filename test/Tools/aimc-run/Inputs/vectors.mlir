// A vector op that aimc-lower-to-llvm does not lower (errors.test): its
// convert-vector-to-llvm handles loads, shuffles, transposes and
// reductions, not vector.scan.
func.func @vectors(%x: tensor<2xf32>) -> tensor<2xf32> {
  %c0 = arith.constant 0 : index
  %f = tensor.extract %x[%c0] : tensor<2xf32>
  %v = vector.broadcast %f : f32 to vector<4xf32>
  %init = arith.constant dense<0.0> : vector<f32>
  %s:2 = vector.scan <add>, %v, %init {inclusive = true, reduction_dim = 0} : vector<4xf32>, vector<f32>
  %r = vector.extract %s#0[3] : f32 from vector<4xf32>
  %t = tensor.splat %r : tensor<2xf32>
  return %t : tensor<2xf32>
}
