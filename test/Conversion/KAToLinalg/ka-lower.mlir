// ka-lower expands every ka op into upstream linalg/tensor/arith/math ops.
// RUN: aimc-opt %s --ka-lower -split-input-file -verify-diagnostics | FileCheck %s
// No ka op survives and the result verifies and round-trips.
// RUN: aimc-opt %s --ka-lower -split-input-file -verify-diagnostics | aimc-opt -split-input-file | FileCheck %s --check-prefix=NOKA
// The sampled values of @sampled against an independent Python
// re-implementation of the Philox + Box-Muller sampler (Inputs/check-sample.py).
// RUN: aimc-opt %s --ka-lower -split-input-file -verify-diagnostics | %python %S/Inputs/check-sample.py 42 2 3 --transpose --in sampled | FileCheck %s --check-prefix=ORACLE42
// ORACLE42: Omega 3x2 (seed 42): 6 of 6 values match
// RUN: aimc-opt %s --ka-lower -split-input-file -verify-diagnostics | %python %S/Inputs/check-sample.py 43 2 3 --in sampled | FileCheck %s --check-prefix=ORACLE43
// ORACLE43: Omega 2x3 (seed 43): 6 of 6 values match
// NOKA-NOT: ka.{{[a-z_]+}} %

// The constant Omega (4x3) becomes the constant Omega^T (3x4), the second
// operand of a projection matmul; the bias is added row by row.
// CHECK-LABEL: func.func @projection
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-NOT: tensor<4x3xf32>
// CHECK-DAG: %[[WT:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 4.000000e+00, 7.000000e+00, 1.000000e+01], [2.000000e+00, 5.000000e+00, 8.000000e+00, 1.100000e+01], [3.000000e+00, 6.000000e+00, 9.000000e+00, 1.200000e+01]]> : tensor<3x4xf32>
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK: %[[Z:.*]] = linalg.matmul {ka.role = "projection"} ins(%[[X]], %[[WT]] : tensor<2x3xf32>, tensor<3x4xf32>) outs(%[[INIT]] : tensor<2x4xf32>)
// CHECK: %[[ZB:.*]] = linalg.generic {indexing_maps = [#[[ID:map[0-9]*]], #[[COL:map[0-9]*]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[Z]], %[[B]] : tensor<2x4xf32>, tensor<4xf32>)
// CHECK: arith.addf
// CHECK: return %[[ZB]]
func.func @projection(%x: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %omega = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0], [10.0, 11.0, 12.0]]> : tensor<4x3xf32>
  %z = ka.projection %x, %omega, %b : (tensor<2x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %z : tensor<2x4xf32>
}

// -----

// A sampled Omega is materialised (transposed) at compile time; an unused
// sample becomes a constant too.
// CHECK-LABEL: func.func @sampled
// CHECK: %[[OMEGA:.*]] = arith.constant dense<{{\[}}[-0.665374875, 0.423278183], [1.03602386, 0.135007933], [-1.43388915, -0.904386401]]> : tensor<3x2xf32>
// CHECK: linalg.matmul {ka.role = "projection"} ins(%{{.*}}, %[[OMEGA]] : tensor<5x3xf32>, tensor<3x2xf32>)
// CHECK: %[[UNUSED:.*]] = arith.constant dense<{{\[}}[1.24437356, 0.98119086, -1.1369282], [-0.741654634, 0.441384703, 1.43140197]]> : tensor<2x3xf32>
// CHECK: return %[[UNUSED]]
func.func @sampled(%x: tensor<5x3xf32>) -> (tensor<2x3xf32>, tensor<5x2xf32>) {
  %omega = ka.sample_projection gaussian seed(42) : tensor<2x3xf32>
  %z = ka.projection %x, %omega : (tensor<5x3xf32>, tensor<2x3xf32>) -> tensor<5x2xf32>
  %kept = ka.sample_projection gaussian seed(43) : tensor<2x3xf32>
  return %kept, %z : tensor<2x3xf32>, tensor<5x2xf32>
}

// -----

// [cos, sin] halves scaled by s^-1/2 = 0.5, bandwidth sqrt(2 gamma) = 3.
// CHECK-LABEL: func.func @rff
// CHECK-SAME: (%[[Z:.*]]: tensor<2x4xf32>)
// CHECK-DAG: %[[BW:.*]] = arith.constant 3.000000e+00 : f32
// CHECK-DAG: %[[S:.*]] = arith.constant 5.000000e-01 : f32
// cos and sin of one angle in one generic, written into the two halves.
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x8xf32>
// CHECK: %[[LO:.*]] = tensor.extract_slice %[[E]][0, 0] [2, 4] [1, 1]
// CHECK: %[[HI:.*]] = tensor.extract_slice %[[E]][0, 4] [2, 4] [1, 1]
// CHECK: %[[G:.*]]:2 = linalg.generic {{.*}} ins(%[[Z]] : tensor<2x4xf32>) outs(%[[LO]], %[[HI]] :
// CHECK: %[[A:.*]] = arith.mulf %[[BW]], %{{.*}} : f32
// CHECK: %[[C:.*]] = math.cos %[[A]] : f32
// CHECK: %[[SIN:.*]] = math.sin %[[A]] : f32
// CHECK: %[[SC:.*]] = arith.mulf %[[S]], %[[C]] : f32
// CHECK: %[[SS:.*]] = arith.mulf %[[S]], %[[SIN]] : f32
// CHECK: linalg.yield %[[SC]], %[[SS]] : f32, f32
// CHECK: %[[H:.*]] = tensor.insert_slice %[[G]]#0 into %[[E]][0, 0] [2, 4] [1, 1]
// CHECK: %[[R:.*]] = tensor.insert_slice %[[G]]#1 into %[[H]][0, 4] [2, 4] [1, 1]
// CHECK: return %[[R]]
func.func @rff(%z: tensor<2x4xf32>) -> tensor<2x8xf32> {
  %phi = ka.rff %z gamma(4.5) : tensor<2x4xf32> -> tensor<2x8xf32>
  return %phi : tensor<2x8xf32>
}

// -----

// sqrt(2/s) cos(sqrt(2 gamma) z + b) with s = 8, gamma = 2.
// CHECK-LABEL: func.func @rff_cos
// CHECK-SAME: (%[[Z:.*]]: tensor<3x8xf32>)
// CHECK: %[[P:.*]] = arith.constant dense<{{\[}}2.84667158, 6.26853514, 3.5387888, 4.27827072, {{.*}}]> : tensor<8xf32>
// CHECK-DAG: %[[BW:.*]] = arith.constant 2.000000e+00 : f32
// CHECK-DAG: %[[S:.*]] = arith.constant 5.000000e-01 : f32
// CHECK: linalg.generic {indexing_maps = [#[[ID:map[0-9]*]], #[[COL:map[0-9]*]], #[[ID]]], {{.*}} ins(%[[Z]], %[[P]] : tensor<3x8xf32>, tensor<8xf32>)
// CHECK: ^bb0(%[[ZV:.*]]: f32, %[[PV:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[A:.*]] = arith.mulf %[[BW]], %[[ZV]] : f32
// CHECK: %[[T:.*]] = arith.addf %[[A]], %[[PV]] : f32
// CHECK: %[[C:.*]] = math.cos %[[T]] : f32
// CHECK: arith.mulf %[[S]], %[[C]] : f32
func.func @rff_cos(%z: tensor<3x8xf32>) -> tensor<3x8xf32> {
  %phase = ka.sample_phase seed(7) : tensor<8xf32>
  %phi = ka.rff_cos %z, %phase gamma(2.0) : tensor<3x8xf32>, tensor<8xf32> -> tensor<3x8xf32>
  return %phi : tensor<3x8xf32>
}

// -----

// sqrt(2/s) Theta(z) z^n with s = 8: Heaviside, ReLU, squared ReLU.
// CHECK-LABEL: func.func @arccos
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[S:.*]] = arith.constant 5.000000e-01 : f32
// CHECK: ^bb0(%[[V0:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[P0:.*]] = arith.cmpf ogt, %[[V0]], %[[ZERO]] : f32
// CHECK-NEXT: %[[R0:.*]] = arith.select %[[P0]], %[[S]], %[[ZERO]] : f32
// CHECK-NEXT: linalg.yield %[[R0]]
// CHECK: ^bb0(%[[V1:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[P1:.*]] = arith.cmpf ogt, %[[V1]], %{{.*}} : f32
// CHECK-NEXT: %[[M1:.*]] = arith.mulf %{{.*}}, %[[V1]] : f32
// CHECK-NEXT: %[[R1:.*]] = arith.select %[[P1]], %[[M1]], %{{.*}} : f32
// CHECK-NEXT: linalg.yield %[[R1]]
// CHECK: ^bb0(%[[V2:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[P2:.*]] = arith.cmpf ogt, %[[V2]], %{{.*}} : f32
// CHECK-NEXT: %[[M2:.*]] = arith.mulf %{{.*}}, %[[V2]] : f32
// CHECK-NEXT: %[[Q2:.*]] = arith.mulf %[[M2]], %[[V2]] : f32
// CHECK-NEXT: %[[R2:.*]] = arith.select %[[P2]], %[[Q2]], %{{.*}} : f32
// CHECK-NEXT: linalg.yield %[[R2]]
func.func @arccos(%z: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>) {
  %a0 = ka.arccos %z order(0) : tensor<2x8xf32> -> tensor<2x8xf32>
  %a1 = ka.arccos %z order(1) : tensor<2x8xf32> -> tensor<2x8xf32>
  %a2 = ka.arccos %z order(2) : tensor<2x8xf32> -> tensor<2x8xf32>
  return %a0, %a1, %a2 : tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>
}

// -----

// (2s)^-1/2 [exp(z - |x|^2/2), exp(-z - |x|^2/2)] with s = 8.
// CHECK-LABEL: func.func @favor_plus
// CHECK-SAME: (%[[Z:.*]]: tensor<2x8xf32>, %[[X:.*]]: tensor<2x3xf32>)
// CHECK: %[[N:.*]] = linalg.generic {indexing_maps = [#[[ID:map[0-9]*]], #[[ROW:map[0-9]*]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<2x3xf32>) outs(%{{.*}} : tensor<2xf32>)
// CHECK: arith.mulf
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK-DAG: %[[S:.*]] = arith.constant 2.500000e-01 : f32
// CHECK: %[[POS:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], {{.*}} ins(%[[Z]], %[[N]] : tensor<2x8xf32>, tensor<2xf32>)
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: %[[NEG:.*]] = linalg.generic {{.*}} ins(%[[Z]], %[[N]] : tensor<2x8xf32>, tensor<2xf32>)
// CHECK: arith.negf
// CHECK: math.exp
// CHECK: tensor.insert_slice %[[POS]] into %{{.*}}[0, 0] [2, 8] [1, 1]
// CHECK: tensor.insert_slice %[[NEG]] into %{{.*}}[0, 8] [2, 8] [1, 1] : tensor<2x8xf32> into tensor<2x16xf32>
func.func @favor_plus(%z: tensor<2x8xf32>, %x: tensor<2x3xf32>) -> tensor<2x16xf32> {
  %phi = ka.favor_plus %z, %x : tensor<2x8xf32>, tensor<2x3xf32> -> tensor<2x16xf32>
  return %phi : tensor<2x16xf32>
}

// -----

// CHECK-LABEL: func.func @readout
// CHECK-SAME: (%[[PHI:.*]]: tensor<4x16xf32>, %[[W:.*]]: tensor<16x3xf32>, %[[C:.*]]: tensor<3xf32>)
// CHECK: %[[Y:.*]] = linalg.matmul {ka.role = "readout"} ins(%[[PHI]], %[[W]] : tensor<4x16xf32>, tensor<16x3xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[Y]], %[[C]] : tensor<4x3xf32>, tensor<3xf32>)
// CHECK: arith.addf
// CHECK: %[[Y2:.*]] = linalg.matmul {ka.role = "readout"} ins(%[[PHI]], %[[W]] : tensor<4x16xf32>, tensor<16x3xf32>)
// CHECK: return %{{.*}}, %[[Y2]]
func.func @readout(%phi: tensor<4x16xf32>, %w: tensor<16x3xf32>, %c: tensor<3xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>) {
  %y = ka.readout %phi, %w, %c : (tensor<4x16xf32>, tensor<16x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %y2 = ka.readout %phi, %w : (tensor<4x16xf32>, tensor<16x3xf32>) -> tensor<4x3xf32>
  return %y, %y2 : tensor<4x3xf32>, tensor<4x3xf32>
}

// -----

// CHECK-DAG: #[[SCORE:map[0-9]*]] = affine_map<(d0) -> (d0, 0)>
// CHECK-LABEL: func.func @decisions
// CHECK-SAME: (%[[Y:.*]]: tensor<4x3xf32>, %[[Y1:.*]]: tensor<4x1xf32>)
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[MAX:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<4xf32>)
// CHECK: %[[C0:.*]] = arith.constant 0 : i64
// CHECK: %[[IDX:.*]] = linalg.fill ins(%[[C0]] : i64) outs(%{{.*}} : tensor<4xi64>)
// CHECK: %[[ARG:.*]]:2 = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[Y]] : tensor<4x3xf32>) outs(%[[MAX]], %[[IDX]] : tensor<4xf32>, tensor<4xi64>)
// CHECK: linalg.index 1
// CHECK: arith.cmpf ogt
// CHECK: arith.select
// CHECK: arith.select
// CHECK: %[[BIN:.*]] = linalg.generic {indexing_maps = [#[[SCORE]], #{{map[0-9]*}}], iterator_types = ["parallel"]} ins(%[[Y1]] : tensor<4x1xf32>) outs(%{{.*}} : tensor<4xi64>)
// CHECK: arith.maxnumf
// CHECK: arith.minnumf
// CHECK: math.round
// CHECK: arith.fptosi %{{.*}} : f32 to i64
// CHECK: return %[[ARG]]#1, %[[BIN]]
func.func @decisions(%y: tensor<4x3xf32>, %y1: tensor<4x1xf32>) -> (tensor<4xi64>, tensor<4xi64>) {
  %labels = ka.argmax %y : tensor<4x3xf32> -> tensor<4xi64>
  %binary = ka.binary_decision %y1 : tensor<4x1xf32> -> tensor<4xi64>
  return %labels, %binary : tensor<4xi64>, tensor<4xi64>
}

// -----

// One Omega^T constant feeds both projections.
// CHECK-LABEL: func.func @attention
// CHECK-SAME: (%[[Q:.*]]: tensor<4x8xf32>, %[[K:.*]]: tensor<6x8xf32>, %[[V:.*]]: tensor<6x5xf32>)
// CHECK: %[[WT:.*]] = arith.constant dense<{{.*}}> : tensor<8x16xf32>
// CHECK: %[[ZQ:.*]] = linalg.matmul {ka.role = "projection"} ins(%[[Q]], %[[WT]] : tensor<4x8xf32>, tensor<8x16xf32>)
// CHECK: %[[PQ:.*]] = tensor.insert_slice %{{.*}}[0, 16] [4, 16] [1, 1] : tensor<4x16xf32> into tensor<4x32xf32>
// CHECK: %[[ZK:.*]] = linalg.matmul {ka.role = "projection"} ins(%[[K]], %[[WT]] : tensor<6x8xf32>, tensor<8x16xf32>)
// CHECK: %[[PK:.*]] = tensor.insert_slice %{{.*}}[0, 16] [6, 16] [1, 1] : tensor<6x16xf32> into tensor<6x32xf32>
// CHECK: %[[PKT:.*]] = linalg.transpose ins(%[[PK]] : tensor<6x32xf32>) outs(%{{.*}} : tensor<32x6xf32>) permutation = [1, 0]
// CHECK: %[[KV:.*]] = linalg.matmul ins(%[[PKT]], %[[V]] : tensor<32x6xf32>, tensor<6x5xf32>)
// CHECK: %[[KSUM:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]} ins(%[[PK]] : tensor<6x32xf32>) outs(%{{.*}} : tensor<32xf32>)
// CHECK: %[[NUM:.*]] = linalg.matmul ins(%[[PQ]], %[[KV]] : tensor<4x32xf32>, tensor<32x5xf32>)
// CHECK: %[[DEN:.*]] = linalg.matvec ins(%[[PQ]], %[[KSUM]] : tensor<4x32xf32>, tensor<32xf32>)
// CHECK: %[[A:.*]] = linalg.generic {{.*}} ins(%[[NUM]], %[[DEN]] : tensor<4x5xf32>, tensor<4xf32>)
// CHECK: arith.divf
// CHECK: return %[[A]]
func.func @attention(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x5xf32>) -> tensor<4x5xf32> {
  %omega = ka.sample_projection orthogonal seed(5) : tensor<16x8xf32>
  %a = ka.linear_attention %q, %k, %v, %omega feature_map = favor_positive
      : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x5xf32>, tensor<16x8xf32>) -> tensor<4x5xf32>
  return %a : tensor<4x5xf32>
}

// -----

// ReLU features s^-1/2 max(z, 0) + eps with s = 16, eps = 1e-3.
// CHECK-LABEL: func.func @relu_attention
// CHECK: linalg.matmul {ka.role = "projection"}
// CHECK-DAG: %[[S:.*]] = arith.constant 2.500000e-01 : f32
// CHECK-DAG: %[[EPS:.*]] = arith.constant 1.000000e-03 : f32
// CHECK: arith.cmpf ogt
// CHECK: %[[M:.*]] = arith.mulf %[[S]], %{{.*}} : f32
// CHECK: %[[SEL:.*]] = arith.select %{{.*}}, %[[M]], %{{.*}} : f32
// CHECK: arith.addf %[[SEL]], %[[EPS]] : f32
// CHECK: linalg.matmul {ka.role = "projection"}
// CHECK: linalg.transpose
// CHECK: linalg.matvec
func.func @relu_attention(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x5xf32>) -> tensor<4x5xf32> {
  %omega = ka.sample_projection gaussian seed(5) : tensor<16x8xf32>
  %a = ka.linear_attention %q, %k, %v, %omega feature_map = relu {epsilon = 1.0e-3 : f32}
      : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x5xf32>, tensor<16x8xf32>) -> tensor<4x5xf32>
  return %a : tensor<4x5xf32>
}

// -----

func.func @runtime_omega(%x: tensor<2x3xf32>, %omega: tensor<4x3xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{cannot lower 'ka.projection': Omega must be a constant (ka.sample_projection or a dense arith.constant) to become crossbar weights}}
  %z = ka.projection %x, %omega : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  return %z : tensor<2x4xf32>
}

// -----

func.func @runtime_attention_omega(%q: tensor<4x8xf32>, %omega: tensor<16x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{cannot lower 'ka.linear_attention': Omega must be a constant}}
  %a = ka.linear_attention %q, %q, %q, %omega feature_map = relu
      : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<16x8xf32>) -> tensor<4x8xf32>
  return %a : tensor<4x8xf32>
}
