// RUN: aimc-opt %s --pass-pipeline='builtin.module(func.func(aimc-lower-strided-copies))' --split-input-file | FileCheck %s

// A copy into a column block of a wider buffer (the sin half of RFF's
// [cos | sin]) becomes linalg.copy; a copy between contiguous buffers stays
// (it lowers to llvm.memcpy).
// CHECK-LABEL: func.func @halves
// CHECK: linalg.copy ins(%{{.*}} : memref<4x3xf32>) outs(%{{.*}} : memref<4x3xf32, strided<[6, 1], offset: 3>>)
// CHECK: memref.copy %{{.*}}, %{{.*}} : memref<4x3xf32> to memref<4x3xf32>
// CHECK-NOT: linalg.copy
func.func @halves(%sin: memref<4x3xf32>, %phi: memref<4x6xf32>, %out: memref<4x3xf32>) {
  %half = memref.subview %phi[0, 3] [4, 3] [1, 1] : memref<4x6xf32> to memref<4x3xf32, strided<[6, 1], offset: 3>>
  memref.copy %sin, %half : memref<4x3xf32> to memref<4x3xf32, strided<[6, 1], offset: 3>>
  memref.copy %sin, %out : memref<4x3xf32> to memref<4x3xf32>
  return
}

// -----

// A strided source, dynamic sizes: linalg.copy as well. Rank-0 and
// unranked copies are left alone.
// CHECK-LABEL: func.func @others
// CHECK: linalg.copy ins(%{{.*}} : memref<?x?xf32, strided<[?, 1], offset: ?>>) outs(%{{.*}} : memref<?x?xf32>)
// CHECK: memref.copy %{{.*}}, %{{.*}} : memref<f32> to memref<f32>
// CHECK: memref.copy %{{.*}}, %{{.*}} : memref<*xf32> to memref<*xf32>
func.func @others(%a: memref<?x?xf32, strided<[?, 1], offset: ?>>, %b: memref<?x?xf32>,
                  %s: memref<f32>, %t: memref<f32>, %u: memref<*xf32>, %v: memref<*xf32>) {
  memref.copy %a, %b : memref<?x?xf32, strided<[?, 1], offset: ?>> to memref<?x?xf32>
  memref.copy %s, %t : memref<f32> to memref<f32>
  memref.copy %u, %v : memref<*xf32> to memref<*xf32>
  return
}
