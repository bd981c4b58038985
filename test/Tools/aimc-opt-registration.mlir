// aimc-opt parses and prints the upstream dialects aimc's pipelines use.
// RUN: aimc-opt %s | FileCheck %s
// RUN: aimc-opt --show-dialects | FileCheck %s --check-prefix=DIALECTS

// DIALECTS-DAG: aimc
// DIALECTS-DAG: arith
// DIALECTS-DAG: ka
// DIALECTS-DAG: linalg
// DIALECTS-DAG: math
// DIALECTS-DAG: tensor
// DIALECTS-DAG: llvm

// CHECK-LABEL: func.func @upstream
// CHECK: linalg.matmul
// CHECK: math.cos
func.func @upstream(%x: tensor<2x3xf32>, %w: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x4xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<2x4xf32>) -> tensor<2x4xf32>
  %z = linalg.matmul ins(%x, %w : tensor<2x3xf32>, tensor<3x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  %c = math.cos %z : tensor<2x4xf32>
  return %c : tensor<2x4xf32>
}
