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
