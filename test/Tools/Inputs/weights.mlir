// A projection with a 16x32 float32 weight (2 KiB) for the weight-budget
// tests.
func.func @project(%x: tensor<4x16xf32>) -> tensor<4x32xf32> {
  %w = arith.constant dense<0.5> : tensor<16x32xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x32xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<4x32xf32>) -> tensor<4x32xf32>
  %z = linalg.matmul {ka.role = "projection"} ins(%x, %w : tensor<4x16xf32>, tensor<16x32xf32>) outs(%acc : tensor<4x32xf32>) -> tensor<4x32xf32>
  return %z : tensor<4x32xf32>
}
