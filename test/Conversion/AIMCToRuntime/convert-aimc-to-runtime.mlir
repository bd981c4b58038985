// RUN: aimc-opt %s --split-input-file --convert-aimc-to-runtime -verify-diagnostics | FileCheck %s

// Two placed row blocks of one product on two chips: constant globals, the
// one-time programming function (configure, then program at the global core
// index chip * 64 + core), MVM calls on buffers and a digital sum.
// CHECK-LABEL: module attributes
// CHECK-SAME: aimc.analog_ops = [{name = "product", tiles = array<i64: 0, 1>}]
// CHECK-DAG: memref.global "private" constant @aimc_tile_0 : memref<2x3xf32> = dense<{{\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]]> {alignment = 64 : i64}
// CHECK-DAG: memref.global "private" constant @aimc_tile_1 : memref<1x3xf32> = dense<{{\[\[}}7.000000e+00, 8.000000e+00, 9.000000e+00]]> {alignment = 64 : i64}
// CHECK-DAG: func.func private @aimc_rt_configure_tile(i64, i64, i64, f64, f64, f64)
// CHECK-DAG: func.func private @aimc_rt_program_tile(i64, i64, i64, i64, memref<?x?xf32, strided<[?, ?], offset: ?>>) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @aimc_rt_mvm(i64, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>) attributes {llvm.emit_c_interface}

// CHECK-LABEL: func.func @two_blocks
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>)
// CHECK-NOT: aimc.
// CHECK: %[[X0:.*]] = tensor.extract_slice %[[X]][0, 0] [4, 2]
// CHECK: %[[XB:.*]] = bufferization.to_buffer %[[X0]] read_only : tensor<4x2xf32> to memref<4x2xf32, strided<[?, ?], offset: ?>>
// CHECK: %[[YB:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4x3xf32>
// CHECK: %[[ID0:.*]] = arith.constant 0 : i64
// CHECK: %[[XC:.*]] = memref.cast %[[XB]] : memref<4x2xf32, strided<[?, ?], offset: ?>> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK: %[[YC:.*]] = memref.cast %[[YB]] : memref<4x3xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK: call @aimc_rt_mvm(%[[ID0]], %[[XC]], %[[YC]])
// CHECK: %[[P0:.*]] = bufferization.to_tensor %[[YB]] restrict writable : memref<4x3xf32> to tensor<4x3xf32>
// CHECK: %[[ID1:.*]] = arith.constant 1 : i64
// CHECK: call @aimc_rt_mvm(%[[ID1]],
// CHECK: %[[P1:.*]] = bufferization.to_tensor
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<4x3xf32>
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[P0]], %[[P1]] : tensor<4x3xf32>, tensor<4x3xf32>) outs(%[[INIT]] : tensor<4x3xf32>)
// CHECK: arith.addf
// CHECK: return %[[SUM]]

// CHECK-LABEL: func.func @aimc_program_tiles() attributes {llvm.emit_c_interface}
// CHECK: %[[T0:.*]] = arith.constant 0 : i64
// CHECK: %[[MODE:.*]] = arith.constant 1 : i64
// CHECK: %[[CAL:.*]] = arith.constant 1 : i64
// CHECK: %[[PCT:.*]] = arith.constant 9.990000e+01 : f64
// CHECK: %[[RANGE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[NOISE:.*]] = arith.constant 5.000000e-01 : f64
// CHECK: call @aimc_rt_configure_tile(%[[T0]], %[[MODE]], %[[CAL]], %[[PCT]], %[[RANGE]], %[[NOISE]])
// CHECK: %[[G0:.*]] = memref.get_global @aimc_tile_0 : memref<2x3xf32>
// CHECK: %[[M0:.*]] = memref.cast %[[G0]] : memref<2x3xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK: %[[CORE0:.*]] = arith.constant 3 : i64
// CHECK: %[[R0:.*]] = arith.constant 0 : i64
// CHECK: %[[C0:.*]] = arith.constant 0 : i64
// CHECK: call @aimc_rt_program_tile(%[[T0]], %[[CORE0]], %[[R0]], %[[C0]], %[[M0]])
// CHECK: call @aimc_rt_configure_tile
// CHECK: memref.get_global @aimc_tile_1
// CHECK: %[[CORE1:.*]] = arith.constant 69 : i64
// CHECK: %[[R1:.*]] = arith.constant 8 : i64
// CHECK: %[[C1:.*]] = arith.constant 16 : i64
// CHECK: call @aimc_rt_program_tile(%{{.*}}, %[[CORE1]], %[[R1]], %[[C1]], %{{.*}})
// CHECK: return
module attributes {aimc.chip = #aimc.chip<"hermes">, aimc.num_chips = 2 : i64} {
  func.func @two_blocks(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
    %x0 = tensor.extract_slice %x[0, 0] [4, 2] [1, 1] : tensor<4x3xf32> to tensor<4x2xf32>
    %x1 = tensor.extract_slice %x[0, 2] [4, 1] [1, 1] : tensor<4x3xf32> to tensor<4x1xf32>
    %w0 = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
    %w1 = arith.constant dense<[[7.0, 8.0, 9.0]]> : tensor<1x3xf32>
    %t0 = aimc.tile [0] %w0 at <core = 3, row = 0, col = 0> : tensor<2x3xf32> -> !aimc.tile<2x3> loc("product")
    %t1 = aimc.tile [1] %w1 at <chip = 1, core = 5, row = 8, col = 16> : tensor<1x3xf32> -> !aimc.tile<1x3> loc("product")
    %p0 = aimc.mvm %t0(%x0) config <mode = four_phase, calibration = percentile, percentile = 99.9, noise_scale = 0.5> : !aimc.tile<2x3>, tensor<4x2xf32> -> tensor<4x3xf32>
    %p1 = aimc.mvm %t1(%x1) : !aimc.tile<1x3>, tensor<4x1xf32> -> tensor<4x3xf32>
    %y = aimc.accumulate %p0, %p1 : tensor<4x3xf32>
    return %y : tensor<4x3xf32>
  }
}

// -----

// A dynamic batch: the result buffer takes the input's row count. Tiles of
// different functions and locations are different analog ops; the names are
// the (file-less) source locations.
// CHECK-LABEL: module attributes
// CHECK-SAME: aimc.analog_ops = [{name = "model.mlir:3:5", tiles = array<i64: 4>}, {name = "model.mlir:9:5", tiles = array<i64: 7>}]
// CHECK-LABEL: func.func @dynamic
// CHECK-SAME: (%[[X:.*]]: tensor<?x2xf32>)
// CHECK: %[[XB:.*]] = bufferization.to_buffer %[[X]] read_only : tensor<?x2xf32> to memref<?x2xf32, strided<[?, ?], offset: ?>>
// CHECK: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK: %[[B:.*]] = tensor.dim %[[X]], %[[ZERO]] : tensor<?x2xf32>
// CHECK: %[[YB:.*]] = memref.alloc(%[[B]]) {alignment = 64 : i64} : memref<?x5xf32>
// CHECK: call @aimc_rt_mvm
// CHECK: bufferization.to_tensor %[[YB]] restrict writable : memref<?x5xf32> to tensor<?x5xf32>
// CHECK-LABEL: func.func @second
// CHECK-LABEL: func.func @aimc_program_tiles()
// CHECK-COUNT-2: call @aimc_rt_program_tile
module {
  func.func @dynamic(%x: tensor<?x2xf32>) -> tensor<?x5xf32> {
    %w = arith.constant dense<0.5> : tensor<2x5xf32>
    %t = aimc.tile [4] %w at <core = 0, row = 0, col = 0> : tensor<2x5xf32> -> !aimc.tile<2x5> loc("/some/dir/model.mlir":3:5)
    %y = aimc.mvm %t(%x) : !aimc.tile<2x5>, tensor<?x2xf32> -> tensor<?x5xf32>
    return %y : tensor<?x5xf32>
  }
  func.func @second(%x: tensor<1x2xf32>) -> tensor<1x5xf32> {
    %w = arith.constant dense<0.25> : tensor<2x5xf32>
    %t = aimc.tile [7] %w at <core = 1, row = 0, col = 0> : tensor<2x5xf32> -> !aimc.tile<2x5> loc("/some/dir/model.mlir":9:5)
    %y = aimc.mvm %t(%x) : !aimc.tile<2x5>, tensor<1x2xf32> -> tensor<1x5xf32>
    return %y : tensor<1x5xf32>
  }
}

// -----

// A module without analog ops is left alone.
// CHECK-LABEL: func.func @digital
// CHECK-NOT: aimc_rt
// CHECK-NOT: aimc_program_tiles
func.func @digital(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}

// -----

func.func @unplaced(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2xf32>
  // expected-error @below {{'aimc.tile' op has no placement; run aimc-place before convert-aimc-to-runtime}}
  %t = aimc.tile [0] %w : tensor<2x2xf32> -> !aimc.tile<2x2>
  %y = aimc.mvm %t(%x) : !aimc.tile<2x2>, tensor<1x2xf32> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @two_configs(%x: tensor<1x2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %w = arith.constant dense<1.0> : tensor<2x2xf32>
  %t = aimc.tile [0] %w at <core = 0, row = 0, col = 0> : tensor<2x2xf32> -> !aimc.tile<2x2>
  %a = aimc.mvm %t(%x) : !aimc.tile<2x2>, tensor<1x2xf32> -> tensor<1x2xf32>
  // expected-error @below {{'aimc.mvm' op reads tile 0 with #aimc.mvm_config<mode = four_phase> but another MVM reads it with #aimc.mvm_config<>; a tile has one configuration}}
  %b = aimc.mvm %t(%x) config <mode = four_phase> : !aimc.tile<2x2>, tensor<1x2xf32> -> tensor<1x2xf32>
  return %a, %b : tensor<1x2xf32>, tensor<1x2xf32>
}

// -----

func.func @untiled(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2xf32>
  // expected-error @below {{'aimc.matmul' op is not tiled; run aimc-tile and aimc-place before convert-aimc-to-runtime}}
  %y = aimc.matmul %x, %w : tensor<1x2xf32>, tensor<2x2xf32> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @tile_argument(%t: !aimc.tile<2x2>, %x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @below {{'aimc.mvm' op reads a tile that is not defined by aimc.tile in the same module; its id is unknown}}
  %y = aimc.mvm %t(%x) : !aimc.tile<2x2>, tensor<1x2xf32> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @f64_batch(%x: tensor<1x2xf64>) -> tensor<1x2xf64> {
  %w = arith.constant dense<1.0> : tensor<2x2xf64>
  %t = aimc.tile [0] %w at <core = 0, row = 0, col = 0> : tensor<2x2xf64> -> !aimc.tile<2x2>
  // expected-error @below {{'aimc.mvm' op has 'tensor<1x2xf64>' inputs; the runtime runs f32 MVMs (convert the batch first)}}
  %y = aimc.mvm %t(%x) : !aimc.tile<2x2>, tensor<1x2xf64> -> tensor<1x2xf64>
  return %y : tensor<1x2xf64>
}

// -----

// expected-error @below {{@aimc_program_tiles is reserved for the generated tile programming function}}
func.func @aimc_program_tiles(%x: i32) {
  return
}
func.func @clash(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2xf32>
  %t = aimc.tile [0] %w at <core = 0, row = 0, col = 0> : tensor<2x2xf32> -> !aimc.tile<2x2>
  %y = aimc.mvm %t(%x) : !aimc.tile<2x2>, tensor<1x2xf32> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// expected-error @below {{@aimc_rt_mvm is reserved for the aimc runtime, declared as '(i64, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>) -> ()'}}
func.func private @aimc_rt_mvm(i64)
func.func @clash_runtime(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2xf32>
  %t = aimc.tile [0] %w at <core = 0, row = 0, col = 0> : tensor<2x2xf32> -> !aimc.tile<2x2>
  %y = aimc.mvm %t(%x) : !aimc.tile<2x2>, tensor<1x2xf32> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
