// The product of placed.mlir as an untiled aimc.matmul (aimc-level.test):
// aimc-run tiles and places it.
func.func @untiled(%x: tensor<8x6xf32>) -> tensor<8x4xf32> {
  %w = arith.constant dense<[[0.5, -1.0, 0.25, 2.0], [1.5, 0.75, -0.5, 0.0], [-0.25, 1.0, 1.25, -1.5], [0.1, -0.2, 0.3, 0.4], [-0.5, 0.6, 0.7, -0.8], [0.9, 1.0, -1.1, 1.2]]> : tensor<6x4xf32>
  %y = aimc.matmul %x, %w : tensor<8x6xf32>, tensor<6x4xf32> -> tensor<8x4xf32>
  %t = math.tanh %y : tensor<8x4xf32>
  return %t : tensor<8x4xf32>
}
