// RUN: aimc-opt %s --aimc-partition | FileCheck %s
// RUN: aimc-opt %s --aimc-partition="policy=all" | FileCheck %s --check-prefix=ALL
// RUN: aimc-opt %s --aimc-partition="policy=all min-size=100" | FileCheck %s --check-prefix=MIN
// RUN: aimc-opt %s --aimc-partition="policy=attention" | FileCheck %s --check-prefix=ATTN
// RUN: not aimc-opt %s --aimc-partition="policy=some" 2>&1 | FileCheck %s --check-prefix=BADPOLICY

// RUN: aimc-opt %s --aimc-partition 2>&1 >/dev/null | FileCheck %s --check-prefix=WARN

// BADPOLICY: error: aimc-partition: unknown policy 'some'; expected 'projections', 'attention' or 'all'

// A projection tagged by ka-lower goes analog; its zero-filled accumulator
// needs no digital add.
// CHECK-LABEL: func.func @tagged_projection
// ATTN-LABEL: func.func @tagged_projection
// ATTN: aimc.matmul
// ATTN-NOT: linalg.matmul
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>)
// CHECK: %[[W:.*]] = arith.constant dense<2.500000e-01> : tensor<8x16xf32>
// CHECK: %[[Y:.*]] = aimc.matmul %[[X]], %[[W]] : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
// CHECK-NOT: linalg.matmul
// CHECK-NOT: linalg.add
// CHECK: return %[[Y]]
func.func @tagged_projection(%x: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.25> : tensor<8x16xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x16xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %z = linalg.matmul {ka.role = "projection"} ins(%x, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%acc : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %z : tensor<4x16xf32>
}

// A readout stays digital under the default policy, goes analog with `all`.
// CHECK-LABEL: func.func @tagged_readout
// CHECK: linalg.matmul {ka.role = "readout"}
// CHECK-NOT: aimc.matmul
// ALL-LABEL: func.func @tagged_readout
// ALL: aimc.matmul
// ALL-NOT: linalg.matmul
// MIN-LABEL: func.func @tagged_readout
// MIN: linalg.matmul
// ATTN-LABEL: func.func @tagged_readout
// ATTN: linalg.matmul {ka.role = "readout"}
// ATTN-NOT: aimc.matmul
func.func @tagged_readout(%x: tensor<4x16xf32>) -> tensor<4x2xf32> {
  %w = arith.constant dense<1.0> : tensor<16x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x2xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<4x2xf32>) -> tensor<4x2xf32>
  %z = linalg.matmul {ka.role = "readout"} ins(%x, %w : tensor<4x16xf32>, tensor<16x2xf32>) outs(%acc : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %z : tensor<4x2xf32>
}

// Untagged IR: a constant-weight matmul whose result feeds cos through a
// bias add is a projection (random Fourier features).
// CHECK-LABEL: func.func @untagged_cos_after_bias
// CHECK: %[[Y:.*]] = aimc.matmul
// Under `attention` only ka projections go analog, not this linear layer.
// ATTN-LABEL: func.func @untagged_cos_after_bias
// ATTN: linalg.matmul
// ATTN-NOT: aimc.matmul
// ATTN: math.cos
// CHECK: arith.addf %[[Y]]
// CHECK: math.cos
func.func @untagged_cos_after_bias(%x: tensor<4x8xf32>, %b: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.5> : tensor<8x16xf32>
  %e = tensor.empty() : tensor<4x16xf32>
  %z = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %s = arith.addf %z, %b : tensor<4x16xf32>
  %c = math.cos %s : tensor<4x16xf32>
  return %c : tensor<4x16xf32>
}

// ... or feeds a linalg feature map whose body has exp (Performer features).
// CHECK-LABEL: func.func @untagged_generic_exp
// CHECK: aimc.matmul
// CHECK: linalg.generic
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @untagged_generic_exp(%x: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.5> : tensor<8x16xf32>
  %e = tensor.empty() : tensor<4x16xf32>
  %z = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %f = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%z : tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %h = arith.constant 0.5 : f32
    %m = arith.mulf %in, %h : f32
    %v = math.exp %m : f32
    linalg.yield %v : f32
  } -> tensor<4x16xf32>
  return %f : tensor<4x16xf32>
}

// ... or a ReLU (max with zero).
// CHECK-LABEL: func.func @untagged_relu
// CHECK: aimc.matmul
// CHECK: arith.maximumf
func.func @untagged_relu(%x: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.5> : tensor<8x16xf32>
  %e = tensor.empty() : tensor<4x16xf32>
  %z = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %zeros = arith.constant dense<0.0> : tensor<4x16xf32>
  %r = arith.maximumf %z, %zeros : tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}

// An untagged matmul without a nonlinearity stays digital by default; a
// max with a non-zero value is no ReLU.
// CHECK-LABEL: func.func @untagged_linear
// CHECK: linalg.matmul
// CHECK-NOT: aimc.matmul
// ALL-LABEL: func.func @untagged_linear
// ALL: aimc.matmul
func.func @untagged_linear(%x: tensor<4x8xf32>, %o: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.5> : tensor<8x16xf32>
  %e = tensor.empty() : tensor<4x16xf32>
  %z = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %r = arith.maximumf %z, %o : tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}

// Non-constant weights never go analog; a projection tag on such a matmul
// gets a warning.
// WARN: aimc-partition.mlir:[[@LINE+8]]:8: warning: ka.role = "projection" stays digital: aimc-partition needs a float contraction on tensors with a dense arith.constant weight operand
// CHECK-LABEL: func.func @runtime_weights
// CHECK: linalg.matmul
// ALL-LABEL: func.func @runtime_weights
// ALL: linalg.matmul
// ALL-NOT: aimc.matmul
func.func @runtime_weights(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>) -> tensor<4x16xf32> {
  %e = tensor.empty() : tensor<4x16xf32>
  %z = linalg.matmul {ka.role = "projection"} ins(%x, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %z : tensor<4x16xf32>
}

// A non-zero accumulator is added back digitally: C = C0 + x W.
// CHECK-LABEL: func.func @accumulator
// ALL-LABEL: func.func @accumulator
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>, %[[C0:.*]]: tensor<4x16xf32>)
// CHECK: %[[Y:.*]] = aimc.matmul %[[X]]
// CHECK: %[[S:.*]] = linalg.add ins(%[[Y]], %[[C0]] : tensor<4x16xf32>, tensor<4x16xf32>) outs(%[[C0]] : tensor<4x16xf32>)
// CHECK: return %[[S]]
func.func @accumulator(%x: tensor<4x8xf32>, %c0: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.5> : tensor<8x16xf32>
  %z = linalg.matmul {ka.role = "projection"} ins(%x, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c0 : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %z : tensor<4x16xf32>
}

// A transposed weight (indexing maps) is transposed at compile time into
// the K x N layout.
// CHECK-LABEL: func.func @transposed_b
// CHECK: %[[W:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK: aimc.matmul %{{.*}}, %[[W]] : tensor<5x3xf32>, tensor<3x2xf32> -> tensor<5x2xf32>
#mA = affine_map<(m, n, k) -> (m, k)>
#mBt = affine_map<(m, n, k) -> (n, k)>
#mC = affine_map<(m, n, k) -> (m, n)>
func.func @transposed_b(%x: tensor<5x3xf32>) -> tensor<5x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %e = tensor.empty() : tensor<5x2xf32>
  %z = linalg.matmul indexing_maps = [#mA, #mBt, #mC] {ka.role = "projection"}
      ins(%x, %w : tensor<5x3xf32>, tensor<2x3xf32>) outs(%e : tensor<5x2xf32>) -> tensor<5x2xf32>
  return %z : tensor<5x2xf32>
}

// So is a weight produced by linalg.transpose of a constant (z = x Omega^T);
// the transpose is folded away.
// CHECK-LABEL: func.func @folded_transpose
// CHECK-NOT: linalg.transpose
// CHECK: %[[W:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK: aimc.matmul %{{.*}}, %[[W]]
// CHECK-NOT: linalg.transpose
func.func @folded_transpose(%x: tensor<5x3xf32>) -> tensor<5x2xf32> {
  %omega = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %te = tensor.empty() : tensor<3x2xf32>
  %w = linalg.transpose ins(%omega : tensor<2x3xf32>) outs(%te : tensor<3x2xf32>) permutation = [1, 0]
  %e = tensor.empty() : tensor<5x2xf32>
  %z = linalg.matmul {ka.role = "projection"} ins(%x, %w : tensor<5x3xf32>, tensor<3x2xf32>) outs(%e : tensor<5x2xf32>) -> tensor<5x2xf32>
  return %z : tensor<5x2xf32>
}

// A constant on the left (Z = Omega X, X: K x B) computes Z^T = X^T Omega^T:
// the batch and the result are transposed digitally.
// CHECK-LABEL: func.func @weight_on_the_left
// CHECK-SAME: (%[[X:.*]]: tensor<3x5xf32>)
// CHECK: %[[XT:.*]] = linalg.transpose ins(%[[X]] : tensor<3x5xf32>) {{.*}} permutation = [1, 0]
// CHECK: %[[W:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK: %[[Y:.*]] = aimc.matmul %[[XT]], %[[W]] : tensor<5x3xf32>, tensor<3x2xf32> -> tensor<5x2xf32>
// CHECK: %[[Z:.*]] = linalg.transpose ins(%[[Y]] : tensor<5x2xf32>) {{.*}} permutation = [1, 0]
// CHECK: return %[[Z]] : tensor<2x5xf32>
func.func @weight_on_the_left(%x: tensor<3x5xf32>) -> tensor<2x5xf32> {
  %omega = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %e = tensor.empty() : tensor<2x5xf32>
  %z = linalg.matmul {ka.role = "projection"} ins(%omega, %x : tensor<2x3xf32>, tensor<3x5xf32>) outs(%e : tensor<2x5xf32>) -> tensor<2x5xf32>
  return %z : tensor<2x5xf32>
}

// linalg.matvec: y = A x is x^T A^T with a batch of one.
// CHECK-LABEL: func.func @matvec
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>)
// CHECK: %[[X2:.*]] = tensor.expand_shape %[[X]] {{\[}}[0, 1]] output_shape [1, 3] : tensor<3xf32> into tensor<1x3xf32>
// CHECK: %[[W:.*]] = arith.constant {{.*}} : tensor<3x2xf32>
// CHECK: %[[Y:.*]] = aimc.matmul %[[X2]], %[[W]] : tensor<1x3xf32>, tensor<3x2xf32> -> tensor<1x2xf32>
// CHECK: %[[Y1:.*]] = tensor.collapse_shape %[[Y]] {{\[}}[0, 1]] : tensor<1x2xf32> into tensor<2xf32>
// CHECK: return %[[Y1]]
func.func @matvec(%x: tensor<3xf32>) -> tensor<2xf32> {
  %a = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %e = tensor.empty() : tensor<2xf32>
  %y = linalg.matvec {ka.role = "projection"} ins(%a, %x : tensor<2x3xf32>, tensor<3xf32>) outs(%e : tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// linalg.batch_matmul with a constant per-batch weight: one analog matmul
// per batch index.
// CHECK-LABEL: func.func @batch_matmul
// CHECK-SAME: (%[[X:.*]]: tensor<2x4x2xf32>)
// CHECK: tensor.empty() : tensor<2x4x3xf32>
// CHECK: %[[X0:.*]] = tensor.extract_slice %[[X]][0, 0, 0] [1, 4, 2] [1, 1, 1] : tensor<2x4x2xf32> to tensor<4x2xf32>
// CHECK: %[[W0:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
// CHECK: %[[Y0:.*]] = aimc.matmul %[[X0]], %[[W0]] : tensor<4x2xf32>, tensor<2x3xf32> -> tensor<4x3xf32>
// CHECK: %[[I0:.*]] = tensor.insert_slice %[[Y0]] into %{{.*}}[0, 0, 0] [1, 4, 3] [1, 1, 1]
// CHECK: %[[X1:.*]] = tensor.extract_slice %[[X]][1, 0, 0] [1, 4, 2] [1, 1, 1]
// CHECK: %[[W1:.*]] = arith.constant dense<{{\[}}[7.000000e+00, 8.000000e+00, 9.000000e+00], [1.000000e+01, 1.100000e+01, 1.200000e+01]]> : tensor<2x3xf32>
// CHECK: %[[Y1:.*]] = aimc.matmul %[[X1]], %[[W1]]
// CHECK: %[[I1:.*]] = tensor.insert_slice %[[Y1]] into %[[I0]][1, 0, 0]
// CHECK: return %[[I1]]
func.func @batch_matmul(%x: tensor<2x4x2xf32>) -> tensor<2x4x3xf32> {
  %w = arith.constant dense<[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [[7.0, 8.0, 9.0], [10.0, 11.0, 12.0]]]> : tensor<2x2x3xf32>
  %e = tensor.empty() : tensor<2x4x3xf32>
  %y = linalg.batch_matmul {ka.role = "projection"} ins(%x, %w : tensor<2x4x2xf32>, tensor<2x2x3xf32>) outs(%e : tensor<2x4x3xf32>) -> tensor<2x4x3xf32>
  return %y : tensor<2x4x3xf32>
}

// A dynamic batch size is kept.
// CHECK-LABEL: func.func @dynamic_batch
// CHECK: aimc.matmul %{{.*}}, %{{.*}} : tensor<?x8xf32>, tensor<8x16xf32> -> tensor<?x16xf32>
func.func @dynamic_batch(%x: tensor<?x8xf32>, %e: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %w = arith.constant dense<0.5> : tensor<8x16xf32>
  %zero = arith.constant 0.0 : f32
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<?x16xf32>) -> tensor<?x16xf32>
  %z = linalg.matmul {ka.role = "projection"} ins(%x, %w : tensor<?x8xf32>, tensor<8x16xf32>) outs(%acc : tensor<?x16xf32>) -> tensor<?x16xf32>
  return %z : tensor<?x16xf32>
}

// min-size=100 keeps the 8x16 = 128 weights analog but not 16x2 = 32.
// MIN-LABEL: func.func @min_size
// MIN: aimc.matmul
func.func @min_size(%x: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.5> : tensor<8x16xf32>
  %e = tensor.empty() : tensor<4x16xf32>
  %z = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %z : tensor<4x16xf32>
}

// linalg.vecmat, linalg.contract and a matmul-like linalg.generic (here
// with a transposed batch operand) are contractions too.
// ALL-LABEL: func.func @vecmat
// ALL: %[[X:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0, 1]] output_shape [1, 3]
// ALL: aimc.matmul %[[X]], %{{.*}} : tensor<1x3xf32>, tensor<3x2xf32> -> tensor<1x2xf32>
// ALL: tensor.collapse_shape
// ALL: linalg.add
func.func @vecmat(%x: tensor<3xf32>, %acc: tensor<2xf32>) -> tensor<2xf32> {
  %a = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %y = linalg.vecmat ins(%x, %a : tensor<3xf32>, tensor<3x2xf32>) outs(%acc : tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// ALL-LABEL: func.func @contract
// ALL: aimc.matmul %{{.*}}, %{{.*}} : tensor<5x3xf32>, tensor<3x2xf32> -> tensor<5x2xf32>
// ALL-NOT: linalg.contract
func.func @contract(%x: tensor<5x3xf32>) -> tensor<5x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %e = tensor.empty() : tensor<5x2xf32>
  %y = linalg.contract indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%x, %w : tensor<5x3xf32>, tensor<3x2xf32>) outs(%e : tensor<5x2xf32>) -> tensor<5x2xf32>
  return %y : tensor<5x2xf32>
}

// ALL-LABEL: func.func @generic_matmul
// ALL: %[[XT:.*]] = linalg.transpose ins(%{{.*}} : tensor<3x5xf32>) {{.*}} permutation = [1, 0]
// ALL: aimc.matmul %[[XT]], %{{.*}} : tensor<5x3xf32>, tensor<3x2xf32> -> tensor<5x2xf32>
// ALL-NOT: linalg.generic
#gA = affine_map<(m, n, k) -> (k, m)>
#gB = affine_map<(m, n, k) -> (k, n)>
#gC = affine_map<(m, n, k) -> (m, n)>
func.func @generic_matmul(%x: tensor<3x5xf32>) -> tensor<5x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %e = tensor.empty() : tensor<5x2xf32>
  %y = linalg.generic {indexing_maps = [#gA, #gB, #gC], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<3x5xf32>, tensor<3x2xf32>) outs(%e : tensor<5x2xf32>) {
  ^bb0(%i: f32, %j: f32, %o: f32):
    %m = arith.mulf %i, %j : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<5x2xf32>
  return %y : tensor<5x2xf32>
}

// A dynamic contraction size is made static from the constant's shape.
// CHECK-LABEL: func.func @dynamic_k
// CHECK-SAME: (%[[X:.*]]: tensor<?x?xf32>
// CHECK: %[[XS:.*]] = tensor.cast %[[X]] : tensor<?x?xf32> to tensor<?x8xf32>
// CHECK: aimc.matmul %[[XS]], %{{.*}} : tensor<?x8xf32>, tensor<8x16xf32> -> tensor<?x16xf32>
func.func @dynamic_k(%x: tensor<?x?xf32>, %acc: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %w = arith.constant dense<0.5> : tensor<8x16xf32>
  %z = linalg.matmul {ka.role = "projection"} ins(%x, %w : tensor<?x?xf32>, tensor<8x16xf32>) outs(%acc : tensor<?x16xf32>) -> tensor<?x16xf32>
  return %z : tensor<?x16xf32>
}

// Named linalg feature maps and a broadcast bias in a linalg.generic.
// CHECK-LABEL: func.func @named_exp
// ALL-LABEL: func.func @named_exp
// CHECK: aimc.matmul
// CHECK-LABEL: func.func @elementwise_exp
// CHECK: aimc.matmul
// CHECK-LABEL: func.func @relu_max
// CHECK: aimc.matmul
// CHECK-LABEL: func.func @bias_generic_then_cos
// CHECK: aimc.matmul
func.func @named_exp(%x: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.5> : tensor<8x16xf32>
  %e = tensor.empty() : tensor<4x16xf32>
  %z = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %f = linalg.exp ins(%z : tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %f : tensor<4x16xf32>
}
func.func @elementwise_exp(%x: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.5> : tensor<8x16xf32>
  %e = tensor.empty() : tensor<4x16xf32>
  %z = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %f = linalg.elementwise kind=#linalg.elementwise_kind<exp> ins(%z : tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %f : tensor<4x16xf32>
}
func.func @relu_max(%x: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.5> : tensor<8x16xf32>
  %e = tensor.empty() : tensor<4x16xf32>
  %zero = arith.constant 0.0 : f32
  %zf = linalg.fill ins(%zero : f32) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %z = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%zf : tensor<4x16xf32>) -> tensor<4x16xf32>
  %f = linalg.max ins(%z, %zf : tensor<4x16xf32>, tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %f : tensor<4x16xf32>
}
func.func @bias_generic_then_cos(%x: tensor<4x8xf32>, %b: tensor<16xf32>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.5> : tensor<8x16xf32>
  %e = tensor.empty() : tensor<4x16xf32>
  %z = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x16xf32>) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%z, %b : tensor<4x16xf32>, tensor<16xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %t = arith.addf %a, %c : f32
    linalg.yield %t : f32
  } -> tensor<4x16xf32>
  %c = math.cos %s : tensor<4x16xf32>
  return %c : tensor<4x16xf32>
}
