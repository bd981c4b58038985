// Crashes aimc-ir-fuzzer found (docs/Reliability.md), each now a clear
// error. MLIR 22's linalg.transpose parser dereferenced a null attribute
// on a permutation that is not a [...] list (SIGSEGV in aimc-opt and in
// Python's aimc.compile).
// RUN: not aimc-opt %s 2>&1 | FileCheck %s
// RUN: not aimc-run %s --entry=f 2>&1 | FileCheck %s
// CHECK: aimc-opt-fuzz-crashes.mlir:11:{{[0-9]+}}: error: 'permutation =' must be followed by a '[...]' list of integers (MLIR 22's linalg parsers crash on anything else)

func.func @f(%x: tensor<2x3xf32>, %e: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %t = linalg.transpose ins(%x : tensor<2x3xf32>) outs(%e : tensor<3x2xf32>)
      permutation = 0
  return %t : tensor<3x2xf32>
}
