// ka.sample_projection folds to a dense constant with the sampler's
// deterministic values (AIMCSampling, CounterRNG Philox4x32-10).
// RUN: aimc-opt %s --canonicalize | FileCheck %s

// CHECK-LABEL: func.func @gaussian
// CHECK-NOT: ka.sample_projection
// CHECK: %[[G:.*]] = arith.constant dense<{{\[}}[-0.665374875, 1.03602386, -1.43388915], [0.423278183, 0.135007933, -0.904386401]]> : tensor<2x3xf32>
// CHECK: %[[G2:.*]] = arith.constant dense<{{\[}}[1.24437356, 0.98119086, -1.1369282], [-0.741654634, 0.441384703, 1.43140197]]> : tensor<2x3xf32>
// No entry beyond 3: the truncated sample equals the Gaussian one, and the
// two constants are uniqued.
// CHECK: return %[[G]], %[[G]], %[[G2]]
func.func @gaussian() -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %g = ka.sample_projection gaussian seed(42) : tensor<2x3xf32>
  %t = ka.sample_projection truncated_gaussian seed(42) : tensor<2x3xf32>
  %other = ka.sample_projection gaussian seed(43) : tensor<2x3xf32>
  return %g, %t, %other : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// Rows 0 and 1 form one 2x2 ORF block (orthogonal), row 2 starts the next.
// CHECK-LABEL: func.func @orthogonal
// CHECK: arith.constant dense<{{\[}}[0.125483736, -0.725306451], [-2.13287735, -0.369004637], [0.504727483, 0.0742009878]]> : tensor<3x2xf32>
func.func @orthogonal() -> tensor<3x2xf32> {
  %o = ka.sample_projection orthogonal seed(42) : tensor<3x2xf32>
  return %o : tensor<3x2xf32>
}

// d = 3 pads to d' = 4: entries of sqrt(4) H D1 H D2 H D3 are exact; the
// kept columns are orthogonal with squared norm 4.
// CHECK-LABEL: func.func @structured
// CHECK: arith.constant dense<{{\[}}[1.000000e+00, -1.000000e+00, 1.000000e+00], [-1.000000e+00, -1.000000e+00, -1.000000e+00], [-1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, -1.000000e+00]]> : tensor<4x3xf32>
func.func @structured() -> tensor<4x3xf32> {
  %s = ka.sample_projection structured_orthogonal seed(1) : tensor<4x3xf32>
  return %s : tensor<4x3xf32>
}

// Phases 2 pi u in (0, 2 pi) from their own stream.
// CHECK-LABEL: func.func @phase
// CHECK: arith.constant dense<[2.84667158, 6.26853514, 3.5387888, 4.27827072]> : tensor<4xf32>
func.func @phase() -> tensor<4xf32> {
  %phase = ka.sample_phase seed(7) : tensor<4xf32>
  return %phase : tensor<4xf32>
}

// The fold feeds the consumers; the projection itself stays a ka op.
// CHECK-LABEL: func.func @consumer
// CHECK: %[[OMEGA:.*]] = arith.constant dense<{{.*}}> : tensor<16x4xf32>
// CHECK: ka.projection %{{.*}}, %[[OMEGA]] : (tensor<2x4xf32>, tensor<16x4xf32>) -> tensor<2x16xf32>
func.func @consumer(%x: tensor<2x4xf32>) -> tensor<2x16xf32> {
  %omega = ka.sample_projection orthogonal seed(7) : tensor<16x4xf32>
  %z = ka.projection %x, %omega : (tensor<2x4xf32>, tensor<16x4xf32>) -> tensor<2x16xf32>
  return %z : tensor<2x16xf32>
}

// An unused sample disappears.
// CHECK-LABEL: func.func @dead
// CHECK-NEXT: return
func.func @dead() {
  %omega = ka.sample_projection gaussian seed(7) : tensor<1024x64xf32>
  return
}
