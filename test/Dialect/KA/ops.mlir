// Round trip of every ka op through the custom printer, the generic printer
// and bytecode.
// RUN: aimc-opt %s | FileCheck %s
// RUN: aimc-opt %s | aimc-opt | FileCheck %s
// RUN: aimc-opt %s --mlir-print-op-generic | aimc-opt | FileCheck %s
// RUN: aimc-opt %s --emit-bytecode | aimc-opt | FileCheck %s
// RUN: aimc-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// GENERIC: "ka.sample_projection"() <{distribution = #ka<distribution orthogonal>, seed = 42 : i64}>

// CHECK-LABEL: func.func @sample_projection
func.func @sample_projection() -> (tensor<507x16xf32>, tensor<8x3xf32>, tensor<8x3xf32>, tensor<8x3xf32>) {
  // CHECK: %{{.*}} = ka.sample_projection orthogonal seed(42) : tensor<507x16xf32>
  %orf = ka.sample_projection orthogonal seed(42) : tensor<507x16xf32>
  // CHECK: ka.sample_projection gaussian seed(-7) : tensor<8x3xf32>
  %rff = ka.sample_projection gaussian seed(-7) : tensor<8x3xf32>
  // CHECK: ka.sample_projection truncated_gaussian seed(0) : tensor<8x3xf32>
  %trunc = ka.sample_projection truncated_gaussian seed(0) : tensor<8x3xf32>
  // CHECK: ka.sample_projection structured_orthogonal seed(1) : tensor<8x3xf32>
  %sorf = ka.sample_projection structured_orthogonal seed(1) : tensor<8x3xf32>
  return %orf, %rff, %trunc, %sorf : tensor<507x16xf32>, tensor<8x3xf32>, tensor<8x3xf32>, tensor<8x3xf32>
}

// CHECK-LABEL: func.func @projection
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>, %[[B:.*]]: tensor<8xf32>)
func.func @projection(%x: tensor<4x3xf32>, %b: tensor<8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x2xf32>) {
  %omega = ka.sample_projection gaussian seed(3) : tensor<8x3xf32>
  // CHECK: ka.projection %[[X]], %[[OMEGA:.*]] : (tensor<4x3xf32>, tensor<8x3xf32>) -> tensor<4x8xf32>
  %z = ka.projection %x, %omega : (tensor<4x3xf32>, tensor<8x3xf32>) -> tensor<4x8xf32>
  // CHECK: ka.projection %[[X]], %[[OMEGA]], %[[B]] : (tensor<4x3xf32>, tensor<8x3xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %zb = ka.projection %x, %omega, %b : (tensor<4x3xf32>, tensor<8x3xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  // An explicit constant Omega is accepted too.
  // CHECK: %[[C:.*]] = arith.constant dense<{{.*}}> : tensor<2x3xf32>
  // CHECK: ka.projection %[[X]], %[[C]] : (tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<4x2xf32>
  %c = arith.constant dense<[[1.0, 0.0, -1.0], [0.5, 0.25, 2.0]]> : tensor<2x3xf32>
  %zc = ka.projection %x, %c : (tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<4x2xf32>
  return %z, %zb, %zc : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x2xf32>
}

// CHECK-LABEL: func.func @sample_phase
func.func @sample_phase() -> tensor<8xf32> {
  // CHECK: ka.sample_phase seed(7) : tensor<8xf32>
  %phase = ka.sample_phase seed(7) : tensor<8xf32>
  return %phase : tensor<8xf32>
}

// CHECK-LABEL: func.func @feature_maps
// CHECK-SAME: (%[[Z:.*]]: tensor<4x8xf32>, %[[P:.*]]: tensor<8xf32>, %[[X:.*]]: tensor<4x3xf32>)
func.func @feature_maps(%z: tensor<4x8xf32>, %phase: tensor<8xf32>, %x: tensor<4x3xf32>)
    -> (tensor<4x16xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x16xf32>) {
  // CHECK: ka.rff %[[Z]] gamma(5.000000e-01) : tensor<4x8xf32> -> tensor<4x16xf32>
  %rff = ka.rff %z gamma(0.5) : tensor<4x8xf32> -> tensor<4x16xf32>
  // CHECK: ka.rff_cos %[[Z]], %[[P]] gamma(2.000000e+00) : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xf32>
  %cos = ka.rff_cos %z, %phase gamma(2.0) : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xf32>
  // CHECK: ka.arccos %[[Z]] order(0) : tensor<4x8xf32> -> tensor<4x8xf32>
  %a0 = ka.arccos %z order(0) : tensor<4x8xf32> -> tensor<4x8xf32>
  // CHECK: ka.arccos %[[Z]] order(1) : tensor<4x8xf32> -> tensor<4x8xf32>
  %a1 = ka.arccos %z order(1) : tensor<4x8xf32> -> tensor<4x8xf32>
  // CHECK: ka.arccos %[[Z]] order(2) : tensor<4x8xf32> -> tensor<4x8xf32>
  %a2 = ka.arccos %z order(2) : tensor<4x8xf32> -> tensor<4x8xf32>
  // CHECK: ka.favor_plus %[[Z]], %[[X]] : tensor<4x8xf32>, tensor<4x3xf32> -> tensor<4x16xf32>
  %favor = ka.favor_plus %z, %x : tensor<4x8xf32>, tensor<4x3xf32> -> tensor<4x16xf32>
  return %rff, %cos, %a0, %a1, %a2, %favor : tensor<4x16xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x16xf32>
}

// CHECK-LABEL: func.func @readout
// CHECK-SAME: (%[[PHI:.*]]: tensor<4x16xf32>, %[[W:.*]]: tensor<16x3xf32>, %[[C:.*]]: tensor<3xf32>, %[[W1:.*]]: tensor<16x1xf32>)
func.func @readout(%phi: tensor<4x16xf32>, %w: tensor<16x3xf32>, %c: tensor<3xf32>, %w1: tensor<16x1xf32>)
    -> (tensor<4xi64>, tensor<4xi64>) {
  // CHECK: %[[Y:.*]] = ka.readout %[[PHI]], %[[W]], %[[C]] : (tensor<4x16xf32>, tensor<16x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %y = ka.readout %phi, %w, %c : (tensor<4x16xf32>, tensor<16x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  // CHECK: ka.argmax %[[Y]] : tensor<4x3xf32> -> tensor<4xi64>
  %labels = ka.argmax %y : tensor<4x3xf32> -> tensor<4xi64>
  // CHECK: %[[Y1:.*]] = ka.readout %[[PHI]], %[[W1]] : (tensor<4x16xf32>, tensor<16x1xf32>) -> tensor<4x1xf32>
  %y1 = ka.readout %phi, %w1 : (tensor<4x16xf32>, tensor<16x1xf32>) -> tensor<4x1xf32>
  // CHECK: ka.binary_decision %[[Y1]] : tensor<4x1xf32> -> tensor<4xi64>
  %binary = ka.binary_decision %y1 : tensor<4x1xf32> -> tensor<4xi64>
  return %labels, %binary : tensor<4xi64>, tensor<4xi64>
}

// CHECK-LABEL: func.func @attention
func.func @attention(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x5xf32>)
    -> (tensor<4x5xf32>, tensor<4x5xf32>) {
  %omega = ka.sample_projection orthogonal seed(5) : tensor<16x8xf32>
  // CHECK: ka.linear_attention %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} feature_map = favor_positive : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x5xf32>, tensor<16x8xf32>) -> tensor<4x5xf32>
  %a = ka.linear_attention %q, %k, %v, %omega feature_map = favor_positive
      : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x5xf32>, tensor<16x8xf32>) -> tensor<4x5xf32>
  // CHECK: ka.linear_attention %{{.*}} feature_map = relu {epsilon = 1.000000e-03 : f32} : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x5xf32>, tensor<16x8xf32>) -> tensor<4x5xf32>
  %r = ka.linear_attention %q, %k, %v, %omega feature_map = relu {epsilon = 1.0e-3 : f32}
      : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x5xf32>, tensor<16x8xf32>) -> tensor<4x5xf32>
  return %a, %r : tensor<4x5xf32>, tensor<4x5xf32>
}
