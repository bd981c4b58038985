// RUN: aimc-opt %s --split-input-file --aimc-tile | FileCheck %s

// 300 x 600 on 256 x 256 crossbars: 2 row blocks (256 + 44) times 3 column
// blocks (256 + 256 + 88). Row blocks read column slices of the input and
// their partial sums are accumulated; column blocks are concatenated.
// CHECK-LABEL: func.func @ragged
// CHECK-SAME: (%[[X:.*]]: tensor<4x300xf32>)
// CHECK-DAG: %[[X0:.*]] = tensor.extract_slice %[[X]][0, 0] [4, 256] [1, 1] : tensor<4x300xf32> to tensor<4x256xf32>
// CHECK-DAG: %[[X1:.*]] = tensor.extract_slice %[[X]][0, 256] [4, 44] [1, 1] : tensor<4x300xf32> to tensor<4x44xf32>
// CHECK: %[[W00:.*]] = arith.constant dense<2.500000e-01> : tensor<256x256xf32>
// CHECK: %[[T00:.*]] = aimc.tile [0] %[[W00]] : tensor<256x256xf32> -> !aimc.tile<256x256>
// CHECK: %[[P00:.*]] = aimc.mvm %[[T00]](%[[X0]]) config <mode = four_phase> : !aimc.tile<256x256>, tensor<4x256xf32> -> tensor<4x256xf32>
// CHECK: %[[W10:.*]] = arith.constant dense<2.500000e-01> : tensor<44x256xf32>
// CHECK: %[[T10:.*]] = aimc.tile [1] %[[W10]] : tensor<44x256xf32> -> !aimc.tile<44x256>
// CHECK: %[[P10:.*]] = aimc.mvm %[[T10]](%[[X1]]) config <mode = four_phase> : !aimc.tile<44x256>, tensor<4x44xf32> -> tensor<4x256xf32>
// CHECK: %[[C0:.*]] = aimc.accumulate %[[P00]], %[[P10]] : tensor<4x256xf32>
// CHECK: aimc.tile [2] %{{.*}} : tensor<256x256xf32> -> !aimc.tile<256x256>
// CHECK: aimc.tile [3] %{{.*}} : tensor<44x256xf32> -> !aimc.tile<44x256>
// CHECK: %[[C1:.*]] = aimc.accumulate
// CHECK: aimc.tile [4] %{{.*}} : tensor<256x88xf32> -> !aimc.tile<256x88>
// CHECK: aimc.tile [5] %{{.*}} : tensor<44x88xf32> -> !aimc.tile<44x88>
// CHECK: %[[C2:.*]] = aimc.accumulate %{{.*}}, %{{.*}} : tensor<4x88xf32>
// CHECK: %[[Y:.*]] = tensor.concat dim(1) %[[C0]], %[[C1]], %[[C2]] : (tensor<4x256xf32>, tensor<4x256xf32>, tensor<4x88xf32>) -> tensor<4x600xf32>
// CHECK-NOT: aimc.matmul
// CHECK-NOT: tensor<300x600xf32>
// CHECK: return %[[Y]]
func.func @ragged(%x: tensor<4x300xf32>) -> tensor<4x600xf32> {
  %w = arith.constant dense<0.25> : tensor<300x600xf32>
  %y = aimc.matmul %x, %w config <mode = four_phase> : tensor<4x300xf32>, tensor<300x600xf32> -> tensor<4x600xf32>
  return %y : tensor<4x600xf32>
}

// A matrix that fits one crossbar is one tile and one MVM.
// CHECK-LABEL: func.func @exact_fit
// CHECK-SAME: (%[[X:.*]]: tensor<2x256xf32>)
// CHECK: %[[T:.*]] = aimc.tile [6] %{{.*}} : tensor<256x256xf32> -> !aimc.tile<256x256>
// CHECK-NEXT: %[[Y:.*]] = aimc.mvm %[[T]](%[[X]]) : !aimc.tile<256x256>, tensor<2x256xf32> -> tensor<2x256xf32>
// CHECK-NEXT: return %[[Y]]
func.func @exact_fit(%x: tensor<2x256xf32>) -> tensor<2x256xf32> {
  %w = arith.constant dense<1.0> : tensor<256x256xf32>
  %y = aimc.matmul %x, %w : tensor<2x256xf32>, tensor<256x256xf32> -> tensor<2x256xf32>
  return %y : tensor<2x256xf32>
}

// A dynamic batch is sliced with its runtime size.
// CHECK-LABEL: func.func @dynamic_batch
// CHECK-SAME: (%[[X:.*]]: tensor<?x300xf32>)
// CHECK: %[[B:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x300xf32>
// CHECK: tensor.extract_slice %[[X]][0, 0] [%[[B]], 256] [1, 1] : tensor<?x300xf32> to tensor<?x256xf32>
// CHECK: aimc.accumulate %{{.*}}, %{{.*}} : tensor<?x10xf32>
func.func @dynamic_batch(%x: tensor<?x300xf32>) -> tensor<?x10xf32> {
  %w = arith.constant dense<1.0> : tensor<300x10xf32>
  %y = aimc.matmul %x, %w : tensor<?x300xf32>, tensor<300x10xf32> -> tensor<?x10xf32>
  return %y : tensor<?x10xf32>
}

// -----

// The block size comes from the module's chip; block contents are the exact
// sub-matrices, and numbering continues after existing tiles.
// CHECK: module attributes {aimc.chip = #aimc.chip<"tiny", rows = 2, cols = 2>}
// CHECK-LABEL: func.func @tiny_chip
// CHECK: aimc.tile [2]
// CHECK: %[[W00:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00], [4.000000e+00, 5.000000e+00]]> : tensor<2x2xf32>
// CHECK: aimc.tile [3] %[[W00]]
// CHECK: %[[W10:.*]] = arith.constant dense<{{\[}}[7.000000e+00, 8.000000e+00]]> : tensor<1x2xf32>
// CHECK: aimc.tile [4] %[[W10]]
// CHECK: aimc.accumulate %{{.*}}, %{{.*}} : tensor<5x2xf32>
// CHECK: %[[W01:.*]] = arith.constant dense<{{\[}}[3.000000e+00], [6.000000e+00]]> : tensor<2x1xf32>
// CHECK: aimc.tile [5] %[[W01]]
// CHECK: %[[W11:.*]] = arith.constant dense<9.000000e+00> : tensor<1x1xf32>
// CHECK: aimc.tile [6] %[[W11]]
// CHECK: aimc.accumulate %{{.*}}, %{{.*}} : tensor<5x1xf32>
// CHECK: tensor.concat dim(1) {{.*}} -> tensor<5x3xf32>
module attributes {aimc.chip = #aimc.chip<"tiny", rows = 2, cols = 2>} {
  func.func @tiny_chip(%x: tensor<5x3xf32>) -> tensor<5x3xf32> {
    %w0 = arith.constant dense<1.0> : tensor<1x1xf32>
    %t = aimc.tile [2] %w0 : tensor<1x1xf32> -> !aimc.tile<1x1>
    %w = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]> : tensor<3x3xf32>
    %y = aimc.matmul %x, %w : tensor<5x3xf32>, tensor<3x3xf32> -> tensor<5x3xf32>
    return %y : tensor<5x3xf32>
  }
}
