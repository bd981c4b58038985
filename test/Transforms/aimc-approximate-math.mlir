// RUN: aimc-opt %s --aimc-approximate-math --split-input-file | FileCheck %s
// RUN: aimc-opt %s '--aimc-approximate-math=ops=exp' --split-input-file | FileCheck %s --check-prefix=EXP-ONLY
// RUN: not aimc-opt %s '--aimc-approximate-math=ops=tanh' 2>&1 | FileCheck %s --check-prefix=BAD-OP

// f32 sin, cos and exp become arithmetic: a range reduction by pi/2 and an
// fma polynomial for sin/cos, no math.sin/cos/exp left.
// Scalars reduce exactly for every finite float32: the bits give the
// exponent, which indexes a table of 2/pi.
// CHECK-LABEL: func.func @scalar
// CHECK-NOT: math.sin
// CHECK-NOT: math.cos
// CHECK-NOT: math.exp
// CHECK: arith.bitcast %{{.*}} : f32 to i32
// CHECK: tensor.extract %{{.*}} : tensor<256x2xf64>
// CHECK: math.roundeven %{{.*}} : f64
// CHECK: math.fma
// CHECK: return
// EXP-ONLY-LABEL: func.func @scalar
// EXP-ONLY: math.sin
// EXP-ONLY: math.cos
// EXP-ONLY-NOT: math.exp
// BAD-OP: unknown function 'tanh' in ops (expected sin, cos or exp)
func.func @scalar(%x: f32) -> (f32, f32, f32) {
  %s = math.sin %x : f32
  %c = math.cos %x : f32
  %e = math.exp %x : f32
  return %s, %c, %e : f32, f32, f32
}

// -----

// Inside linalg.generic bodies (the lowered feature maps) and on vectors.
// CHECK-LABEL: func.func @in_generic
// CHECK: linalg.generic
// CHECK-NOT: math.cos
// CHECK: math.fma
// CHECK: linalg.yield
#id = affine_map<(d0) -> (d0)>
func.func @in_generic(%z: tensor<8xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%z : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %c = math.cos %in : f32
    linalg.yield %c : f32
  } -> tensor<8xf32>
  return %r : tensor<8xf32>
}
// Vectors: a float reduction, with libm's value (tagged so that it is not
// rewritten again) selected for lanes beyond 8192.
// CHECK-LABEL: func.func @vector
// CHECK: math.fma {{.*}} : vector<8xf32>
// CHECK: math.sin %{{.*}} {aimc.exact} : vector<8xf32>
// CHECK: arith.cmpf ogt
// CHECK: arith.select
func.func @vector(%v: vector<8xf32>) -> vector<8xf32> {
  %s = math.sin %v : vector<8xf32>
  return %s : vector<8xf32>
}

// -----

// f64 and other functions are left for libm / LLVM intrinsics.
// CHECK-LABEL: func.func @untouched
// CHECK: math.cos %{{.*}} : f64
// CHECK: math.tanh %{{.*}} : f32
func.func @untouched(%x: f64, %y: f32) -> (f64, f32) {
  %c = math.cos %x : f64
  %t = math.tanh %y : f32
  return %c, %t : f64, f32
}

// -----

// A loop over sin/cos is versioned: a reduction recomputes the arguments
// and flags any with |arg| >= 2^26 (or NaN, inf: "uge"); those take the
// table reduction, every other call the table-free one, the same bits
// (2/pi scaled by a power of two: x * G1[150] instead of M * G1[e]).
// CHECK-LABEL: func.func @versioned
// CHECK: linalg.fill ins(%{{.*}} : i1) outs(%{{.*}} : tensor<i1>)
// CHECK: linalg.generic {{.*}}iterator_types = ["reduction", "reduction"]{{.*}} ins(%[[Z:.*]] : tensor<4x8xf32>) outs(%{{.*}} : tensor<i1>)
// CHECK: arith.mulf
// CHECK: math.absf
// CHECK-NEXT: arith.cmpf uge, %{{.*}}, %{{.*}} : f32
// CHECK-NEXT: arith.ori
// CHECK-NOT: math.absf
// CHECK: linalg.yield %{{.*}} : i1
// CHECK: %[[BIG:.*]] = tensor.extract %{{.*}}[] : tensor<i1>
// CHECK: scf.if %[[BIG]] -> (tensor<4x8xf32>, tensor<4x8xf32>)
// CHECK: linalg.generic
// CHECK: arith.bitcast %{{.*}} : f32 to i32
// CHECK: tensor.extract %{{.*}} : tensor<256x2xf64>
// CHECK: } else {
// CHECK: linalg.generic
// CHECK-NOT: arith.bitcast
// CHECK-NOT: tensor.extract
// CHECK: arith.extf %{{.*}} : f32 to f64
// CHECK-NOT: arith.bitcast
// CHECK-NOT: tensor.extract
// CHECK: linalg.yield
// CHECK: scf.yield
// CHECK: return
#m2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @versioned(%z: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %s = arith.constant 0.316 : f32
  %e = tensor.empty() : tensor<4x8xf32>
  %r:2 = linalg.generic {indexing_maps = [#m2, #m2, #m2], iterator_types = ["parallel", "parallel"]}
      ins(%z : tensor<4x8xf32>) outs(%e, %e : tensor<4x8xf32>, tensor<4x8xf32>) {
  ^bb0(%in: f32, %o1: f32, %o2: f32):
    %a = arith.mulf %in, %s : f32
    %c = math.cos %a : f32
    %n = math.sin %a : f32
    linalg.yield %c, %n : f32, f32
  } -> (tensor<4x8xf32>, tensor<4x8xf32>)
  return %r#0, %r#1 : tensor<4x8xf32>, tensor<4x8xf32>
}

// An argument that reads the output cannot be recomputed by the flag loop:
// no versioning, the table reduction.
// CHECK-LABEL: func.func @reads_output
// CHECK-NOT: scf.if
// CHECK: tensor.extract %{{.*}} : tensor<256x2xf64>
// CHECK-NOT: scf.if
// CHECK: return
func.func @reads_output(%z: tensor<8xf32>, %o: tensor<8xf32>) -> tensor<8xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%z : tensor<8xf32>) outs(%o : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %a = arith.addf %in, %out : f32
    %c = math.cos %a : f32
    linalg.yield %c : f32
  } -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// The inputs must give every loop's range (the flag loop has only them):
// sin of an index with no input is not versioned.
// CHECK-LABEL: func.func @no_inputs
// CHECK-NOT: scf.if
// CHECK: tensor.extract %{{.*}} : tensor<256x2xf64>
// CHECK-NOT: scf.if
// CHECK: return
func.func @no_inputs(%o: tensor<8xf32>) -> tensor<8xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      outs(%o : tensor<8xf32>) {
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %n = arith.index_cast %i : index to i32
    %f = arith.sitofp %n : i32 to f32
    %s = math.sin %f : f32
    linalg.yield %s : f32
  } -> tensor<8xf32>
  return %r : tensor<8xf32>
}
