// chips * cores beyond int64_t: the placement saturates instead of
// wrapping around ("needs 0 crossbars ... have -64" before) and the
// utilizations stay small positive numbers.
// RUN: aimc-opt %s --aimc-place="chips=9223372036854775807" | FileCheck %s
// RUN: aimc-opt %s --aimc-place="chips=9223372036854775807 report=true" -o /dev/null 2>&1 | FileCheck %s --check-prefix=REPORT

// CHECK: module attributes {aimc.chip = #aimc.chip<"hermes">, aimc.chip_utilization = 6.61{{[0-9]*}}E-24 : f64, aimc.crossbars_used = 1 : i64, aimc.num_chips = 9223372036854775807 : i64, aimc.utilization = 3.906250e-03 : f64}
// CHECK: aimc.tile [0] %{{.*}} at <core = 0, row = 0, col = 0>
// REPORT: aimc-place: 1 blocks on 1 crossbar(s) of chip 'hermes' (64 cores of 256x256, 9223372036854775807 chip(s))
// REPORT: total: 256 of 65536 cells programmed, 0.39% of the crossbars used, 0.00% of the chip(s)
module {
  func.func @f() {
    %w = arith.constant dense<1.0> : tensor<16x16xf32>
    %t = aimc.tile [0] %w : tensor<16x16xf32> -> !aimc.tile<16x16>
    return
  }
}
