// RUN: aimc-opt %s --pass-pipeline='builtin.module(func.func(aimc-interchange-contractions))' --split-input-file | FileCheck %s

// The readout matmul: (i, j, k) with k innermost becomes (i, k, j), the
// output's contiguous dimension innermost; the body is unchanged.
// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[Y:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @readout
// CHECK: linalg.generic {indexing_maps = [#[[A]], #[[B]], #[[Y]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : memref<8x6xf32>, memref<6x4xf32>) outs(%{{.*}} : memref<8x4xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK-NOT: linalg.matmul
func.func @readout(%phi: memref<8x6xf32>, %w: memref<6x4xf32>, %y: memref<8x4xf32>) {
  linalg.matmul ins(%phi, %w : memref<8x6xf32>, memref<6x4xf32>) outs(%y : memref<8x4xf32>)
  return
}

// -----

// Tensors and dynamic sizes are handled the same way.
// CHECK-LABEL: func.func @dynamic
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "reduction", "parallel"]
func.func @dynamic(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %c: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<?x?xf32>, tensor<?x?xf32>) outs(%c : tensor<?x?xf32>) -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

// -----

// A matmul with one output column (the binary readout) and a matvec: no
// input is contiguous along the output's rows, but the rows (at most 4096)
// become the inner loop anyway, reading a strided column of the matrix,
// instead of one serial chain of additions per output.
// CHECK-LABEL: func.func @matvecs
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "reduction", "parallel"]
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : memref<8x6xf32>, memref<6x1xf32>) outs(%{{.*}} : memref<8x1xf32>)
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["reduction", "parallel"]
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : memref<8x6xf32>, memref<6xf32>) outs(%{{.*}} : memref<8xf32>)
// CHECK-NOT: linalg.mat
func.func @matvecs(%a: memref<8x6xf32>, %b: memref<6x1xf32>, %y: memref<8x1xf32>,
                   %x: memref<6xf32>, %v: memref<8xf32>) {
  linalg.matmul ins(%a, %b : memref<8x6xf32>, memref<6x1xf32>) outs(%y : memref<8x1xf32>)
  linalg.matvec ins(%a, %x : memref<8x6xf32>, memref<6xf32>) outs(%v : memref<8xf32>)
  return
}

// -----

// Left alone: a matvec with more than 4096 rows or a dynamic number of rows
// (the strided column would not stay in cache), a matmul whose every output
// dimension has extent 1, the two-output argmax, and elementwise ops (no
// reduction).
// CHECK-LABEL: func.func @untouched
// CHECK: linalg.matvec
// CHECK: linalg.matvec
// CHECK: linalg.matmul
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "reduction"]
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel"]
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @untouched(%big: memref<4097x6xf32>, %bv: memref<4097xf32>,
                     %dyn: memref<?x6xf32>, %dv: memref<?xf32>,
                     %r: memref<1x6xf32>, %b: memref<6x1xf32>, %one: memref<1x1xf32>,
                     %x: memref<6xf32>,
                     %s: memref<8x4xf32>, %v: memref<8xf32>, %i: memref<8xi64>,
                     %o: memref<8x4xf32>) {
  linalg.matvec ins(%big, %x : memref<4097x6xf32>, memref<6xf32>) outs(%bv : memref<4097xf32>)
  linalg.matvec ins(%dyn, %x : memref<?x6xf32>, memref<6xf32>) outs(%dv : memref<?xf32>)
  linalg.matmul ins(%r, %b : memref<1x6xf32>, memref<6x1xf32>) outs(%one : memref<1x1xf32>)
  linalg.generic {indexing_maps = [#id2, #row, #row], iterator_types = ["parallel", "reduction"]}
      ins(%s : memref<8x4xf32>) outs(%v, %i : memref<8xf32>, memref<8xi64>) {
  ^bb0(%in: f32, %best: f32, %idx: i64):
    %j = linalg.index 1 : index
    %j64 = arith.index_cast %j : index to i64
    %gt = arith.cmpf ogt, %in, %best : f32
    %nb = arith.select %gt, %in, %best : f32
    %ni = arith.select %gt, %j64, %idx : i64
    linalg.yield %nb, %ni : f32, i64
  }
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%s : memref<8x4xf32>) outs(%o : memref<8x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %d = arith.addf %in, %in : f32
    linalg.yield %d : f32
  }
  return
}
