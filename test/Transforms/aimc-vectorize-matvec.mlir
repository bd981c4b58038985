// RUN: aimc-opt %s --pass-pipeline='builtin.module(func.func(aimc-vectorize-matvec))' --split-input-file | FileCheck %s

// The binary readout: blocks of 16 rows, 16 contiguous row loads per tile,
// one transpose, 16 multiply-adds in column order, then the last 1014 mod
// 16 = 6 columns one by one.
// CHECK-LABEL: func.func @readout
// CHECK-NOT: linalg.matmul
// CHECK: %[[Y:.*]] = memref.collapse_shape %{{.*}} {{\[\[}}0, 1]] : memref<256x1xf32> into memref<256xf32>
// CHECK: scf.for %[[I0:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: %[[ACC0:.*]] = vector.load %[[Y]][%[[I0]]] : memref<256xf32>, vector<16xf32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[KMAIN:.*]] step %{{.*}} iter_args(%{{.*}} = %[[ACC0]]) -> (vector<16xf32>) {
// CHECK-COUNT-16: vector.load %{{.*}} : memref<256x1014xf32>, vector<16xf32>
// CHECK: vector.transpose %{{.*}}, [1, 0] : vector<16x16xf32> to vector<16x16xf32>
// CHECK-COUNT-16: arith.addf
// CHECK: scf.yield
// CHECK: scf.for
// CHECK-COUNT-16: memref.load %{{.*}} : memref<256x1014xf32>
// CHECK: vector.from_elements
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: vector.store %{{.*}}, %[[Y]][%[[I0]]] : memref<256xf32>, vector<16xf32>
func.func @readout(%phi: memref<256x1014xf32>, %w: memref<1014x1xf32>, %y: memref<256x1xf32>) {
  linalg.matmul ins(%phi, %w : memref<256x1014xf32>, memref<1014x1xf32>) outs(%y : memref<256x1xf32>)
  return
}

// -----

// Left alone: several output columns, rows not a multiple of 16, tensors.
// CHECK-LABEL: func.func @others
// CHECK-NOT: vector.
// CHECK: linalg.matmul {{.*}} outs(%{{.*}} : memref<256x26xf32>)
// CHECK-NOT: vector.
// CHECK: linalg.matmul {{.*}} outs(%{{.*}} : memref<250x1xf32>)
// CHECK-NOT: vector.
// CHECK: linalg.matmul {{.*}} -> tensor<256x1xf32>
func.func @others(%phi: memref<256x1014xf32>, %w26: memref<1014x26xf32>, %y26: memref<256x26xf32>,
                  %phi2: memref<250x64xf32>, %w: memref<64x1xf32>, %y2: memref<250x1xf32>,
                  %t: tensor<256x64xf32>, %tw: tensor<64x1xf32>, %ty: tensor<256x1xf32>) -> tensor<256x1xf32> {
  linalg.matmul ins(%phi, %w26 : memref<256x1014xf32>, memref<1014x26xf32>) outs(%y26 : memref<256x26xf32>)
  linalg.matmul ins(%phi2, %w : memref<250x64xf32>, memref<64x1xf32>) outs(%y2 : memref<250x1xf32>)
  %r = linalg.matmul ins(%t, %tw : tensor<256x64xf32>, tensor<64x1xf32>) outs(%ty : tensor<256x1xf32>) -> tensor<256x1xf32>
  return %r : tensor<256x1xf32>
}
