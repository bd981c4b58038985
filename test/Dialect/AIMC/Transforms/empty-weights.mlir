// Zero-size weight matrices (no columns, no rows, or a zero batch of them)
// stay digital: aimc-partition leaves them to linalg, and the whole
// pipeline compiles them (it used to crash in aimc-tile).
// RUN: aimc-opt %s --aimc-partition="policy=all" --aimc-tile | FileCheck %s
// RUN: aimc-opt %s --aimc-compile="policy=all" -o /dev/null

// CHECK-LABEL: func.func @no_columns
// CHECK-NOT: aimc.
// CHECK: linalg.matmul
func.func @no_columns(%x: tensor<4x16xf32>) -> tensor<4x0xf32> {
  %w = arith.constant dense<1.0> : tensor<16x0xf32>
  %e = tensor.empty() : tensor<4x0xf32>
  %y = linalg.matmul ins(%x, %w : tensor<4x16xf32>, tensor<16x0xf32>) outs(%e : tensor<4x0xf32>) -> tensor<4x0xf32>
  return %y : tensor<4x0xf32>
}

// CHECK-LABEL: func.func @no_columns_dynamic_batch
// CHECK-NOT: aimc.
// CHECK: linalg.matmul
func.func @no_columns_dynamic_batch(%x: tensor<?x16xf32>, %e: tensor<?x0xf32>) -> tensor<?x0xf32> {
  %w = arith.constant dense<1.0> : tensor<16x0xf32>
  %y = linalg.matmul ins(%x, %w : tensor<?x16xf32>, tensor<16x0xf32>) outs(%e : tensor<?x0xf32>) -> tensor<?x0xf32>
  return %y : tensor<?x0xf32>
}

// CHECK-LABEL: func.func @no_rows
// CHECK-NOT: aimc.
// CHECK: linalg.matmul
func.func @no_rows(%x: tensor<4x0xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<1.0> : tensor<0x16xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x16xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %y = linalg.matmul ins(%x, %w : tensor<4x0xf32>, tensor<0x16xf32>) outs(%acc : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}

// CHECK-LABEL: func.func @empty_batch
// CHECK-NOT: aimc.
// CHECK: linalg.batch_matmul
func.func @empty_batch(%x: tensor<0x4x16xf32>) -> tensor<0x4x8xf32> {
  %w = arith.constant dense<1.0> : tensor<0x16x8xf32>
  %e = tensor.empty() : tensor<0x4x8xf32>
  %y = linalg.batch_matmul ins(%x, %w : tensor<0x4x16xf32>, tensor<0x16x8xf32>) outs(%e : tensor<0x4x8xf32>) -> tensor<0x4x8xf32>
  return %y : tensor<0x4x8xf32>
}

// A zero batch against a weight larger than one crossbar used to give
// "offset 0 is out-of-bounds: 0 >= 0" from aimc-tile's slices.
// CHECK-LABEL: func.func @zero_batch
// CHECK-NOT: aimc.
// CHECK: linalg.matmul
func.func @zero_batch(%x: tensor<0x300xf32>) -> tensor<0x8xf32> {
  %w = arith.constant dense<1.0> : tensor<300x8xf32>
  %e = tensor.empty() : tensor<0x8xf32>
  %y = linalg.matmul ins(%x, %w : tensor<0x300xf32>, tensor<300x8xf32>) outs(%e : tensor<0x8xf32>) -> tensor<0x8xf32>
  return %y : tensor<0x8xf32>
}
