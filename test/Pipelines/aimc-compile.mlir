// RUN: aimc-opt %s --aimc-compile="lower-to-llvm=false" | FileCheck %s --check-prefix=TENSOR
// RUN: aimc-opt %s --aimc-compile | FileCheck %s --check-prefix=LLVM
// RUN: aimc-opt %s --aimc-compile="policy=all lower-to-llvm=false" | FileCheck %s --check-prefix=ALL
// RUN: aimc-opt %s --aimc-compile="min-size=100 lower-to-llvm=false count-digital=false" | FileCheck %s --check-prefix=MIN
// RUN: not aimc-opt %s --aimc-compile="chip={#aimc.chip<\"tiny\", cores = 2, rows = 2, cols = 4>}" 2>&1 | FileCheck %s --check-prefix=TOO-LARGE
// RUN: aimc-opt %s --aimc-compile="chip={#aimc.chip<\"tiny\", cores = 2, rows = 2, cols = 4>} chips=2 lower-to-llvm=false" | FileCheck %s --check-prefix=CHIPS
// RUN: aimc-opt %s --aimc-compile | FileCheck %s --check-prefix=POLY
// RUN: aimc-opt %s --aimc-compile="approximate-math=false" | FileCheck %s --check-prefix=LIBM

// The feature map's cos is an inline polynomial by default, a libm call
// (llvm.intr.cos) with approximate-math=false.
// POLY-LABEL: llvm.func @classifier
// POLY-NOT: llvm.intr.cos
// POLY: llvm.intr.fma
// POLY-LABEL: llvm.func @_mlir_ciface_classifier
// LIBM-LABEL: llvm.func @classifier
// LIBM: llvm.intr.cos

// Every stage stays runnable alone: the passes one by one give the same
// module as the pipeline.
// RUN: aimc-opt %s --aimc-compile -o %t.pipeline.mlir
// RUN: aimc-opt %s --aimc-set-chip --ka-lower --canonicalize --aimc-partition \
// RUN:   --aimc-tile --aimc-place --convert-aimc-to-runtime \
// RUN:   --aimc-count-digital-ops --aimc-lower-to-llvm -o %t.staged.mlir
// RUN: diff %t.pipeline.mlir %t.staged.mlir

// A ka model: the 2 -> 16 projection goes analog (one 2x16 tile on core 0),
// the feature map, the readout and the argmax stay digital and are counted.
// TENSOR: module attributes {aimc.analog_ops = [{name = "aimc-compile.mlir:{{[0-9]+}}:{{[0-9]+}}", tiles = array<i64: 0>}], aimc.chip = #aimc.chip<"hermes">, aimc.chip_utilization = {{.*}}, aimc.crossbars_used = 1 : i64, aimc.utilization = {{.*}}}
// TENSOR-NOT: ka.
// TENSOR-NOT: aimc.tile
// TENSOR-NOT: aimc.mvm
// TENSOR: memref.global "private" constant @aimc_tiles_weights : memref<32xf32>
// TENSOR-LABEL: func.func @classifier
// TENSOR: call @aimc_rt_mvm
// TENSOR: linalg.matmul
// TENSOR: call @aimc_rt_count_digital
// TENSOR: return
// TENSOR-LABEL: func.func @aimc_program_tiles()
// TENSOR: scf.for
// TENSOR: call @aimc_rt_configure_tile
// TENSOR: call @aimc_rt_program_tile

// LLVM-NOT: func.func
// LLVM-NOT: linalg.
// LLVM-NOT: aimc.tile
// LLVM: llvm.mlir.global private constant @aimc_tiles_weights
// LLVM: llvm.func private @aimc_rt_mvm(
// LLVM: llvm.call @_mlir_ciface_aimc_rt_mvm
// LLVM: llvm.func @classifier
// LLVM: llvm.call @aimc_rt_mvm(
// LLVM-COUNT-4: llvm.call @aimc_rt_count_digital
// LLVM: llvm.func @_mlir_ciface_classifier
// LLVM: llvm.func @aimc_program_tiles()
// LLVM: llvm.call @aimc_rt_configure_tile
// LLVM: llvm.call @aimc_rt_program_tile(
// LLVM: llvm.func @_mlir_ciface_aimc_program_tiles()

// With policy=all the readout (32 x 2 weights) is analog too.
// ALL: aimc.analog_ops = [{name = {{.*}}, tiles = array<i64: 0>}, {name = {{.*}}, tiles = array<i64: 1>}]
// ALL-COUNT-2: call @aimc_rt_mvm

// min-size=100 keeps the 2x16 projection (32 weights) digital.
// MIN-NOT: aimc.analog_ops
// MIN-NOT: aimc_rt
// MIN: linalg.matmul {{.*}} ins(%{{.*}}, %{{.*}} : tensor<4x2xf32>, tensor<2x16xf32>)

// On a chip of two 2x4 crossbars the 2x16 projection needs 4 blocks.
// TOO-LARGE: error: 'aimc.tile' op aimc-place: the model needs 4 crossbars but 1 chip(s) 'tiny' have 2 (2 cores each); it needs 2 chip(s) (aimc-place="chips=2")
// CHIPS: aimc.num_chips = 2
// CHIPS: memref.global "private" constant @aimc_tiles_table : memref<4x9xi64> = dense<{{\[\[}}0, 0, 0, 0, 2, 4, 0, 0, 0], [1, 1, 0, 0, 2, 4, 8, 0, 0], [2, 2, 0, 0, 2, 4, 16, 0, 0], [3, 3, 0, 0, 2, 4, 24, 0, 0]]>
func.func @classifier(%x: tensor<4x2xf32>) -> tensor<4xi64> {
  %omega = ka.sample_projection gaussian seed(7) : tensor<16x2xf32>
  %z = ka.projection %x, %omega : (tensor<4x2xf32>, tensor<16x2xf32>) -> tensor<4x16xf32>
  %phi = ka.rff %z gamma(1.0) : tensor<4x16xf32> -> tensor<4x32xf32>
  %w = arith.constant dense<0.5> : tensor<32x2xf32>
  %c = arith.constant dense<[-0.5, 1.5]> : tensor<2xf32>
  %y = ka.readout %phi, %w, %c : (tensor<4x32xf32>, tensor<32x2xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  %labels = ka.argmax %y : tensor<4x2xf32> -> tensor<4xi64>
  return %labels : tensor<4xi64>
}
