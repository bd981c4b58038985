// A random projection of 2304 inputs onto 2048 features: W = Omega^T is
// 2304 x 2048, i.e. 9 x 8 = 72 crossbar blocks of 256 x 256, more than the
// 64 cores of one HERMES chip (analog-multi-chip.test).
func.func @large(%x: tensor<2x2304xf32>) -> tensor<2x2048xf32> {
  %omega = ka.sample_projection gaussian seed(11) : tensor<2048x2304xf32>
  %z = ka.projection %x, %omega : (tensor<2x2304xf32>, tensor<2048x2304xf32>) -> tensor<2x2048xf32>
  %phi = math.cos %z : tensor<2x2048xf32>
  return %phi : tensor<2x2048xf32>
}
