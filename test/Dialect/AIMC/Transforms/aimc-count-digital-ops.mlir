// RUN: aimc-opt %s --split-input-file --aimc-count-digital-ops -verify-diagnostics | FileCheck %s

// Static shapes: one call per kind with a non-zero count, before the
// return. The matmul is 4 * 2 * 3 = 24 FMAs (multiply kind, its add is not
// counted again), the fill and the transpose move data only, cos is 8
// transcendentals, the tensor addf 8 adds, the generic 8 compares (maxnumf)
// plus 8 multiplies.
// CHECK-LABEL: func.func private @aimc_rt_count_digital(i64, i64)
// CHECK-LABEL: func.func @static
// CHECK: %[[S:.*]] = linalg.generic
// CHECK-DAG: %[[ADDS:.*]] = arith.constant 8 : i64
// CHECK-DAG: %[[ADD:.*]] = arith.constant 0 : i64
// CHECK: call @aimc_rt_count_digital(%[[ADD]], %[[ADDS]]) : (i64, i64) -> ()
// CHECK-DAG: %[[MULS:.*]] = arith.constant 32 : i64
// CHECK-DAG: %[[MUL:.*]] = arith.constant 1 : i64
// CHECK: call @aimc_rt_count_digital(%[[MUL]], %[[MULS]])
// CHECK-DAG: %[[TRS:.*]] = arith.constant 8 : i64
// CHECK-DAG: %[[TR:.*]] = arith.constant 2 : i64
// CHECK: call @aimc_rt_count_digital(%[[TR]], %[[TRS]])
// CHECK-DAG: %[[OTS:.*]] = arith.constant 8 : i64
// CHECK-DAG: %[[OT:.*]] = arith.constant 3 : i64
// CHECK: call @aimc_rt_count_digital(%[[OT]], %[[OTS]])
// CHECK-NEXT: return %[[S]]
#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @static(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x3xf32>
  %zero = arith.constant 0.0 : f32
  %wt_init = tensor.empty() : tensor<3x2xf32>
  %wt = linalg.transpose ins(%w : tensor<2x3xf32>) outs(%wt_init : tensor<3x2xf32>) permutation = [1, 0]
  %e = tensor.empty() : tensor<4x2xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<4x2xf32>) -> tensor<4x2xf32>
  %y = linalg.matmul ins(%x, %wt : tensor<4x3xf32>, tensor<3x2xf32>) outs(%acc : tensor<4x2xf32>) -> tensor<4x2xf32>
  %c = math.cos %y : tensor<4x2xf32>
  %s = arith.addf %c, %y : tensor<4x2xf32>
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%s : tensor<4x2xf32>) outs(%e : tensor<4x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maxnumf %in, %zero : f32
    %h = arith.mulf %m, %m : f32
    linalg.yield %h : f32
  } -> tensor<4x2xf32>
  return %r : tensor<4x2xf32>
}

// -----

// Dynamic shapes are counted from tensor.dim at run time: exp of a ?x8
// tensor is dim * 8 transcendentals, a ?x8 by 8x4 matmul dim * 4 * 8 FMAs.
// CHECK-LABEL: func.func @dynamic
// CHECK-SAME: (%[[X:.*]]: tensor<?x8xf32>)
// CHECK: %[[E:.*]] = math.exp %[[X]]
// CHECK: %[[D:.*]] = tensor.dim %[[E]], %{{.*}} : tensor<?x8xf32>
// CHECK: %[[C8:.*]] = arith.constant 8 : index
// CHECK: %[[N:.*]] = arith.muli %[[D]], %[[C8]] : index
// CHECK: %[[DM:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x8xf32>
// CHECK: %[[C4:.*]] = arith.constant 4 : index
// CHECK: %[[DM4:.*]] = arith.muli %[[DM]], %[[C4]] : index
// CHECK: %[[C8B:.*]] = arith.constant 8 : index
// CHECK: %[[ITER:.*]] = arith.muli %[[DM4]], %[[C8B]] : index
// CHECK: %[[T1:.*]] = arith.index_cast %[[ITER]] : index to i64
// CHECK: %[[K1:.*]] = arith.constant 1 : i64
// CHECK: call @aimc_rt_count_digital(%[[K1]], %[[T1]])
// CHECK: %[[T2:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK: %[[K2:.*]] = arith.constant 2 : i64
// CHECK: call @aimc_rt_count_digital(%[[K2]], %[[T2]])
func.func @dynamic(%x: tensor<?x8xf32>) -> tensor<?x4xf32> {
  %e = math.exp %x : tensor<?x8xf32>
  %w = arith.constant dense<1.0> : tensor<8x4xf32>
  %c0 = arith.constant 0 : index
  %b = tensor.dim %x, %c0 : tensor<?x8xf32>
  %init = tensor.empty(%b) : tensor<?x4xf32>
  %y = linalg.matmul ins(%x, %w : tensor<?x8xf32>, tensor<8x4xf32>) outs(%init : tensor<?x4xf32>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

// Ops in a loop body are counted in that body, once per iteration; scalar
// index arithmetic is not counted; the tile programming function and
// declarations are left alone.
// CHECK-LABEL: func.func @loop
// CHECK: scf.for
// CHECK: %[[N:.*]] = arith.constant 4 : i64
// CHECK: %[[K:.*]] = arith.constant 2 : i64
// CHECK: call @aimc_rt_count_digital(%[[K]], %[[N]])
// CHECK-NEXT: scf.yield
// CHECK-NOT: call @aimc_rt_count_digital
// CHECK: return
// CHECK-LABEL: func.func @aimc_program_tiles()
// CHECK-NOT: aimc_rt_count_digital
func.func @loop(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %r = scf.for %i = %c0 to %c3 step %c1 iter_args(%acc = %x) -> tensor<4xf32> {
    %j = arith.addi %i, %c1 : index
    %t = math.tanh %acc : tensor<4xf32>
    scf.yield %t : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}
func.func @aimc_program_tiles() {
  %a = arith.constant dense<1.0> : tensor<4xf32>
  %b = arith.addf %a, %a : tensor<4xf32>
  return
}
func.func private @external(tensor<4xf32>) -> tensor<4xf32>

// -----

// Nothing to count: no declaration is added.
// CHECK-LABEL: module
// CHECK-NOT: aimc_rt_count_digital
func.func @nothing(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// -----

// expected-error @below {{@aimc_rt_count_digital is reserved for the aimc runtime, declared as '(i64, i64) -> ()'}}
func.func private @aimc_rt_count_digital(f32)
func.func @clash(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = math.exp %x : tensor<4xf32>
  return %y : tensor<4xf32>
}
