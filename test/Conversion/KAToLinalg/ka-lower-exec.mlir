// Executes the IR produced by ka-lower (bufferized and lowered to LLVM,
// run by mlir-runner) and compares every result with a float64 NumPy
// reference of the op's formula (Inputs/ka_reference.py reads the inputs
// below and the sampled Omega printed first).
// REQUIRES: mlir-runner
// RUN: aimc-opt %s --ka-lower --one-shot-bufferize=bufferize-function-boundaries \
// RUN:   --convert-linalg-to-loops --convert-scf-to-cf --expand-strided-metadata \
// RUN:   --lower-affine --finalize-memref-to-llvm --convert-math-to-llvm \
// RUN:   --convert-arith-to-llvm --convert-func-to-llvm --convert-cf-to-llvm \
// RUN:   --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils > %t.out
// RUN: %python %S/Inputs/ka_reference.py %s %t.out | FileCheck %s

// CHECK: omega: orthogonal rows ok
// CHECK: projection: ok
// CHECK: rff: ok
// CHECK: rff_cos: ok
// CHECK: arccos0: ok
// CHECK: arccos1: ok
// CHECK: arccos2: ok
// CHECK: favor_plus: ok
// CHECK: readout: ok
// CHECK: argmax: ok
// CHECK: binary_decision: ok [0, 1, 0, 1, 0]
// CHECK: attention_favor: ok
// CHECK: attention_relu: ok
// CHECK: all 13 results match

func.func private @printMemrefF32(memref<*xf32>)
func.func private @printMemrefI64(memref<*xi64>)

func.func @printF32(%t: tensor<?x?xf32>) {
  %m = bufferization.to_buffer %t : tensor<?x?xf32> to memref<?x?xf32>
  %u = memref.cast %m : memref<?x?xf32> to memref<*xf32>
  call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  return
}

func.func @printI64(%t: tensor<?xi64>) {
  %m = bufferization.to_buffer %t : tensor<?xi64> to memref<?xi64>
  %u = memref.cast %m : memref<?xi64> to memref<*xi64>
  call @printMemrefI64(%u) : (memref<*xi64>) -> ()
  return
}

func.func @main() {
  %x = arith.constant dense<[[0.5, -1.0, 0.25], [1.5, 0.75, -0.5], [-0.25, 1.0, 1.25], [0.0, -0.5, 2.0]]> : tensor<4x3xf32>
  %b = arith.constant dense<[0.1, 2.0, 3.5, 6.0, 0.7, 1.3, 4.4, 5.9]> : tensor<8xf32>
  %w = arith.constant dense<[[0.1, -0.2, 0.3], [0.4, 0.5, -0.6], [-0.7, 0.8, 0.9], [1.0, -1.1, 1.2],
                             [0.3, 0.2, 0.1], [-0.4, 0.6, 0.2], [0.9, -0.3, 0.5], [0.2, 0.2, -0.8],
                             [0.5, 0.1, 0.0], [-0.1, 0.7, 0.3], [0.6, -0.5, 0.4], [0.0, 0.9, -0.2],
                             [0.8, 0.4, 0.6], [-0.9, 0.1, 0.7], [0.3, -0.6, 0.2], [0.1, 0.3, 0.9]]> : tensor<16x3xf32>
  %c = arith.constant dense<[0.05, -0.1, 0.2]> : tensor<3xf32>
  %scores = arith.constant dense<[[-0.3], [0.5], [0.49], [1.7], [0x7FC00000]]> : tensor<5x1xf32>
  %k = arith.constant dense<[[0.2, 0.1, -0.3], [-0.5, 0.4, 0.6], [0.9, -0.2, 0.1], [0.3, 0.3, 0.3], [-0.1, -0.7, 0.2]]> : tensor<5x3xf32>
  %v = arith.constant dense<[[1.0, 0.0], [0.0, 1.0], [0.5, -0.5], [2.0, 1.0], [-1.0, 3.0]]> : tensor<5x2xf32>

  %omega = ka.sample_projection orthogonal seed(3) : tensor<8x3xf32>
  %z = ka.projection %x, %omega : (tensor<4x3xf32>, tensor<8x3xf32>) -> tensor<4x8xf32>
  %zb = ka.projection %x, %omega, %b : (tensor<4x3xf32>, tensor<8x3xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %rff = ka.rff %z gamma(0.7) : tensor<4x8xf32> -> tensor<4x16xf32>
  %cos = ka.rff_cos %z, %b gamma(0.7) : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xf32>
  %a0 = ka.arccos %z order(0) : tensor<4x8xf32> -> tensor<4x8xf32>
  %a1 = ka.arccos %z order(1) : tensor<4x8xf32> -> tensor<4x8xf32>
  %a2 = ka.arccos %z order(2) : tensor<4x8xf32> -> tensor<4x8xf32>
  %favor = ka.favor_plus %z, %x : tensor<4x8xf32>, tensor<4x3xf32> -> tensor<4x16xf32>
  %y = ka.readout %rff, %w, %c : (tensor<4x16xf32>, tensor<16x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %labels = ka.argmax %y : tensor<4x3xf32> -> tensor<4xi64>
  %binary = ka.binary_decision %scores : tensor<5x1xf32> -> tensor<5xi64>
  %att = ka.linear_attention %x, %k, %v, %omega feature_map = favor_positive
      : (tensor<4x3xf32>, tensor<5x3xf32>, tensor<5x2xf32>, tensor<8x3xf32>) -> tensor<4x2xf32>
  %relu = ka.linear_attention %x, %k, %v, %omega feature_map = relu {epsilon = 1.0e-3 : f32}
      : (tensor<4x3xf32>, tensor<5x3xf32>, tensor<5x2xf32>, tensor<8x3xf32>) -> tensor<4x2xf32>

  %omega_d = tensor.cast %omega : tensor<8x3xf32> to tensor<?x?xf32>
  call @printF32(%omega_d) : (tensor<?x?xf32>) -> ()
  %zb_d = tensor.cast %zb : tensor<4x8xf32> to tensor<?x?xf32>
  call @printF32(%zb_d) : (tensor<?x?xf32>) -> ()
  %rff_d = tensor.cast %rff : tensor<4x16xf32> to tensor<?x?xf32>
  call @printF32(%rff_d) : (tensor<?x?xf32>) -> ()
  %cos_d = tensor.cast %cos : tensor<4x8xf32> to tensor<?x?xf32>
  call @printF32(%cos_d) : (tensor<?x?xf32>) -> ()
  %a0_d = tensor.cast %a0 : tensor<4x8xf32> to tensor<?x?xf32>
  call @printF32(%a0_d) : (tensor<?x?xf32>) -> ()
  %a1_d = tensor.cast %a1 : tensor<4x8xf32> to tensor<?x?xf32>
  call @printF32(%a1_d) : (tensor<?x?xf32>) -> ()
  %a2_d = tensor.cast %a2 : tensor<4x8xf32> to tensor<?x?xf32>
  call @printF32(%a2_d) : (tensor<?x?xf32>) -> ()
  %favor_d = tensor.cast %favor : tensor<4x16xf32> to tensor<?x?xf32>
  call @printF32(%favor_d) : (tensor<?x?xf32>) -> ()
  %y_d = tensor.cast %y : tensor<4x3xf32> to tensor<?x?xf32>
  call @printF32(%y_d) : (tensor<?x?xf32>) -> ()
  %labels_d = tensor.cast %labels : tensor<4xi64> to tensor<?xi64>
  call @printI64(%labels_d) : (tensor<?xi64>) -> ()
  %binary_d = tensor.cast %binary : tensor<5xi64> to tensor<?xi64>
  call @printI64(%binary_d) : (tensor<?xi64>) -> ()
  %att_d = tensor.cast %att : tensor<4x2xf32> to tensor<?x?xf32>
  call @printF32(%att_d) : (tensor<?x?xf32>) -> ()
  %relu_d = tensor.cast %relu : tensor<4x2xf32> to tensor<?x?xf32>
  call @printF32(%relu_d) : (tensor<?x?xf32>) -> ()
  return
}
