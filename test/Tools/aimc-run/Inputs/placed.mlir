// An aimc-level module, tiled and placed by hand (aimc-level.test): y = x W
// with W (6 x 4) split into two 3 x 4 row blocks on cores 3 and 7, the
// partial sums accumulated digitally, then tanh. aimc-matmul.mlir is the same
// product before tiling.
module attributes {aimc.chip = #aimc.chip<"hermes">} {
  func.func @placed(%x: tensor<8x6xf32>) -> tensor<8x4xf32> {
    %x0 = tensor.extract_slice %x[0, 0] [8, 3] [1, 1] : tensor<8x6xf32> to tensor<8x3xf32>
    %x1 = tensor.extract_slice %x[0, 3] [8, 3] [1, 1] : tensor<8x6xf32> to tensor<8x3xf32>
    %w0 = arith.constant dense<[[0.5, -1.0, 0.25, 2.0], [1.5, 0.75, -0.5, 0.0], [-0.25, 1.0, 1.25, -1.5]]> : tensor<3x4xf32>
    %w1 = arith.constant dense<[[0.1, -0.2, 0.3, 0.4], [-0.5, 0.6, 0.7, -0.8], [0.9, 1.0, -1.1, 1.2]]> : tensor<3x4xf32>
    %t0 = aimc.tile [0] %w0 at <core = 3, row = 0, col = 0> : tensor<3x4xf32> -> !aimc.tile<3x4>
    %t1 = aimc.tile [1] %w1 at <core = 7, row = 100, col = 200> : tensor<3x4xf32> -> !aimc.tile<3x4>
    %p0 = aimc.mvm %t0(%x0) : !aimc.tile<3x4>, tensor<8x3xf32> -> tensor<8x4xf32>
    %p1 = aimc.mvm %t1(%x1) : !aimc.tile<3x4>, tensor<8x3xf32> -> tensor<8x4xf32>
    %y = aimc.accumulate %p0, %p1 : tensor<8x4xf32>
    %t = math.tanh %y : tensor<8x4xf32>
    return %t : tensor<8x4xf32>
  }
}
