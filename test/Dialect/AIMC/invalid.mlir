// One case per verifier error of the aimc dialect.
// RUN: aimc-opt %s -split-input-file -verify-diagnostics

func.func @block_too_large() {
  %w = arith.constant dense<1.0> : tensor<300x16xf32>
  // expected-error @+1 {{weight block of 300x16 does not fit a 256x256 crossbar of chip 'hermes'}}
  %t = aimc.tile [0] %w : tensor<300x16xf32> -> !aimc.tile<300x16>
  return
}

// -----

module attributes {aimc.chip = #aimc.chip<"small", cores = 2, rows = 64, cols = 64>} {
  func.func @block_too_large_for_chip_attr() {
    %w = arith.constant dense<1.0> : tensor<64x65xf32>
    // expected-error @+1 {{weight block of 64x65 does not fit a 64x64 crossbar of chip 'small'}}
    %t = aimc.tile [0] %w : tensor<64x65xf32> -> !aimc.tile<64x65>
    return
  }
}

// -----

func.func @core_out_of_range() {
  %w = arith.constant dense<1.0> : tensor<16x16xf32>
  // expected-error @+1 {{placed on core 64 but chip 'hermes' has 64 cores}}
  %t = aimc.tile [0] %w at <core = 64, row = 0, col = 0> : tensor<16x16xf32> -> !aimc.tile<16x16>
  return
}

// -----

func.func @chip_out_of_range() {
  %w = arith.constant dense<1.0> : tensor<16x16xf32>
  // expected-error @+1 {{placed on chip 1 but the module spreads over 1 chip(s)}}
  %t = aimc.tile [0] %w at <chip = 1, core = 0, row = 0, col = 0> : tensor<16x16xf32> -> !aimc.tile<16x16>
  return
}

// -----

func.func @offsets_out_of_range() {
  %w = arith.constant dense<1.0> : tensor<16x16xf32>
  // expected-error @+1 {{weight block of 16x16 at row 250, column 0 exceeds the 256x256 crossbar}}
  %t = aimc.tile [0] %w at <core = 0, row = 250, col = 0> : tensor<16x16xf32> -> !aimc.tile<16x16>
  return
}

// -----

func.func @negative_offset() {
  %w = arith.constant dense<1.0> : tensor<16x16xf32>
  // expected-error @+1 {{#aimc.placement fields must be non-negative}}
  %t = aimc.tile [0] %w at <core = 0, row = -1, col = 0> : tensor<16x16xf32> -> !aimc.tile<16x16>
  return
}

// -----

func.func @overlapping_blocks() {
  %w = arith.constant dense<1.0> : tensor<128x128xf32>
  // expected-note @+1 {{the other tile}}
  %a = aimc.tile [0] %w at <core = 5, row = 0, col = 0> : tensor<128x128xf32> -> !aimc.tile<128x128>
  // Same rows, disjoint columns: fine.
  %b = aimc.tile [1] %w at <core = 5, row = 0, col = 128> : tensor<128x128xf32> -> !aimc.tile<128x128>
  // Same rectangle on another core: fine.
  %c = aimc.tile [2] %w at <core = 6, row = 64, col = 64> : tensor<128x128xf32> -> !aimc.tile<128x128>
  // expected-error @+1 {{block of tile 3 (rows [64, 192), cols [64, 192)) overlaps tile 0 (rows [0, 128), cols [0, 128)) on core 5}}
  %d = aimc.tile [3] %w at <core = 5, row = 64, col = 64> : tensor<128x128xf32> -> !aimc.tile<128x128>
  return
}

// -----

func.func @duplicate_tile_id() {
  %w = arith.constant dense<1.0> : tensor<16x16xf32>
  // expected-note @+1 {{first use of the id}}
  %a = aimc.tile [4] %w : tensor<16x16xf32> -> !aimc.tile<16x16>
  // expected-error @+1 {{tile id 4 is already used}}
  %b = aimc.tile [4] %w : tensor<16x16xf32> -> !aimc.tile<16x16>
  return
}

// -----

func.func @tile_type_mismatch() {
  %w = arith.constant dense<1.0> : tensor<16x16xf32>
  // expected-error @+1 {{tile type '!aimc.tile<16x8>' does not match the 16x16 weight block}}
  %t = aimc.tile [0] %w : tensor<16x16xf32> -> !aimc.tile<16x8>
  return
}

// -----

func.func @non_constant_tile_weights(%w: tensor<16x16xf32>) {
  // expected-error @+1 {{weights must be a compile-time constant}}
  %t = aimc.tile [0] %w : tensor<16x16xf32> -> !aimc.tile<16x16>
  return
}

// -----

func.func @non_constant_matmul_weights(%x: tensor<2x16xf32>, %w: tensor<16x8xf32>) {
  // expected-error @+1 {{weights must be a compile-time constant}}
  %y = aimc.matmul %x, %w : tensor<2x16xf32>, tensor<16x8xf32> -> tensor<2x8xf32>
  return
}

// -----

func.func @matmul_inner_mismatch(%x: tensor<2x15xf32>) {
  %w = arith.constant dense<1.0> : tensor<16x8xf32>
  // expected-error @+1 {{input has 15 columns but the weight matrix has 16 rows}}
  %y = aimc.matmul %x, %w : tensor<2x15xf32>, tensor<16x8xf32> -> tensor<2x8xf32>
  return
}

// -----

func.func @mvm_input_mismatch(%x: tensor<2x15xf32>) {
  %w = arith.constant dense<1.0> : tensor<16x8xf32>
  %t = aimc.tile [0] %w : tensor<16x8xf32> -> !aimc.tile<16x8>
  // expected-error @+1 {{input has 15 columns but the tile has 16 rows}}
  %y = aimc.mvm %t(%x) : !aimc.tile<16x8>, tensor<2x15xf32> -> tensor<2x8xf32>
  return
}

// -----

func.func @mvm_output_mismatch(%x: tensor<2x16xf32>) {
  %w = arith.constant dense<1.0> : tensor<16x8xf32>
  %t = aimc.tile [0] %w : tensor<16x8xf32> -> !aimc.tile<16x8>
  // expected-error @+1 {{result has 9 columns but the tile has 8 columns}}
  %y = aimc.mvm %t(%x) : !aimc.tile<16x8>, tensor<2x16xf32> -> tensor<2x9xf32>
  return
}

// -----

func.func @mvm_batch_mismatch(%x: tensor<2x16xf32>) {
  %w = arith.constant dense<1.0> : tensor<16x8xf32>
  %t = aimc.tile [0] %w : tensor<16x8xf32> -> !aimc.tile<16x8>
  // expected-error @+1 {{result batch size 3 differs from the input batch size 2}}
  %y = aimc.mvm %t(%x) : !aimc.tile<16x8>, tensor<2x16xf32> -> tensor<3x8xf32>
  return
}

// -----

func.func @accumulate_shape_mismatch(%a: tensor<2x8xf32>, %b: tensor<2x7xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %s = "aimc.accumulate"(%a, %b) : (tensor<2x8xf32>, tensor<2x7xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @accumulate_nothing() {
  // expected-error @+1 {{expected 1 or more operands, but found 0}}
  %s = "aimc.accumulate"() : () -> tensor<2x8xf32>
  return
}

// -----

// expected-error @+1 {{invalid #aimc.chip<"bad">: cores must be in [1, 65536], got 0}}
module attributes {aimc.chip = #aimc.chip<"bad", cores = 0>} {}

// -----

// expected-error @+1 {{invalid #aimc.chip<"odd">: devices_per_weight must be even (G+ and G-), got 3}}
module attributes {aimc.chip = #aimc.chip<"odd", devices_per_weight = 3>} {}

// -----

// Every value is checked against its range as it is parsed, so products of
// the geometry cannot overflow.
// expected-error @+1 {{invalid #aimc.chip<"hermes">: cores must be in [1, 65536], got 9223372036854775807}}
module attributes {aimc.chip = #aimc.chip<"hermes", cores = 9223372036854775807>} {}

// -----

// expected-error @+1 {{invalid #aimc.chip<"hermes">: read_noise_scale must be in [0.0, 1000.0], got -1.0}}
module attributes {aimc.chip = #aimc.chip<"hermes", read_noise_scale = -1.0>} {}

// -----

// expected-error @+1 {{expected none, pcm, hermes for 'noise_model'}}
module attributes {aimc.chip = #aimc.chip<"hermes", noise_model = gaussian>} {}

// -----

// expected-error @+1 {{expected true or false for 'drift'}}
module attributes {aimc.chip = #aimc.chip<"hermes", drift = yes>} {}

// -----

// expected-error @+1 {{unknown #aimc.chip key 'adc'; expected one of cores, rows, cols}}
module attributes {aimc.chip = #aimc.chip<"hermes", adc = 4>} {}

// -----

// expected-error @+1 {{unknown #aimc.chip key 'layers'}}
module attributes {aimc.chip = #aimc.chip<"hermes", layers = 3>} {}

// -----

// expected-error @+1 {{duplicate key 'rows'}}
module attributes {aimc.chip = #aimc.chip<"hermes", rows = 3, rows = 4>} {}

// -----

// expected-error @+1 {{'aimc.chip' must be a #aimc.chip attribute, got 5 : i64}}
module attributes {aimc.chip = 5 : i64} {}

// -----

// expected-error @+1 {{'aimc.chip' may only be attached to a builtin.module}}
func.func @chip_on_function() attributes {aimc.chip = #aimc.chip<"hermes">} {
  return
}

// -----

// expected-error @+1 {{'aimc.num_chips' must be a positive integer, got 0 : i64}}
module attributes {aimc.num_chips = 0 : i64} {}

// -----

// expected-error @+1 {{#aimc.mvm_config percentile must be in (0, 100]}}
func.func @bad_percentile() attributes {cfg = #aimc.mvm_config<percentile = 101.0>} {
  return
}

// -----

// expected-error @+1 {{#aimc.mvm_config input_range must be positive}}
func.func @bad_input_range() attributes {cfg = #aimc.mvm_config<calibration = fixed, input_range = 0.0>} {
  return
}

// -----

// Positive as a double, 0 as the executor's float32 (found by
// aimc-capi-fuzzer through the C API).
// expected-error @+1 {{#aimc.mvm_config input_range must be positive, in [1.17549e-38, 1e12] (float32), got 9.99}}
func.func @tiny_input_range() attributes {cfg = #aimc.mvm_config<calibration = fixed, input_range = 1.0e-320>} {
  return
}

// -----

// A noise factor that overflows the sampled conductances (aimc-capi-fuzzer).
// expected-error @+1 {{#aimc.mvm_config noise_scale must be non-negative, at most 1000, got 1.0}}
func.func @huge_noise_scale() attributes {cfg = #aimc.mvm_config<noise_scale = 1.0e186>} {
  return
}

// -----

// expected-error @+1 {{expected max_abs, percentile or fixed}}
func.func @bad_calibration() attributes {cfg = #aimc.mvm_config<calibration = median>} {
  return
}

// -----

// expected-error @+1 {{tile dimensions must be positive, got 0x4}}
func.func @bad_tile_type(%t: !aimc.tile<0x4>) {
  return
}

// -----

func.func @matmul_output_mismatch(%x: tensor<2x16xf32>) {
  %w = arith.constant dense<1.0> : tensor<16x8xf32>
  // expected-error @+1 {{result has 7 columns but the weight matrix has 8 columns}}
  %y = aimc.matmul %x, %w : tensor<2x16xf32>, tensor<16x8xf32> -> tensor<2x7xf32>
  return
}

// -----

func.func @matmul_element_type_mismatch(%x: tensor<2x16xf16>) {
  %w = arith.constant dense<1.0> : tensor<16x8xf32>
  // expected-error @+1 {{input and weights element types differ}}
  %y = aimc.matmul %x, %w : tensor<2x16xf16>, tensor<16x8xf32> -> tensor<2x8xf32>
  return
}

// -----

func.func @mvm_dynamic_columns(%x: tensor<2x?xf32>) {
  %w = arith.constant dense<1.0> : tensor<16x8xf32>
  %t = aimc.tile [0] %w : tensor<16x8xf32> -> !aimc.tile<16x8>
  // expected-error @+1 {{input and result need a static number of columns}}
  %y = aimc.mvm %t(%x) : !aimc.tile<16x8>, tensor<2x?xf32> -> tensor<2x8xf32>
  return
}

// -----

func.func @mvm_rank(%x: tensor<16xf32>) {
  %w = arith.constant dense<1.0> : tensor<16x8xf32>
  %t = aimc.tile [0] %w : tensor<16x8xf32> -> !aimc.tile<16x8>
  // expected-error @+1 {{operand #1 must be 2D tensor of floating-point values}}
  %y = "aimc.mvm"(%t, %x) : (!aimc.tile<16x8>, tensor<16xf32>) -> tensor<8xf32>
  return
}

// -----

// expected-error @+1 {{'aimc.analog_ops' must be an array of {name = "...", tiles = array<i64: ...>} on a builtin.module, got [{name = "op"}]}}
module attributes {aimc.analog_ops = [{name = "op"}]} {
}

// -----

// expected-error @+1 {{'aimc.analog_ops' must be an array of {name = "...", tiles = array<i64: ...>} on a builtin.module}}
func.func @not_a_module() attributes {aimc.analog_ops = []} {
  return
}

// -----

// An offset near INT64_MAX must not overflow the fit check (UBSan found
// rowOffset + rows wrapping around).
func.func @row_offset_overflow() {
  %w = arith.constant dense<1.0> : tensor<16x16xf32>
  // expected-error @+1 {{weight block of 16x16 at row 9223372036854775807, column 0 exceeds the 256x256 crossbar}}
  %t = aimc.tile [0] %w at <core = 0, row = 9223372036854775807, col = 0> : tensor<16x16xf32> -> !aimc.tile<16x16>
  return
}

// -----

// An empty weight matrix has nothing to put on a crossbar.
func.func @empty_weights(%x: tensor<4x16xf32>) -> tensor<4x0xf32> {
  %w = arith.constant dense<1.0> : tensor<16x0xf32>
  // expected-error @+1 {{weights must have at least one row and one column (a crossbar holds no empty matrix), got 'tensor<16x0xf32>'}}
  %y = aimc.matmul %x, %w : tensor<4x16xf32>, tensor<16x0xf32> -> tensor<4x0xf32>
  return %y : tensor<4x0xf32>
}

// -----

func.func @empty_batch(%x: tensor<0x16xf32>) -> tensor<0x8xf32> {
  %w = arith.constant dense<1.0> : tensor<16x8xf32>
  // expected-error @+1 {{input has a batch of 0 rows (an empty product has nothing to run on a crossbar)}}
  %y = aimc.matmul %x, %w : tensor<0x16xf32>, tensor<16x8xf32> -> tensor<0x8xf32>
  return %y : tensor<0x8xf32>
}
