// RUN: aimc-opt %s -canonicalize | FileCheck %s

// An accumulation of one partial sum is that partial sum.
// CHECK-LABEL: func.func @single
// CHECK-SAME: (%[[A:.*]]: tensor<2x8xf32>)
// CHECK-NOT: aimc.accumulate
// CHECK: return %[[A]]
func.func @single(%a: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %s = aimc.accumulate %a : tensor<2x8xf32>
  return %s : tensor<2x8xf32>
}

// Nested single-use accumulations flatten into one.
// CHECK-LABEL: func.func @nested
// CHECK-SAME: (%[[A:.*]]: tensor<2x8xf32>, %[[B:.*]]: tensor<2x8xf32>, %[[C:.*]]: tensor<2x8xf32>)
// CHECK-NEXT: %[[S:.*]] = aimc.accumulate %[[A]], %[[B]], %[[C]] : tensor<2x8xf32>
// CHECK-NEXT: return %[[S]]
func.func @nested(%a: tensor<2x8xf32>, %b: tensor<2x8xf32>, %c: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %s = aimc.accumulate %a, %b : tensor<2x8xf32>
  %t = aimc.accumulate %s, %c : tensor<2x8xf32>
  return %t : tensor<2x8xf32>
}

// An inner sum with another use is kept.
// CHECK-LABEL: func.func @shared
// CHECK: %[[S:.*]] = aimc.accumulate %{{.*}}, %{{.*}} : tensor<2x8xf32>
// CHECK: aimc.accumulate %[[S]], %{{.*}} : tensor<2x8xf32>
func.func @shared(%a: tensor<2x8xf32>, %b: tensor<2x8xf32>, %c: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %s = aimc.accumulate %a, %b : tensor<2x8xf32>
  %t = aimc.accumulate %s, %c : tensor<2x8xf32>
  return %s, %t : tensor<2x8xf32>, tensor<2x8xf32>
}

// Unused analog work is dead code.
// CHECK-LABEL: func.func @dead
// CHECK-NOT: aimc.
func.func @dead(%x: tensor<2x16xf32>) {
  %w = arith.constant dense<1.0> : tensor<16x8xf32>
  %t = aimc.tile [0] %w : tensor<16x8xf32> -> !aimc.tile<16x8>
  %y = aimc.mvm %t(%x) : !aimc.tile<16x8>, tensor<2x16xf32> -> tensor<2x8xf32>
  return
}
