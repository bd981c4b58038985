// RUN: aimc-opt %s --aimc-lower-to-llvm --split-input-file | FileCheck %s
// RUN: aimc-opt %s --aimc-lower-to-llvm --split-input-file | FileCheck %s --check-prefix=CLEAN
// RUN: aimc-opt %s '--aimc-lower-to-llvm=approximate-math=false' --split-input-file | FileCheck %s --check-prefix=LIBM

// Nothing but the LLVM dialect remains.
// CLEAN-NOT: {{(func|arith|math|tensor|linalg|memref|bufferization|scf|cf|affine|index|ub)\.[a-z_]+}}
// CLEAN-NOT: unrealized_conversion_cast

// The tensor-level RFF classifier lowers entirely to the LLVM dialect: the
// entry keeps its tensor-level type and gets a C wrapper, cos becomes an
// inline polynomial (llvm.intr.cos, i.e. a libm call, with
// approximate-math=false), buffers come from aligned_alloc (no integer
// round trip of the pointer, see stage 7 of docs/Pipelines) and temporaries
// are freed.
// CHECK-NOT: llvm.inttoptr

// CHECK-LABEL: llvm.func @rff
// CHECK-SAME: aimc.entry_type = (tensor<4x3xf32>) -> tensor<4x2xf32>
// CHECK-SAME: llvm.emit_c_interface
// CHECK: llvm.call @aligned_alloc
// CHECK-NOT: llvm.intr.cos
// CHECK: llvm.intr.roundeven
// CHECK: llvm.intr.fma
// LIBM-LABEL: llvm.func @rff
// LIBM: llvm.intr.cos
// CHECK: llvm.call @free
// CHECK: llvm.return
// CHECK-LABEL: llvm.func @_mlir_ciface_rff(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// CHECK: llvm.call @rff
// CHECK-NOT: func.func
// CHECK-NOT: linalg.
// CHECK-NOT: memref.
// CHECK-NOT: tensor.
// CHECK-NOT: unrealized_conversion_cast

func.func @rff(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %omega_t = arith.constant dense<[[0.5, -1.0, 0.25, 2.0],
                                   [1.5, 0.75, -0.5, 0.0],
                                   [-0.25, 1.0, 1.25, -1.5]]> : tensor<3x4xf32>
  %w = arith.constant dense<[[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6], [0.7, -0.8]]> : tensor<4x2xf32>
  %zero = arith.constant 0.0 : f32
  %e4 = tensor.empty() : tensor<4x4xf32>
  %acc4 = linalg.fill ins(%zero : f32) outs(%e4 : tensor<4x4xf32>) -> tensor<4x4xf32>
  %z = linalg.matmul {ka.role = "projection"} ins(%x, %omega_t : tensor<4x3xf32>, tensor<3x4xf32>) outs(%acc4 : tensor<4x4xf32>) -> tensor<4x4xf32>
  %phi = math.cos %z : tensor<4x4xf32>
  %e2 = tensor.empty() : tensor<4x2xf32>
  %acc2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<4x2xf32>) -> tensor<4x2xf32>
  %y = linalg.matmul {ka.role = "readout"} ins(%phi, %w : tensor<4x4xf32>, tensor<4x2xf32>) outs(%acc2 : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

// A call to the executor's runtime on memref operands survives bufferization
// and becomes a call of the C interface `_mlir_ciface_aimc_rt_mvm`, taking the
// memref descriptors by pointer, as RuntimeABI.h declares it.

// CHECK-LABEL: llvm.func private @aimc_rt_mvm(
// CHECK-SAME: %[[ID:.*]]: i64, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64,
// CHECK: %[[X:.*]] = llvm.alloca {{.*}} x !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK: %[[Y:.*]] = llvm.alloca {{.*}} x !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK: llvm.call @_mlir_ciface_aimc_rt_mvm(%[[ID]], %[[X]], %[[Y]]) : (i64, !llvm.ptr, !llvm.ptr) -> ()
// CHECK: llvm.func @_mlir_ciface_aimc_rt_mvm(i64, !llvm.ptr, !llvm.ptr)
// CHECK-LABEL: llvm.func @projection
// CHECK: %[[TILE:.*]] = llvm.mlir.constant(3 : i64) : i64
// CHECK: llvm.call @aimc_rt_mvm(%[[TILE]],
// CHECK: llvm.intr.fma
// CHECK-LABEL: llvm.func @_mlir_ciface_projection

func.func private @aimc_rt_mvm(i64, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>) attributes {llvm.emit_c_interface}

func.func @projection(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %tile = arith.constant 3 : i64
  %x_buf = bufferization.to_buffer %x : tensor<4x3xf32> to memref<4x3xf32>
  %y_buf = memref.alloc() : memref<4x2xf32>
  %x_dyn = memref.cast %x_buf : memref<4x3xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
  %y_dyn = memref.cast %y_buf : memref<4x2xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
  call @aimc_rt_mvm(%tile, %x_dyn, %y_dyn) : (i64, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>) -> ()
  %y = bufferization.to_tensor %y_buf restrict : memref<4x2xf32> to tensor<4x2xf32>
  %phi = math.cos %y : tensor<4x2xf32>
  return %phi : tensor<4x2xf32>
}

// -----

// Programming a tile from a constant weight global: the memref-level form the
// analog-to-runtime conversion produces for `aimc_rt_program_tile`.

// CHECK-LABEL: llvm.func private @aimc_rt_program_tile(
// CHECK: llvm.call @_mlir_ciface_aimc_rt_program_tile(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (i64, i64, i64, i64, !llvm.ptr) -> ()
// CHECK: llvm.func @_mlir_ciface_aimc_rt_program_tile(i64, i64, i64, i64, !llvm.ptr)
// CHECK: llvm.mlir.global private constant @weights
// CHECK-LABEL: llvm.func @program()
// CHECK: llvm.mlir.addressof @weights
// CHECK: llvm.call @aimc_rt_program_tile(
// CHECK-LABEL: llvm.func @_mlir_ciface_program()
func.func private @aimc_rt_program_tile(i64, i64, i64, i64, memref<?x?xf32, strided<[?, ?], offset: ?>>) attributes {llvm.emit_c_interface}
memref.global "private" constant @weights : memref<3x4xf32> = dense<1.0>

func.func @program() {
  %tile = arith.constant 0 : i64
  %core = arith.constant 5 : i64
  %row = arith.constant 0 : i64
  %col = arith.constant 128 : i64
  %w = memref.get_global @weights : memref<3x4xf32>
  %w_dyn = memref.cast %w : memref<3x4xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
  call @aimc_rt_program_tile(%tile, %core, %row, %col, %w_dyn) : (i64, i64, i64, i64, memref<?x?xf32, strided<[?, ?], offset: ?>>) -> ()
  return
}

// -----

// Several results, a returned argument and a returned constant: the caller
// owns every returned buffer, so the argument and the constant are copied
// into fresh allocations instead of being returned as aliases. Private
// functions get no C wrapper.

// CHECK-LABEL: llvm.func @helper
// CHECK-NOT: emit_c_interface
// CHECK: llvm.intr.exp
// CHECK: llvm.call @aligned_alloc
// CHECK: llvm.intr.memcpy
// CHECK-LABEL: llvm.func @three
// CHECK-SAME: -> !llvm.struct<(struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>, struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)>
// CHECK: llvm.call @helper
// CHECK: llvm.call @aligned_alloc
// CHECK: llvm.intr.memcpy
// CHECK: llvm.call @aligned_alloc
// CHECK: llvm.intr.memcpy
// CHECK: llvm.return
// CHECK-LABEL: llvm.func @_mlir_ciface_three(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// CHECK-NOT: _mlir_ciface_helper

func.func private @helper(%a: tensor<3xf64>) -> tensor<3xf64> {
  %e = math.exp %a : tensor<3xf64>
  return %e : tensor<3xf64>
}

func.func @three(%a: tensor<3xf64>, %b: tensor<2x2xi64>) -> (tensor<3xf64>, tensor<2x2xi64>, tensor<2xi32>) {
  %c = arith.constant dense<[7, -7]> : tensor<2xi32>
  %e = call @helper(%a) : (tensor<3xf64>) -> tensor<3xf64>
  return %e, %b, %c : tensor<3xf64>, tensor<2x2xi64>, tensor<2xi32>
}

// -----

// Elementwise arith and math on tensors become loops; math ops without an
// LLVM intrinsic (erf) become libm calls, the others intrinsics.

// CHECK-LABEL: llvm.func @erff(f32) -> f32
// CHECK-LABEL: llvm.func @activations
// CHECK: llvm.intr.tanh
// CHECK: llvm.call @erff
// CHECK: llvm.fadd
// CHECK-LABEL: llvm.func @_mlir_ciface_activations
func.func @activations(%x: tensor<5xf32>) -> tensor<5xf32> {
  %t = math.tanh %x : tensor<5xf32>
  %e = math.erf %t : tensor<5xf32>
  %s = arith.addf %e, %x : tensor<5xf32>
  return %s : tensor<5xf32>
}
