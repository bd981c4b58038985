// The aimc passes preserve the computation: the original linalg program and
// its partitioned, tiled and placed version lowered to its float reference
// print exactly the same numbers (all values are dyadic, so every order of
// summation is exact in f32). A 2x3-crossbar chip makes every product
// ragged and row-split.
// REQUIRES: mlir-runner
// DEFINE: %{lower} = --one-shot-bufferize=bufferize-function-boundaries --convert-linalg-to-loops --convert-scf-to-cf --expand-strided-metadata --lower-affine --finalize-memref-to-llvm --convert-math-to-llvm --convert-arith-to-llvm --convert-cf-to-llvm --convert-func-to-llvm --reconcile-unrealized-casts
// DEFINE: %{run} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils
// RUN: aimc-opt %s --aimc-float-reference %{lower} | %{run} | FileCheck %s
// RUN: aimc-opt %s --aimc-partition=policy=all --aimc-tile --aimc-place --aimc-float-reference %{lower} | %{run} | FileCheck %s
// RUN: aimc-opt %s --aimc-partition=policy=all --aimc-tile --aimc-place | FileCheck %s --check-prefix=ANALOG
// RUN: aimc-opt %s --aimc-partition=policy=all --aimc-tile --aimc-float-reference | FileCheck %s --check-prefix=REFERENCE

// CHECK: sizes = [3, 7]
// CHECK-NEXT: {{\[\[}}15.5, 8.75, 12, 13.25, 1, 15.375, 21.5],
// CHECK-NEXT:  [3.75, -0.0625, -2.125, -4.1875, -8.125, -4.09375, -5.5],
// CHECK-NEXT:  [1.875, 3.25, 0.625, -4, -7.125, -0.125, 5]]
// CHECK: sizes = [3, 2]
// CHECK-NEXT: {{\[\[}}-6.25, 16],
// CHECK-NEXT:  [0.3125, 0],
// CHECK-NEXT:  [-2.75, -4.5]]
// CHECK: sizes = [2, 2, 3]
// CHECK-NEXT: {{\[\[\[}}-5, -5.5, 8],
// CHECK-NEXT:   [6.25, 7.625, 5]],
// CHECK-NEXT:  {{\[\[}}-1.5, 2.5, 1.5],
// CHECK-NEXT:   [1.25, -1.75, 2.5625]]]

// ANALOG-LABEL: func.func @projection
// ANALOG-COUNT-9: = aimc.tile [
// ANALOG-NOT: = aimc.tile [
// ANALOG-LABEL: func.func @left_and_batch
// ANALOG-COUNT-6: = aimc.tile [
// ANALOG-NOT: = aimc.tile [
// ANALOG-NOT: linalg.matmul
// ANALOG-NOT: linalg.batch_matmul

// REFERENCE-NOT: aimc.
// REFERENCE: linalg.matmul

#mA = affine_map<(m, n, k) -> (m, k)>
#mBt = affine_map<(m, n, k) -> (n, k)>
#mC = affine_map<(m, n, k) -> (m, n)>
module attributes {aimc.chip = #aimc.chip<"tiny", cores = 64, rows = 2, cols = 3>} {
  func.func private @printMemrefF32(memref<*xf32>)

  // y = b + x * W^T with W given as 7 x 5 (transposed indexing map) and a
  // non-zero accumulator: 3 x 3 blocks of at most 2 x 3.
  func.func @projection(%x: tensor<3x5xf32>) -> tensor<3x7xf32> {
    %w = arith.constant dense<[[1.0, 0.5, 0.0, 2.0, 1.0], [2.0, -1.0, -0.25, 1.0, 1.0],
                               [3.0, 0.25, 1.0, 0.0, 1.0], [4.0, 2.0, 1.25, -1.0, 1.0],
                               [5.0, 1.5, -1.5, -2.0, 1.0], [6.0, 0.75, 0.125, 0.5, 1.0],
                               [7.0, -0.5, 3.0, 0.25, 1.0]]> : tensor<7x5xf32>
    %b = arith.constant dense<0.5> : tensor<3x7xf32>
    %z = linalg.matmul indexing_maps = [#mA, #mBt, #mC]
        ins(%x, %w : tensor<3x5xf32>, tensor<7x5xf32>) outs(%b : tensor<3x7xf32>) -> tensor<3x7xf32>
    return %z : tensor<3x7xf32>
  }

  // A constant on the left, z = Omega * X (X: 4 x 2), and a batch_matmul
  // with a different weight per batch: 2 row blocks each.
  func.func @left_and_batch(%x: tensor<4x2xf32>, %xb: tensor<2x2x4xf32>) -> (tensor<3x2xf32>, tensor<2x2x3xf32>) {
    %omega = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [0.5, -0.5, 0.25, -0.25], [2.0, 0.0, -1.0, 1.5]]> : tensor<3x4xf32>
    %e = tensor.empty() : tensor<3x2xf32>
    %zero = arith.constant 0.0 : f32
    %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<3x2xf32>) -> tensor<3x2xf32>
    %z = linalg.matmul ins(%omega, %x : tensor<3x4xf32>, tensor<4x2xf32>) outs(%acc : tensor<3x2xf32>) -> tensor<3x2xf32>
    %wb = arith.constant dense<[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, -1.0], [0.5, 0.25, 2.0]],
                                [[-1.0, 0.5, 0.25], [2.0, 1.0, 1.0], [-2.0, 0.125, 3.0], [1.5, -0.5, 0.0]]]> : tensor<2x4x3xf32>
    %eb = tensor.empty() : tensor<2x2x3xf32>
    %accb = linalg.fill ins(%zero : f32) outs(%eb : tensor<2x2x3xf32>) -> tensor<2x2x3xf32>
    %zb = linalg.batch_matmul ins(%xb, %wb : tensor<2x2x4xf32>, tensor<2x4x3xf32>) outs(%accb : tensor<2x2x3xf32>) -> tensor<2x2x3xf32>
    return %z, %zb : tensor<3x2xf32>, tensor<2x2x3xf32>
  }

  func.func @main() {
    %x = arith.constant dense<[[1.0, 2.0, 3.0, 4.0, 5.0], [-1.0, 0.5, 0.25, 2.0, 0.0], [0.125, -2.0, 1.0, 1.5, -0.75]]> : tensor<3x5xf32>
    %y = call @projection(%x) : (tensor<3x5xf32>) -> tensor<3x7xf32>
    %ym = bufferization.to_buffer %y : tensor<3x7xf32> to memref<3x7xf32>
    %yu = memref.cast %ym : memref<3x7xf32> to memref<*xf32>
    call @printMemrefF32(%yu) : (memref<*xf32>) -> ()

    %x2 = arith.constant dense<[[1.0, -1.0], [2.0, 0.5], [0.25, 4.0], [-3.0, 1.0]]> : tensor<4x2xf32>
    %xb = arith.constant dense<[[[1.0, 0.0, -1.0, 2.0], [0.5, 0.5, 0.5, 0.5]],
                                [[2.0, 1.0, 0.0, -1.0], [0.25, -0.5, 1.0, 3.0]]]> : tensor<2x2x4xf32>
    %z, %zb = call @left_and_batch(%x2, %xb) : (tensor<4x2xf32>, tensor<2x2x4xf32>) -> (tensor<3x2xf32>, tensor<2x2x3xf32>)
    %zm = bufferization.to_buffer %z : tensor<3x2xf32> to memref<3x2xf32>
    %zu = memref.cast %zm : memref<3x2xf32> to memref<*xf32>
    call @printMemrefF32(%zu) : (memref<*xf32>) -> ()
    %zbm = bufferization.to_buffer %zb : tensor<2x2x3xf32> to memref<2x2x3xf32>
    %zbu = memref.cast %zbm : memref<2x2x3xf32> to memref<*xf32>
    call @printMemrefF32(%zbu) : (memref<*xf32>) -> ()
    return
  }
}
