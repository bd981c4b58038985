// RUN: split-file %s %t
// RUN: aimc-opt %t/cores.mlir --aimc-place | FileCheck %t/cores.mlir
// RUN: aimc-opt %t/cores.mlir --aimc-place="report=true" -o /dev/null 2>&1 | FileCheck %t/cores.mlir --check-prefix=REPORT
// RUN: aimc-opt %t/packing.mlir --aimc-place | FileCheck %t/packing.mlir
// RUN: aimc-opt %t/too-large.mlir --aimc-place -verify-diagnostics
// RUN: aimc-opt %t/too-large.mlir --aimc-place="chips=3" | FileCheck %t/too-large.mlir --check-prefix=MULTI
// RUN: aimc-opt --aimc-tile --aimc-place %t/tiled.mlir | FileCheck %t/tiled.mlir
// RUN: aimc-opt %t/placed.mlir --aimc-place | FileCheck %t/placed.mlir
// RUN: %python %S/Inputs/gen-tiles.py 4096 | aimc-opt --aimc-place="chips=32" | FileCheck %s --check-prefix=MANY
// RUN: %python %S/Inputs/gen-tiles.py 4096 | not aimc-opt --aimc-place 2>&1 | FileCheck %s --check-prefix=MANYERR
// Every position, cross-checked against an independent re-implementation of
// the packing (Inputs/check-placement.py), which also checks for overlaps.
// RUN: %python %S/Inputs/gen-tiles.py 4096 | aimc-opt --aimc-place="chips=32" | %python %S/Inputs/check-placement.py 64 256 256 | FileCheck %s --check-prefix=ORACLE
// ORACLE: crossbars: 1167 used, 1167 by aimc-place
// ORACLE-NEXT: positions: 4096 of 4096 match
// RUN: aimc-opt %t/cores.mlir --aimc-place | %python %S/Inputs/check-placement.py 64 256 256 | FileCheck %s --check-prefix=ORACLE-CORES
// ORACLE-CORES: crossbars: 4 used, 4 by aimc-place
// ORACLE-CORES-NEXT: positions: 6 of 6 match

// 4096 blocks of random sizes (1..256 x 1..256) pack into 1167 crossbars,
// 88% of their cells programmed; one chip is not enough. The two positions
// below, and all others, agree with Inputs/check-placement.py.
// MANY: module attributes {aimc.chip = #aimc.chip<"hermes">, aimc.chip_utilization = {{.*}}, aimc.crossbars_used = 1167 : i64, aimc.num_chips = 32 : i64, aimc.utilization = 0.881{{[0-9]*}} : f64}
// MANY: %tile_p18_c9_r154_c0 = aimc.tile [4094] {{.*}} at <chip = 18, core = 9, row = 154, col = 0> : tensor<51x132xf32>
// MANY-NEXT: %tile_c7_r255_c174 = aimc.tile [4095] {{.*}} at <core = 7, row = 255, col = 174> : tensor<1x58xf32>
// MANYERR: error: 'aimc.tile' op aimc-place: the model needs 1167 crossbars but 1 chip(s) 'hermes' have 64 (64 cores each); it needs 19 chip(s) (aimc-place="chips=19")

//--- cores.mlir
// The blocks of a 300 x 600 matrix on HERMES: the two full blocks take a
// core each, the ragged ones share crossbars (shelf first-fit decreasing by
// rows): 256x88 and 44x88 side by side on core 2, the two 44x256 ones
// stacked on core 3.
// CHECK: module attributes {aimc.chip = #aimc.chip<"hermes">, aimc.chip_utilization = 0.042915{{[0-9]*}} : f64, aimc.crossbars_used = 4 : i64, aimc.utilization = 0.686645{{[0-9]*}} : f64}
// CHECK: aimc.tile [0] %{{.*}} at <core = 0, row = 0, col = 0> : tensor<256x256xf32>
// CHECK: aimc.tile [1] %{{.*}} at <core = 3, row = 0, col = 0> : tensor<44x256xf32>
// CHECK: aimc.tile [2] %{{.*}} at <core = 1, row = 0, col = 0> : tensor<256x256xf32>
// CHECK: aimc.tile [3] %{{.*}} at <core = 3, row = 44, col = 0> : tensor<44x256xf32>
// CHECK: aimc.tile [4] %{{.*}} at <core = 2, row = 0, col = 0> : tensor<256x88xf32>
// CHECK: aimc.tile [5] %{{.*}} at <core = 2, row = 0, col = 88> : tensor<44x88xf32>

// REPORT: aimc-place: 6 blocks on 4 crossbar(s) of chip 'hermes' (64 cores of 256x256, 1 chip(s))
// REPORT-NEXT: chip  core  blocks  used cells  utilization
// REPORT-NEXT:    0     0       1       65536      100.00%
// REPORT-NEXT:    0     1       1       65536      100.00%
// REPORT-NEXT:    0     2       2       26400       40.28%
// REPORT-NEXT:    0     3       2       22528       34.38%
// REPORT-NEXT: total: 180000 of 262144 cells programmed, 68.66% of the crossbars used, 4.29% of the chip(s)
func.func @blocks() {
  %a = arith.constant dense<1.0> : tensor<256x256xf32>
  %b = arith.constant dense<1.0> : tensor<44x256xf32>
  %c = arith.constant dense<1.0> : tensor<256x88xf32>
  %d = arith.constant dense<1.0> : tensor<44x88xf32>
  %t0 = aimc.tile [0] %a : tensor<256x256xf32> -> !aimc.tile<256x256>
  %t1 = aimc.tile [1] %b : tensor<44x256xf32> -> !aimc.tile<44x256>
  %t2 = aimc.tile [2] %a : tensor<256x256xf32> -> !aimc.tile<256x256>
  %t3 = aimc.tile [3] %b : tensor<44x256xf32> -> !aimc.tile<44x256>
  %t4 = aimc.tile [4] %c : tensor<256x88xf32> -> !aimc.tile<256x88>
  %t5 = aimc.tile [5] %d : tensor<44x88xf32> -> !aimc.tile<44x88>
  return
}

//--- packing.mlir
// Sixteen 64x64 blocks (in two functions) fill exactly one crossbar: four
// shelves of four.
// CHECK: aimc.crossbars_used = 1 : i64, aimc.utilization = 1.000000e+00 : f64
// CHECK-COUNT-4: at <core = 0, row = 0, col = {{0|64|128|192}}>
// CHECK-COUNT-4: at <core = 0, row = 64, col = {{0|64|128|192}}>
// CHECK-COUNT-4: at <core = 0, row = 128, col = {{0|64|128|192}}>
// CHECK-COUNT-4: at <core = 0, row = 192, col = {{0|64|128|192}}>
// CHECK-NOT: at <
func.func @first() {
  %w = arith.constant dense<1.0> : tensor<64x64xf32>
  %t0 = aimc.tile [0] %w : tensor<64x64xf32> -> !aimc.tile<64x64>
  %t1 = aimc.tile [1] %w : tensor<64x64xf32> -> !aimc.tile<64x64>
  %t2 = aimc.tile [2] %w : tensor<64x64xf32> -> !aimc.tile<64x64>
  %t3 = aimc.tile [3] %w : tensor<64x64xf32> -> !aimc.tile<64x64>
  %t4 = aimc.tile [4] %w : tensor<64x64xf32> -> !aimc.tile<64x64>
  %t5 = aimc.tile [5] %w : tensor<64x64xf32> -> !aimc.tile<64x64>
  %t6 = aimc.tile [6] %w : tensor<64x64xf32> -> !aimc.tile<64x64>
  %t7 = aimc.tile [7] %w : tensor<64x64xf32> -> !aimc.tile<64x64>
  return
}
func.func @second() {
  %w = arith.constant dense<1.0> : tensor<64x64xf32>
  %t8 = aimc.tile [8] %w : tensor<64x64xf32> -> !aimc.tile<64x64>
  %t9 = aimc.tile [9] %w : tensor<64x64xf32> -> !aimc.tile<64x64>
  %t10 = aimc.tile [10] %w : tensor<64x64xf32> -> !aimc.tile<64x64>
  %t11 = aimc.tile [11] %w : tensor<64x64xf32> -> !aimc.tile<64x64>
  %t12 = aimc.tile [12] %w : tensor<64x64xf32> -> !aimc.tile<64x64>
  %t13 = aimc.tile [13] %w : tensor<64x64xf32> -> !aimc.tile<64x64>
  %t14 = aimc.tile [14] %w : tensor<64x64xf32> -> !aimc.tile<64x64>
  %t15 = aimc.tile [15] %w : tensor<64x64xf32> -> !aimc.tile<64x64>
  return
}

//--- too-large.mlir
// Five full blocks on a two-core chip need three chips; with chips=3 they
// spread over them.
// MULTI: module attributes {aimc.chip = #aimc.chip<"duo", cores = 2, rows = 4, cols = 4>, aimc.chip_utilization = {{.*}}, aimc.crossbars_used = 5 : i64, aimc.num_chips = 3 : i64
// MULTI: aimc.tile [0] %{{.*}} at <core = 0, row = 0, col = 0>
// MULTI: aimc.tile [1] %{{.*}} at <core = 1, row = 0, col = 0>
// MULTI: aimc.tile [2] %{{.*}} at <chip = 1, core = 0, row = 0, col = 0>
// MULTI: aimc.tile [3] %{{.*}} at <chip = 1, core = 1, row = 0, col = 0>
// MULTI: aimc.tile [4] %{{.*}} at <chip = 2, core = 0, row = 0, col = 0>
module attributes {aimc.chip = #aimc.chip<"duo", cores = 2, rows = 4, cols = 4>} {
  func.func @model() {
    %w = arith.constant dense<1.0> : tensor<4x4xf32>
    %t0 = aimc.tile [0] %w : tensor<4x4xf32> -> !aimc.tile<4x4>
    %t1 = aimc.tile [1] %w : tensor<4x4xf32> -> !aimc.tile<4x4>
    // expected-error @+1 {{aimc-place: the model needs 5 crossbars but 1 chip(s) 'duo' have 2 (2 cores each); it needs 3 chip(s) (aimc-place="chips=3")}}
    %t2 = aimc.tile [2] %w : tensor<4x4xf32> -> !aimc.tile<4x4>
    %t3 = aimc.tile [3] %w : tensor<4x4xf32> -> !aimc.tile<4x4>
    %t4 = aimc.tile [4] %w : tensor<4x4xf32> -> !aimc.tile<4x4>
    return
  }
}

//--- tiled.mlir
// aimc-tile then aimc-place on a chip with 64 x 32 crossbars: a 100 x 40
// matrix gives the blocks [0] 64x32, [1] 36x32, [2] 64x8, [3] 36x8. The
// 36x8 block shares the crossbar of the 64x8 one.
// CHECK: aimc.crossbars_used = 3 : i64
// CHECK: aimc.tile [0] %{{.*}} at <core = 0, row = 0, col = 0> : tensor<64x32xf32>
// CHECK: aimc.tile [1] %{{.*}} at <core = 2, row = 0, col = 0> : tensor<36x32xf32>
// CHECK: aimc.tile [2] %{{.*}} at <core = 1, row = 0, col = 0> : tensor<64x8xf32>
// CHECK: aimc.tile [3] %{{.*}} at <core = 1, row = 0, col = 8> : tensor<36x8xf32>
module attributes {aimc.chip = #aimc.chip<"narrow", rows = 64, cols = 32>} {
  func.func @model(%x: tensor<3x100xf32>) -> tensor<3x40xf32> {
    %w = arith.constant dense<1.0> : tensor<100x40xf32>
    %y = aimc.matmul %x, %w : tensor<3x100xf32>, tensor<100x40xf32> -> tensor<3x40xf32>
    return %y : tensor<3x40xf32>
  }
}

//--- placed.mlir
// Tiles that are all placed keep their placements (packing would put both
// blocks on core 0); no utilization attributes are computed.
// CHECK: module {
// CHECK: aimc.tile [0] %{{.*}} at <core = 3, row = 0, col = 0>
// CHECK: aimc.tile [1] %{{.*}} at <core = 7, row = 64, col = 32>
func.func @placed() {
  %w = arith.constant dense<1.0> : tensor<64x64xf32>
  %t0 = aimc.tile [0] %w at <core = 3, row = 0, col = 0> : tensor<64x64xf32> -> !aimc.tile<64x64>
  %t1 = aimc.tile [1] %w at <core = 7, row = 64, col = 32> : tensor<64x64xf32> -> !aimc.tile<64x64>
  return
}
