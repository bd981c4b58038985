// Every aimc op, type and attribute parses and prints, in custom and generic
// form and through bytecode.
// RUN: aimc-opt %s | FileCheck %s
// RUN: aimc-opt %s --mlir-print-op-generic | aimc-opt | FileCheck %s
// RUN: aimc-opt %s --emit-bytecode | aimc-opt | FileCheck %s
// RUN: aimc-opt %s | aimc-opt | FileCheck %s

// CHECK: module attributes {aimc.chip = #aimc.chip<"small", cores = 4, rows = 64, cols = 32, adc_bits = 6, one_phase_latency_ns = 50.0>, aimc.num_chips = 2 : i64}
module attributes {aimc.chip = #aimc.chip<"small", rows = 64, cols = 32, cores = 4, adc_bits = 6, one_phase_latency_ns = 50.0>, aimc.num_chips = 2 : i64} {

// CHECK-LABEL: func.func @all_ops
// CHECK-SAME: (%[[X:.*]]: tensor<4x64xf32>, %[[Y:.*]]: tensor<?x64xf32>)
func.func @all_ops(%x: tensor<4x64xf32>, %xd: tensor<?x64xf32>) -> (tensor<4x32xf32>, tensor<?x32xf32>) {
  // CHECK: %[[W:.*]] = arith.constant
  %w = arith.constant dense<0.5> : tensor<64x32xf32>
  // CHECK: %analog = aimc.matmul %[[X]], %[[W]] : tensor<4x64xf32>, tensor<64x32xf32> -> tensor<4x32xf32>
  %m = aimc.matmul %x, %w : tensor<4x64xf32>, tensor<64x32xf32> -> tensor<4x32xf32>
  // CHECK: %analog_0 = aimc.matmul %[[X]], %[[W]] config <calibration = fixed, input_range = 3.5, noise_scale = 0.0> :
  %m2 = aimc.matmul %x, %w config <calibration = fixed, input_range = 3.5, noise_scale = 0.0> : tensor<4x64xf32>, tensor<64x32xf32> -> tensor<4x32xf32>
  // CHECK: %tile7 = aimc.tile [7] %[[W]] : tensor<64x32xf32> -> !aimc.tile<64x32>
  %t = aimc.tile [7] %w : tensor<64x32xf32> -> !aimc.tile<64x32>
  // CHECK: %tile_c3_r0_c0 = aimc.tile [1] %[[W]] at <core = 3, row = 0, col = 0> : tensor<64x32xf32> -> !aimc.tile<64x32>
  %tp = aimc.tile [1] %w at <core = 3, row = 0, col = 0> : tensor<64x32xf32> -> !aimc.tile<64x32>
  // CHECK: %tile_p1_c0_r0_c0 = aimc.tile [2] %[[W]] at <chip = 1, core = 0, row = 0, col = 0>
  %tc = aimc.tile [2] %w at <chip = 1, core = 0, row = 0, col = 0> : tensor<64x32xf32> -> !aimc.tile<64x32>
  // CHECK: %mvm = aimc.mvm %tile7(%[[X]]) : !aimc.tile<64x32>, tensor<4x64xf32> -> tensor<4x32xf32>
  %y0 = aimc.mvm %t(%x) : !aimc.tile<64x32>, tensor<4x64xf32> -> tensor<4x32xf32>
  // CHECK: %mvm_1 = aimc.mvm %tile_c3_r0_c0(%[[X]]) config <mode = four_phase, calibration = percentile, percentile = 99.9> :
  %y1 = aimc.mvm %tp(%x) config <mode = four_phase, calibration = percentile, percentile = 99.9> : !aimc.tile<64x32>, tensor<4x64xf32> -> tensor<4x32xf32>
  // CHECK: %mvm_2 = aimc.mvm %tile_p1_c0_r0_c0(%[[Y]]) : !aimc.tile<64x32>, tensor<?x64xf32> -> tensor<?x32xf32>
  %y2 = aimc.mvm %tc(%xd) : !aimc.tile<64x32>, tensor<?x64xf32> -> tensor<?x32xf32>
  // CHECK: %acc = aimc.accumulate %mvm, %mvm_1, %analog, %analog_0 : tensor<4x32xf32>
  %s = aimc.accumulate %y0, %y1, %m, %m2 : tensor<4x32xf32>
  return %s, %y2 : tensor<4x32xf32>, tensor<?x32xf32>
}

// The default configuration prints as the empty list when spelled out.
// CHECK-LABEL: func.func @attributes
// CHECK-SAME: cfg = #aimc.mvm_config<>
// CHECK-SAME: hermes = #aimc.chip<"hermes">
// CHECK-SAME: place = #aimc.placement<core = 63, row = 255, col = 7>
func.func @attributes() attributes {
    cfg = #aimc.mvm_config<mode = one_phase, calibration = max_abs, percentile = 99.995, input_range = 1.0, noise_scale = 1.0>,
    hermes = #aimc.chip<"hermes", cores = 64, rows = 256, cols = 256, dac_bits = 8, adc_bits = 8, devices_per_weight = 4, one_phase_latency_ns = 133.0, one_phase_energy_nj = 13.43, four_phase_latency_ns = 521.0, four_phase_energy_nj = 52.85>,
    place = #aimc.placement<chip = 0, core = 63, row = 255, col = 7>} {
  return
}

}
