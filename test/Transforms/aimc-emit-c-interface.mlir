// RUN: aimc-opt %s --aimc-emit-c-interface | FileCheck %s

// Public definitions become host entry points with their tensor-level type.
// CHECK-LABEL: func.func @entry
// CHECK-SAME: attributes {aimc.entry_type = (tensor<4x3xf32>, tensor<i64>) -> tensor<4xf32>, llvm.emit_c_interface}
func.func @entry(%x: tensor<4x3xf32>, %n: tensor<i64>) -> tensor<4xf32> {
  %e = tensor.empty() : tensor<4xf32>
  return %e : tensor<4xf32>
}

// An existing entry type is kept (e.g. set by an earlier stage before it
// changed the signature).
// CHECK-LABEL: func.func @retyped
// CHECK-SAME: aimc.entry_type = (tensor<8xf32>) -> ()
// CHECK-SAME: llvm.emit_c_interface
func.func @retyped(%x: memref<8xf32>) attributes {aimc.entry_type = (tensor<8xf32>) -> ()} {
  return
}

// Private functions and declarations are left alone: a C wrapper on an
// external declaration would redirect its calls to a missing symbol.
// CHECK-LABEL: func.func private @helper(%{{.*}}: f32) -> f32 {
// CHECK-LABEL: func.func private @expf(f32) -> f32{{$}}
// CHECK-LABEL: func.func private @aimc_rt_mvm
// CHECK-SAME: attributes {llvm.emit_c_interface}{{$}}
func.func private @helper(%a: f32) -> f32 {
  %r = func.call @expf(%a) : (f32) -> f32
  return %r : f32
}
func.func private @expf(f32) -> f32
func.func private @aimc_rt_mvm(i64, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>) attributes {llvm.emit_c_interface}
