// RUN: aimc-opt %s --aimc-compile -o %t.mlir
// RUN: FileCheck %s --check-prefix=IR < %t.mlir
// RUN: mlir-translate --allow-unregistered-dialect --mlir-to-llvmir %t.mlir \
// RUN:   | opt -O3 -mtriple=x86_64-unknown-linux-gnu -mcpu=x86-64-v3 \
// RUN:       -pass-remarks=loop-vectorize -pass-remarks-missed=loop-vectorize \
// RUN:       -pass-remarks-analysis=loop-vectorize -disable-output 2>&1 \
// RUN:   | FileCheck %s --check-prefix=VEC

// Regression test for the digital loops of an RFF model (the speed.py
// letter workload's shapes, smaller): after the lowering, LLVM's loop
// vectoriser must vectorise the fused cos/sin loop, which reads the
// two-column table of aimc-approximate-math's exact range reduction at a
// computed index. With memref.alloc lowered to malloc plus an aligned
// pointer computed through ptrtoint/inttoptr, alias analysis could not tell
// the buffers from the constant table and the loop stayed scalar
// ("cannot identify array bounds"), halving the speed of predict.

// Buffers come from aligned_alloc, with no integer round trip of pointers;
// the sin half is copied by loops, not by memrefCopy (one call per
// element).
// IR-LABEL: llvm.func @features
// IR: llvm.call @aligned_alloc
// IR-NOT: llvm.inttoptr
// IR-NOT: memrefCopy
// IR-LABEL: llvm.func @_mlir_ciface_features

// VEC-NOT: cannot identify array bounds
// VEC: remark: {{.*}} vectorized loop
// VEC-NOT: cannot identify array bounds
func.func @features(%x: tensor<64x16xf32>) -> tensor<64x192xf32> {
  %omega = ka.sample_projection truncated_gaussian seed(0) : tensor<96x16xf32>
  %z = ka.projection %x, %omega : (tensor<64x16xf32>, tensor<96x16xf32>) -> tensor<64x96xf32>
  %phi = ka.rff %z gamma(0.05) : tensor<64x96xf32> -> tensor<64x192xf32>
  return %phi : tensor<64x192xf32>
}
