// A ka model for the downstream tool: one random projection (an analog
// crossbar product after lowering) and a digital feature map.
func.func @project(%x: tensor<4x8xf32>) -> tensor<4x32xf32> {
  %omega = ka.sample_projection gaussian seed(3) : tensor<16x8xf32>
  %z = ka.projection %x, %omega : (tensor<4x8xf32>, tensor<16x8xf32>) -> tensor<4x16xf32>
  %phi = ka.rff %z gamma(1.0) : tensor<4x16xf32> -> tensor<4x32xf32>
  return %phi : tensor<4x32xf32>
}
