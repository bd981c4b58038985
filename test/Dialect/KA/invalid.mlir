// One case per ka verifier error.
// RUN: aimc-opt %s -split-input-file -verify-diagnostics

func.func @sample_empty() -> tensor<0x4xf32> {
  // expected-error @+1 {{'ka.sample_projection' op projection shape must be positive, got 0x4}}
  %omega = ka.sample_projection gaussian seed(1) : tensor<0x4xf32>
  return %omega : tensor<0x4xf32>
}

// -----

func.func @sample_too_large() -> tensor<65536x65536xf32> {
  // expected-error @+1 {{'ka.sample_projection' op projection 65536x65536 has more than 2147483648 entries}}
  %omega = ka.sample_projection gaussian seed(1) : tensor<65536x65536xf32>
  return %omega : tensor<65536x65536xf32>
}

// -----

func.func @sample_dynamic() -> tensor<?x4xf32> {
  // expected-error @+1 {{result #0 must be static-shape 2-D tensor of 32-bit float values}}
  %omega = ka.sample_projection gaussian seed(1) : tensor<?x4xf32>
  return %omega : tensor<?x4xf32>
}

// -----

func.func @sample_bad_distribution() -> tensor<2x4xf32> {
  // expected-error @+2 {{expected ::aimc::ka::ProjectionDistribution to be one of: gaussian, truncated_gaussian, orthogonal, structured_orthogonal}}
  // expected-error @+1 {{failed to parse KA_ProjectionDistributionAttr parameter}}
  %omega = ka.sample_projection uniform seed(1) : tensor<2x4xf32>
  return %omega : tensor<2x4xf32>
}

// -----

func.func @phase_empty() -> tensor<0xf32> {
  // expected-error @+1 {{'ka.sample_phase' op phase count must be in [1, 2147483648], got 0}}
  %phase = ka.sample_phase seed(1) : tensor<0xf32>
  return %phase : tensor<0xf32>
}

// -----

func.func @projection_f64(%x: tensor<4x3xf64>, %omega: tensor<8x3xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{operand #0 must be static-shape 2-D tensor of 32-bit float values}}
  %z = ka.projection %x, %omega : (tensor<4x3xf64>, tensor<8x3xf32>) -> tensor<4x8xf32>
  return %z : tensor<4x8xf32>
}

// -----

func.func @projection_columns(%x: tensor<4x5xf32>, %omega: tensor<8x3xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'ka.projection' op x has 5 columns, expected 3 (columns of Omega)}}
  %z = ka.projection %x, %omega : (tensor<4x5xf32>, tensor<8x3xf32>) -> tensor<4x8xf32>
  return %z : tensor<4x8xf32>
}

// -----

func.func @projection_bias(%x: tensor<4x3xf32>, %omega: tensor<8x3xf32>, %b: tensor<7xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'ka.projection' op bias has 7 entries, expected 8 (rows of Omega)}}
  %z = ka.projection %x, %omega, %b : (tensor<4x3xf32>, tensor<8x3xf32>, tensor<7xf32>) -> tensor<4x8xf32>
  return %z : tensor<4x8xf32>
}

// -----

func.func @projection_rows(%x: tensor<4x3xf32>, %omega: tensor<8x3xf32>) -> tensor<5x8xf32> {
  // expected-error @+1 {{'ka.projection' op result has 5 rows, expected 4 (rows of x)}}
  %z = ka.projection %x, %omega : (tensor<4x3xf32>, tensor<8x3xf32>) -> tensor<5x8xf32>
  return %z : tensor<5x8xf32>
}

// -----

func.func @projection_result_columns(%x: tensor<4x3xf32>, %omega: tensor<8x3xf32>) -> tensor<4x9xf32> {
  // expected-error @+1 {{'ka.projection' op result has 9 columns, expected 8 (rows of Omega)}}
  %z = ka.projection %x, %omega : (tensor<4x3xf32>, tensor<8x3xf32>) -> tensor<4x9xf32>
  return %z : tensor<4x9xf32>
}

// -----

func.func @rff_gamma(%z: tensor<4x8xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{'ka.rff' op kernel parameter gamma must be positive and finite, got -1}}
  %phi = ka.rff %z gamma(-1.0) : tensor<4x8xf32> -> tensor<4x16xf32>
  return %phi : tensor<4x16xf32>
}

// -----

func.func @rff_gamma_zero(%z: tensor<4x8xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{'ka.rff' op kernel parameter gamma must be positive and finite, got 0}}
  %phi = ka.rff %z gamma(0.0) : tensor<4x8xf32> -> tensor<4x16xf32>
  return %phi : tensor<4x16xf32>
}

// -----

func.func @rff_features(%z: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'ka.rff' op result has 8 features, expected 16 (cos and sin of each column of z)}}
  %phi = ka.rff %z gamma(1.0) : tensor<4x8xf32> -> tensor<4x8xf32>
  return %phi : tensor<4x8xf32>
}

// -----

func.func @rff_no_features(%z: tensor<4x0xf32>) -> tensor<4x0xf32> {
  // expected-error @+1 {{'ka.rff' op needs at least one projected feature, got 0 columns}}
  %phi = ka.rff %z gamma(1.0) : tensor<4x0xf32> -> tensor<4x0xf32>
  return %phi : tensor<4x0xf32>
}

// -----

func.func @rff_rows(%z: tensor<4x8xf32>) -> tensor<3x16xf32> {
  // expected-error @+1 {{'ka.rff' op result has 3 rows, expected 4 (rows of z)}}
  %phi = ka.rff %z gamma(1.0) : tensor<4x8xf32> -> tensor<3x16xf32>
  return %phi : tensor<3x16xf32>
}

// -----

func.func @rff_cos_phase(%z: tensor<4x8xf32>, %phase: tensor<4xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'ka.rff_cos' op phase has 4 entries, expected 8 (columns of z)}}
  %phi = ka.rff_cos %z, %phase gamma(1.0) : tensor<4x8xf32>, tensor<4xf32> -> tensor<4x8xf32>
  return %phi : tensor<4x8xf32>
}

// -----

func.func @rff_cos_features(%z: tensor<4x8xf32>, %phase: tensor<8xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{'ka.rff_cos' op result has 16 features, expected 8 (one per column of z)}}
  %phi = ka.rff_cos %z, %phase gamma(1.0) : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x16xf32>
  return %phi : tensor<4x16xf32>
}

// -----

func.func @rff_cos_gamma(%z: tensor<4x8xf32>, %phase: tensor<8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'ka.rff_cos' op kernel parameter gamma must be positive and finite, got INF}}
  %phi = ka.rff_cos %z, %phase gamma(0x7F800000) : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xf32>
  return %phi : tensor<4x8xf32>
}

// -----

func.func @arccos_order(%z: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'ka.arccos' op arc-cosine order must be 0, 1 or 2, got 3}}
  %phi = ka.arccos %z order(3) : tensor<4x8xf32> -> tensor<4x8xf32>
  return %phi : tensor<4x8xf32>
}

// -----

func.func @arccos_features(%z: tensor<4x8xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{'ka.arccos' op result has 16 features, expected 8 (one per column of z)}}
  %phi = ka.arccos %z order(1) : tensor<4x8xf32> -> tensor<4x16xf32>
  return %phi : tensor<4x16xf32>
}

// -----

func.func @favor_rows(%z: tensor<4x8xf32>, %x: tensor<5x3xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{'ka.favor_plus' op x has 5 rows, expected 4 (rows of z)}}
  %phi = ka.favor_plus %z, %x : tensor<4x8xf32>, tensor<5x3xf32> -> tensor<4x16xf32>
  return %phi : tensor<4x16xf32>
}

// -----

func.func @favor_features(%z: tensor<4x8xf32>, %x: tensor<4x3xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'ka.favor_plus' op result has 8 features, expected 16 (exp(z) and exp(-z) of each column)}}
  %phi = ka.favor_plus %z, %x : tensor<4x8xf32>, tensor<4x3xf32> -> tensor<4x8xf32>
  return %phi : tensor<4x8xf32>
}

// -----

func.func @readout_weights(%phi: tensor<4x16xf32>, %w: tensor<8x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'ka.readout' op weights has 8 rows, expected 16 (features of phi)}}
  %y = ka.readout %phi, %w : (tensor<4x16xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

func.func @readout_bias(%phi: tensor<4x16xf32>, %w: tensor<16x3xf32>, %c: tensor<2xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'ka.readout' op bias has 2 entries, expected 3 (columns of the weights)}}
  %y = ka.readout %phi, %w, %c : (tensor<4x16xf32>, tensor<16x3xf32>, tensor<2xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

func.func @readout_rows(%phi: tensor<4x16xf32>, %w: tensor<16x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'ka.readout' op result has 2 rows, expected 4 (rows of phi)}}
  %y = ka.readout %phi, %w : (tensor<4x16xf32>, tensor<16x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @readout_classes(%phi: tensor<4x16xf32>, %w: tensor<16x3xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'ka.readout' op result has 2 columns, expected 3 (columns of the weights)}}
  %y = ka.readout %phi, %w : (tensor<4x16xf32>, tensor<16x3xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

func.func @binary_columns(%y: tensor<4x2xf32>) -> tensor<4xi64> {
  // expected-error @+1 {{'ka.binary_decision' op scores has 2 columns, expected 1 (one score per row for a binary decision)}}
  %labels = ka.binary_decision %y : tensor<4x2xf32> -> tensor<4xi64>
  return %labels : tensor<4xi64>
}

// -----

func.func @binary_labels(%y: tensor<4x1xf32>) -> tensor<3xi64> {
  // expected-error @+1 {{'ka.binary_decision' op result has 3 labels, expected 4 (one per row of scores)}}
  %labels = ka.binary_decision %y : tensor<4x1xf32> -> tensor<3xi64>
  return %labels : tensor<3xi64>
}

// -----

func.func @binary_label_type(%y: tensor<4x1xf32>) -> tensor<4xi32> {
  // expected-error @+1 {{result #0 must be static-shape 1-D tensor of 64-bit signless integer values}}
  %labels = ka.binary_decision %y : tensor<4x1xf32> -> tensor<4xi32>
  return %labels : tensor<4xi32>
}

// -----

func.func @argmax_no_classes(%y: tensor<4x0xf32>) -> tensor<4xi64> {
  // expected-error @+1 {{'ka.argmax' op needs at least one class score per row}}
  %labels = ka.argmax %y : tensor<4x0xf32> -> tensor<4xi64>
  return %labels : tensor<4xi64>
}

// -----

func.func @argmax_labels(%y: tensor<4x3xf32>) -> tensor<5xi64> {
  // expected-error @+1 {{'ka.argmax' op result has 5 labels, expected 4 (one per row of scores)}}
  %labels = ka.argmax %y : tensor<4x3xf32> -> tensor<5xi64>
  return %labels : tensor<5xi64>
}

// -----

func.func @attention_epsilon(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x5xf32>, %omega: tensor<16x8xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{'ka.linear_attention' op epsilon must be non-negative and finite, got -1}}
  %a = ka.linear_attention %q, %k, %v, %omega feature_map = relu {epsilon = -1.0 : f32}
      : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x5xf32>, tensor<16x8xf32>) -> tensor<4x5xf32>
  return %a : tensor<4x5xf32>
}

// -----

func.func @attention_key(%q: tensor<4x8xf32>, %k: tensor<6x7xf32>, %v: tensor<6x5xf32>, %omega: tensor<16x8xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{'ka.linear_attention' op key has 7 columns, expected 8 (columns of query)}}
  %a = ka.linear_attention %q, %k, %v, %omega feature_map = relu
      : (tensor<4x8xf32>, tensor<6x7xf32>, tensor<6x5xf32>, tensor<16x8xf32>) -> tensor<4x5xf32>
  return %a : tensor<4x5xf32>
}

// -----

func.func @attention_omega(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x5xf32>, %omega: tensor<16x4xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{'ka.linear_attention' op Omega has 4 columns, expected 8 (columns of query)}}
  %a = ka.linear_attention %q, %k, %v, %omega feature_map = favor_positive
      : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x5xf32>, tensor<16x4xf32>) -> tensor<4x5xf32>
  return %a : tensor<4x5xf32>
}

// -----

func.func @attention_omega_rows(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x5xf32>, %omega: tensor<0x8xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{'ka.linear_attention' op Omega needs at least one row}}
  %a = ka.linear_attention %q, %k, %v, %omega feature_map = favor_positive
      : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x5xf32>, tensor<0x8xf32>) -> tensor<4x5xf32>
  return %a : tensor<4x5xf32>
}

// -----

func.func @attention_value(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<5x5xf32>, %omega: tensor<16x8xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{'ka.linear_attention' op value has 5 rows, expected 6 (rows of key)}}
  %a = ka.linear_attention %q, %k, %v, %omega feature_map = favor_positive
      : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<5x5xf32>, tensor<16x8xf32>) -> tensor<4x5xf32>
  return %a : tensor<4x5xf32>
}

// -----

func.func @attention_rows(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x5xf32>, %omega: tensor<16x8xf32>) -> tensor<3x5xf32> {
  // expected-error @+1 {{'ka.linear_attention' op result has 3 rows, expected 4 (rows of query)}}
  %a = ka.linear_attention %q, %k, %v, %omega feature_map = favor_positive
      : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x5xf32>, tensor<16x8xf32>) -> tensor<3x5xf32>
  return %a : tensor<3x5xf32>
}

// -----

func.func @attention_columns(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x5xf32>, %omega: tensor<16x8xf32>) -> tensor<4x6xf32> {
  // expected-error @+1 {{'ka.linear_attention' op result has 6 columns, expected 5 (columns of value)}}
  %a = ka.linear_attention %q, %k, %v, %omega feature_map = favor_positive
      : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x5xf32>, tensor<16x8xf32>) -> tensor<4x6xf32>
  return %a : tensor<4x6xf32>
}

// -----

func.func @attention_feature_map(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x5xf32>, %omega: tensor<16x8xf32>) -> tensor<4x5xf32> {
  // expected-error @+2 {{expected ::aimc::ka::AttentionFeatureMap to be one of: favor_positive, relu}}
  // expected-error @+1 {{failed to parse KA_AttentionFeatureMapAttr parameter}}
  %a = ka.linear_attention %q, %k, %v, %omega feature_map = softmax : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x5xf32>, tensor<16x8xf32>) -> tensor<4x5xf32>
  return %a : tensor<4x5xf32>
}
