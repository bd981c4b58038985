// A module already in the LLVM dialect is executed without lowering; its
// tensor-level signature comes from the aimc.entry_type attribute.

// RUN: rm -rf %t && mkdir -p %t
// RUN: aimc-opt %aimc_src_root/docs/examples/rff-classifier.mlir --aimc-lower-to-llvm -o %t/rff.llvm.mlir
// RUN: %python %S/Inputs/npy.py make %t/x.npy float32 4x3 --seed 5
// RUN: aimc-run %t/rff.llvm.mlir --entry=rff_classifier --input=%t/x.npy --output=%t/y.npy | FileCheck %s
// RUN: %python %S/Inputs/npy.py rff %t/x.npy %t/y.npy
// CHECK: outputs:     result0 float32[4x2] -> {{.*}}y.npy

// The signature is checked against the attribute, too.
// RUN: %python %S/Inputs/npy.py make %t/x5.npy float32 5x3
// RUN: not aimc-run %t/rff.llvm.mlir --entry=rff_classifier --input=%t/x5.npy --output=%t/bad.npy 2>&1 | FileCheck %s --check-prefix=SHAPE
// RUN: test ! -e %t/bad.npy
// SHAPE: aimc-run: error: input '{{.*}}x5.npy' for argument #0 of @rff_classifier: expected float32[4x3], got float32[5x3]

// Without the attribute (lowered without aimc-emit-c-interface), the
// signature is unknown.
// RUN: aimc-opt %aimc_src_root/docs/examples/rff-classifier.mlir '--aimc-lower-to-llvm=emit-c-interface=false' -o %t/bare.llvm.mlir
// RUN: not aimc-run %t/bare.llvm.mlir --entry=rff_classifier --input=%t/x.npy --output=%t/bad.npy 2>&1 | FileCheck %s --check-prefix=BARE
// RUN: test ! -e %t/bad.npy
// BARE: aimc-run: error: entry function @rff_classifier is an LLVM dialect function without the 'aimc.entry_type' attribute
