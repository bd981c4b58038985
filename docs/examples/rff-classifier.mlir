// A random-Fourier-feature classifier written in upstream MLIR, as any front
// end would emit it: z = x * Omega^T, phi = cos(z + b), y = phi * W.
// The constant projection is what aimc maps onto analog crossbars.
func.func @rff_classifier(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %omega_t = arith.constant dense<[[0.5, -1.0, 0.25, 2.0],
                                   [1.5, 0.75, -0.5, 0.0],
                                   [-0.25, 1.0, 1.25, -1.5]]> : tensor<3x4xf32>
  %w = arith.constant dense<[[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6], [0.7, -0.8]]> : tensor<4x2xf32>
  %zero = arith.constant 0.0 : f32
  %e4 = tensor.empty() : tensor<4x4xf32>
  %acc4 = linalg.fill ins(%zero : f32) outs(%e4 : tensor<4x4xf32>) -> tensor<4x4xf32>
  %z = linalg.matmul ins(%x, %omega_t : tensor<4x3xf32>, tensor<3x4xf32>) outs(%acc4 : tensor<4x4xf32>) -> tensor<4x4xf32>
  %phi = math.cos %z : tensor<4x4xf32>
  %e2 = tensor.empty() : tensor<4x2xf32>
  %acc2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<4x2xf32>) -> tensor<4x2xf32>
  %y = linalg.matmul ins(%phi, %w : tensor<4x4xf32>, tensor<4x2xf32>) outs(%acc2 : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}
