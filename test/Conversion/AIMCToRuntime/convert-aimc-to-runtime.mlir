// RUN: aimc-opt %s --split-input-file --convert-aimc-to-runtime -verify-diagnostics | FileCheck %s

// Two placed row blocks of one product on two chips: the weights, a table
// of the tiles (id, global core = chip * 64 + core, row, col, rows, cols,
// weight offset, mode, calibration) and their parameters (percentile, input
// range, noise scale) become constant globals, read by the programming loop
// in @aimc_program_tiles. The MVMs write one output buffer, the second row
// block accumulating into the first.
// CHECK-LABEL: module attributes
// CHECK-SAME: aimc.analog_ops = [{name = "product", tiles = array<i64: 0, 1>}]
// CHECK-DAG: memref.global "private" constant @aimc_tiles_weights : memref<9xf32> = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00, 7.000000e+00, 8.000000e+00, 9.000000e+00]> {alignment = 64 : i64}
// CHECK-DAG: memref.global "private" constant @aimc_tiles_table : memref<2x9xi64> = dense<{{\[\[}}0, 3, 0, 0, 2, 3, 0, 1, 1], [1, 69, 8, 16, 1, 3, 6, 0, 0]]>
// CHECK-DAG: memref.global "private" constant @aimc_tiles_params : memref<2x3xf64> = dense<{{\[\[}}9.990000e+01, 1.000000e+00, 5.000000e-01], [9.999500e+01, 1.000000e+00, 1.000000e+00]]>
// CHECK-DAG: func.func private @aimc_rt_configure_tile(i64, i64, i64, f64, f64, f64)
// CHECK-DAG: func.func private @aimc_rt_program_tile(i64, i64, i64, i64, memref<?x?xf32, strided<[?, ?], offset: ?>>) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @aimc_rt_mvm(i64, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @aimc_rt_mvm_accumulate(i64, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>) attributes {llvm.emit_c_interface}

// CHECK-LABEL: func.func @two_blocks
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>)
// CHECK-NOT: aimc.
// CHECK: %[[X0:.*]] = tensor.extract_slice %[[X]][0, 0] [4, 2]
// CHECK: %[[X1:.*]] = tensor.extract_slice %[[X]][0, 2] [4, 1]
// CHECK: %[[YB:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4x3xf32>
// CHECK: %[[YC:.*]] = memref.cast %[[YB]] : memref<4x3xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK: %[[ID0:.*]] = arith.constant 0 : i64
// CHECK: %[[XB0:.*]] = bufferization.to_buffer %[[X0]] read_only : tensor<4x2xf32> to memref<4x2xf32, strided<[?, ?], offset: ?>>
// CHECK: %[[XC0:.*]] = memref.cast %[[XB0]] : memref<4x2xf32, strided<[?, ?], offset: ?>> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK: call @aimc_rt_mvm(%[[ID0]], %[[XC0]], %[[YC]])
// CHECK: %[[ID1:.*]] = arith.constant 1 : i64
// CHECK: %[[XB1:.*]] = bufferization.to_buffer %[[X1]] read_only
// CHECK: %[[XC1:.*]] = memref.cast %[[XB1]]
// CHECK: call @aimc_rt_mvm_accumulate(%[[ID1]], %[[XC1]], %[[YC]])
// CHECK: %[[Y:.*]] = bufferization.to_tensor %[[YB]] restrict writable : memref<4x3xf32> to tensor<4x3xf32>
// CHECK: return %[[Y]]

// CHECK-LABEL: func.func @aimc_program_tiles() attributes {llvm.emit_c_interface}
// CHECK-DAG: %[[W:.*]] = memref.get_global @aimc_tiles_weights : memref<9xf32>
// CHECK-DAG: %[[T:.*]] = memref.get_global @aimc_tiles_table : memref<2x9xi64>
// CHECK-DAG: %[[P:.*]] = memref.get_global @aimc_tiles_params : memref<2x3xf64>
// CHECK-DAG: %[[N:.*]] = arith.constant 2 : index
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %[[N]]
// CHECK: %[[ID:.*]] = memref.load %[[T]][%[[I]], %{{.*}}] : memref<2x9xi64>
// CHECK: func.call @aimc_rt_configure_tile(%[[ID]],
// CHECK: %[[BLOCK:.*]] = memref.reinterpret_cast %[[W]] to offset: [%{{.*}}], sizes: [%{{.*}}, %[[COLS:.*]]], strides: [%[[COLS]], 1] : memref<9xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
// CHECK: %[[M:.*]] = memref.cast %[[BLOCK]]
// CHECK: func.call @aimc_rt_program_tile(%[[ID]], %{{.*}}, %{{.*}}, %{{.*}}, %[[M]])
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

// Column blocks of a product (the concatenation aimc-tile emits) write
// column slices of one output buffer; a dynamic batch sizes it from the
// input. Tiles of different functions and locations are different analog
// ops, named by their (file-less) source locations. An accumulation of
// anything but MVMs is a digital linalg sum.
// CHECK-LABEL: module attributes
// CHECK-SAME: aimc.analog_ops = [{name = "model.mlir:3:5", tiles = array<i64: 4, 5>}, {name = "model.mlir:9:5", tiles = array<i64: 7>}]
// CHECK-NOT: aimc_rt_mvm_accumulate
// CHECK-LABEL: func.func @columns
// CHECK-SAME: (%[[X:.*]]: tensor<?x2xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK: %[[B:.*]] = tensor.dim %[[X]], %[[ZERO]] : tensor<?x2xf32>
// CHECK: %[[YB:.*]] = memref.alloc(%[[B]]) {alignment = 64 : i64} : memref<?x8xf32>
// CHECK: %[[V0:.*]] = memref.subview %[[YB]][0, 0] [%[[B]], 5] [1, 1] : memref<?x8xf32> to memref<?x5xf32, strided<[8, 1]>>
// CHECK: %[[XB:.*]] = bufferization.to_buffer %[[X]] read_only : tensor<?x2xf32> to memref<?x2xf32, strided<[?, ?], offset: ?>>
// CHECK: %[[XC:.*]] = memref.cast %[[XB]]
// CHECK: call @aimc_rt_mvm(%{{.*}}, %[[XC]], %{{.*}})
// CHECK: %[[V1:.*]] = memref.subview %[[YB]][0, 5] [%[[B]], 3] [1, 1] : memref<?x8xf32> to memref<?x3xf32, strided<[8, 1], offset: 5>>
// CHECK: %[[VC1:.*]] = memref.cast %[[V1]]
// CHECK: call @aimc_rt_mvm(%{{.*}}, %[[XC]], %[[VC1]])
// CHECK: %[[Y:.*]] = bufferization.to_tensor %[[YB]] restrict writable : memref<?x8xf32> to tensor<?x8xf32>
// CHECK: return %[[Y]]
// CHECK-LABEL: func.func @digital_sum
// CHECK: %[[M:.*]] = bufferization.to_tensor
// CHECK: %[[S:.*]] = linalg.generic {{.*}} ins(%[[M]], %{{.*}} : tensor<1x5xf32>, tensor<1x5xf32>)
// CHECK: arith.addf
// CHECK: return %[[S]]
// CHECK-LABEL: func.func @aimc_program_tiles()
// CHECK: scf.for
// CHECK: func.call @aimc_rt_program_tile
module {
  func.func @columns(%x: tensor<?x2xf32>) -> tensor<?x8xf32> {
    %w0 = arith.constant dense<0.5> : tensor<2x5xf32>
    %w1 = arith.constant dense<0.5> : tensor<2x3xf32>
    %t0 = aimc.tile [4] %w0 at <core = 0, row = 0, col = 0> : tensor<2x5xf32> -> !aimc.tile<2x5> loc("/some/dir/model.mlir":3:5)
    %t1 = aimc.tile [5] %w1 at <core = 0, row = 0, col = 5> : tensor<2x3xf32> -> !aimc.tile<2x3> loc("/some/dir/model.mlir":3:5)
    %y0 = aimc.mvm %t0(%x) : !aimc.tile<2x5>, tensor<?x2xf32> -> tensor<?x5xf32>
    %y1 = aimc.mvm %t1(%x) : !aimc.tile<2x3>, tensor<?x2xf32> -> tensor<?x3xf32>
    %y = tensor.concat dim(1) %y0, %y1 : (tensor<?x5xf32>, tensor<?x3xf32>) -> tensor<?x8xf32>
    return %y : tensor<?x8xf32>
  }
  func.func @digital_sum(%x: tensor<1x2xf32>, %b: tensor<1x5xf32>) -> tensor<1x5xf32> {
    %w = arith.constant dense<0.25> : tensor<2x5xf32>
    %t = aimc.tile [7] %w at <core = 1, row = 0, col = 0> : tensor<2x5xf32> -> !aimc.tile<2x5> loc("/some/dir/model.mlir":9:5)
    %y = aimc.mvm %t(%x) : !aimc.tile<2x5>, tensor<1x2xf32> -> tensor<1x5xf32>
    %s = aimc.accumulate %y, %b : tensor<1x5xf32>
    return %s : tensor<1x5xf32>
  }
}

// -----

// A product of at least 4 column blocks of equal width on tiles numbered
// as aimc-tile numbers them (tile first + c * rows + r for row block r of
// column block c) runs as one loop over the column blocks, so that the IR
// does not grow with the block count; the calls keep the order of the
// straight-line form. Column blocks after the regular ones (here the
// narrower last one) stay straight-line calls.
// CHECK-LABEL: func.func @column_loop
// CHECK-SAME: (%[[X:.*]]: tensor<?x3xf32>)
// CHECK: %[[X0:.*]] = tensor.extract_slice %[[X]][0, 0]
// CHECK: %[[X1:.*]] = tensor.extract_slice %[[X]][0, 2]
// CHECK: %[[B:.*]] = tensor.dim %[[X0]], %{{.*}} : tensor<?x2xf32>
// CHECK: %[[YB:.*]] = memref.alloc(%[[B]]) {alignment = 64 : i64} : memref<?x9xf32>
// CHECK: %[[XB0:.*]] = bufferization.to_buffer %[[X0]] read_only
// CHECK: %[[XC0:.*]] = memref.cast %[[XB0]]
// CHECK: %[[XB1:.*]] = bufferization.to_buffer %[[X1]] read_only
// CHECK: %[[XC1:.*]] = memref.cast %[[XB1]]
// CHECK: %[[FOUR:.*]] = arith.constant 4 : index
// CHECK: scf.for %[[C:.*]] = %{{.*}} to %[[FOUR]] step %{{.*}} {
// CHECK:   %[[TWO:.*]] = arith.constant 2 : index
// CHECK:   %[[OFF:.*]] = arith.muli %[[C]], %[[TWO]] : index
// CHECK:   %[[V:.*]] = memref.subview %[[YB]][0, %[[OFF]]] [%[[B]], 2] [1, 1] : memref<?x9xf32> to memref<?x2xf32, strided<[9, 1], offset: ?>>
// CHECK:   %[[VC:.*]] = memref.cast %[[V]]
// CHECK:   %[[R:.*]] = arith.muli %[[C]], %{{.*}} : index
// CHECK:   %[[F:.*]] = arith.addi %[[R]], %{{.*}} : index
// CHECK:   %[[ID0:.*]] = arith.index_cast %[[F]] : index to i64
// CHECK:   func.call @aimc_rt_mvm(%[[ID0]], %[[XC0]], %[[VC]])
// CHECK:   %[[ID1:.*]] = arith.addi %[[ID0]], %{{.*}} : i64
// CHECK:   func.call @aimc_rt_mvm_accumulate(%[[ID1]], %[[XC1]], %[[VC]])
// CHECK: }
// CHECK: %[[V4:.*]] = memref.subview %[[YB]][0, 8] [%[[B]], 1] [1, 1]
// CHECK: %[[VC4:.*]] = memref.cast %[[V4]]
// CHECK: %[[ID8:.*]] = arith.constant 18 : i64
// CHECK: call @aimc_rt_mvm(%[[ID8]], %[[XC0]], %[[VC4]])
// CHECK: %[[ID9:.*]] = arith.constant 19 : i64
// CHECK: call @aimc_rt_mvm_accumulate(%[[ID9]], %[[XC1]], %[[VC4]])
// CHECK: bufferization.to_tensor %[[YB]] restrict writable
module {
  func.func @column_loop(%x: tensor<?x3xf32>) -> tensor<?x9xf32> {
    %c0 = arith.constant 0 : index
    %b = tensor.dim %x, %c0 : tensor<?x3xf32>
    %x0 = tensor.extract_slice %x[0, 0] [%b, 2] [1, 1] : tensor<?x3xf32> to tensor<?x2xf32>
    %x1 = tensor.extract_slice %x[0, 2] [%b, 1] [1, 1] : tensor<?x3xf32> to tensor<?x1xf32>
    %w0 = arith.constant dense<0.5> : tensor<2x2xf32>
    %w1 = arith.constant dense<0.25> : tensor<1x2xf32>
    %v0 = arith.constant dense<0.5> : tensor<2x1xf32>
    %v1 = arith.constant dense<0.25> : tensor<1x1xf32>
    %t10 = aimc.tile [10] %w0 at <core = 0, row = 0, col = 0> : tensor<2x2xf32> -> !aimc.tile<2x2>
    %p10 = aimc.mvm %t10(%x0) : !aimc.tile<2x2>, tensor<?x2xf32> -> tensor<?x2xf32>
    %t11 = aimc.tile [11] %w1 at <core = 0, row = 2, col = 0> : tensor<1x2xf32> -> !aimc.tile<1x2>
    %p11 = aimc.mvm %t11(%x1) : !aimc.tile<1x2>, tensor<?x1xf32> -> tensor<?x2xf32>
    %y0 = aimc.accumulate %p10, %p11 : tensor<?x2xf32>
    %t12 = aimc.tile [12] %w0 at <core = 0, row = 0, col = 2> : tensor<2x2xf32> -> !aimc.tile<2x2>
    %p12 = aimc.mvm %t12(%x0) : !aimc.tile<2x2>, tensor<?x2xf32> -> tensor<?x2xf32>
    %t13 = aimc.tile [13] %w1 at <core = 0, row = 2, col = 2> : tensor<1x2xf32> -> !aimc.tile<1x2>
    %p13 = aimc.mvm %t13(%x1) : !aimc.tile<1x2>, tensor<?x1xf32> -> tensor<?x2xf32>
    %y1 = aimc.accumulate %p12, %p13 : tensor<?x2xf32>
    %t14 = aimc.tile [14] %w0 at <core = 0, row = 0, col = 4> : tensor<2x2xf32> -> !aimc.tile<2x2>
    %p14 = aimc.mvm %t14(%x0) : !aimc.tile<2x2>, tensor<?x2xf32> -> tensor<?x2xf32>
    %t15 = aimc.tile [15] %w1 at <core = 0, row = 2, col = 4> : tensor<1x2xf32> -> !aimc.tile<1x2>
    %p15 = aimc.mvm %t15(%x1) : !aimc.tile<1x2>, tensor<?x1xf32> -> tensor<?x2xf32>
    %y2 = aimc.accumulate %p14, %p15 : tensor<?x2xf32>
    %t16 = aimc.tile [16] %w0 at <core = 0, row = 0, col = 6> : tensor<2x2xf32> -> !aimc.tile<2x2>
    %p16 = aimc.mvm %t16(%x0) : !aimc.tile<2x2>, tensor<?x2xf32> -> tensor<?x2xf32>
    %t17 = aimc.tile [17] %w1 at <core = 0, row = 2, col = 6> : tensor<1x2xf32> -> !aimc.tile<1x2>
    %p17 = aimc.mvm %t17(%x1) : !aimc.tile<1x2>, tensor<?x1xf32> -> tensor<?x2xf32>
    %y3 = aimc.accumulate %p16, %p17 : tensor<?x2xf32>
    %t18 = aimc.tile [18] %v0 at <core = 0, row = 0, col = 8> : tensor<2x1xf32> -> !aimc.tile<2x1>
    %p18 = aimc.mvm %t18(%x0) : !aimc.tile<2x1>, tensor<?x2xf32> -> tensor<?x1xf32>
    %t19 = aimc.tile [19] %v1 at <core = 0, row = 2, col = 8> : tensor<1x1xf32> -> !aimc.tile<1x1>
    %p19 = aimc.mvm %t19(%x1) : !aimc.tile<1x1>, tensor<?x1xf32> -> tensor<?x1xf32>
    %y4 = aimc.accumulate %p18, %p19 : tensor<?x1xf32>
    %y = tensor.concat dim(1) %y0, %y1, %y2, %y3, %y4 : (tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x1xf32>) -> tensor<?x9xf32>
    return %y : tensor<?x9xf32>
  }
}

// -----

// Column blocks on tiles numbered out of the aimc-tile order stay
// straight-line calls, one per tile with its own id.
// CHECK-LABEL: func.func @irregular_ids
// CHECK-NOT: scf.for
// CHECK: %[[ID0:.*]] = arith.constant 3 : i64
// CHECK: call @aimc_rt_mvm(%[[ID0]],
// CHECK: %[[ID1:.*]] = arith.constant 2 : i64
// CHECK: call @aimc_rt_mvm(%[[ID1]],
// CHECK: %[[ID2:.*]] = arith.constant 4 : i64
// CHECK: call @aimc_rt_mvm(%[[ID2]],
// CHECK: %[[ID3:.*]] = arith.constant 5 : i64
// CHECK: call @aimc_rt_mvm(%[[ID3]],
// CHECK: bufferization.to_tensor
module {
  func.func @irregular_ids(%x: tensor<1x2xf32>) -> tensor<1x8xf32> {
    %w = arith.constant dense<0.5> : tensor<2x2xf32>
    %t0 = aimc.tile [3] %w at <core = 0, row = 0, col = 0> : tensor<2x2xf32> -> !aimc.tile<2x2>
    %y0 = aimc.mvm %t0(%x) : !aimc.tile<2x2>, tensor<1x2xf32> -> tensor<1x2xf32>
    %t1 = aimc.tile [2] %w at <core = 0, row = 0, col = 2> : tensor<2x2xf32> -> !aimc.tile<2x2>
    %y1 = aimc.mvm %t1(%x) : !aimc.tile<2x2>, tensor<1x2xf32> -> tensor<1x2xf32>
    %t2 = aimc.tile [4] %w at <core = 0, row = 0, col = 4> : tensor<2x2xf32> -> !aimc.tile<2x2>
    %y2 = aimc.mvm %t2(%x) : !aimc.tile<2x2>, tensor<1x2xf32> -> tensor<1x2xf32>
    %t3 = aimc.tile [5] %w at <core = 0, row = 0, col = 6> : tensor<2x2xf32> -> !aimc.tile<2x2>
    %y3 = aimc.mvm %t3(%x) : !aimc.tile<2x2>, tensor<1x2xf32> -> tensor<1x2xf32>
    %y = tensor.concat dim(1) %y0, %y1, %y2, %y3 : (tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x8xf32>
    return %y : tensor<1x8xf32>
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
