// RUN: aimc-opt %s --aimc-check-buffer-sizes --split-input-file -verify-diagnostics | FileCheck %s
// RUN: not aimc-opt %s --aimc-weight-budget=1KiB --aimc-check-buffer-sizes --split-input-file 2>&1 | FileCheck %s --check-prefix=SMALL

// Static buffers within the memory budget (2 GiB by default) and dynamic
// ones are left alone.
// CHECK-LABEL: func.func @fits
// CHECK: memref.alloc() : memref<1024x1024xf32>
// CHECK: memref.alloca() : memref<16xi8>
// CHECK: memref.alloc(%{{.*}}) : memref<?x1000000xf32>
// With a budget of 1 KiB, the 4 MiB buffer is refused.
// SMALL: aimc-check-buffer-sizes.mlir:[[# @LINE + 3]]:8: error: 'memref.alloc' op allocates a buffer of 4 MiB, more than the memory budget of 1 KiB (the weight budget: raise it with --aimc-weight-budget=<bytes>, or aimc.set_weight_budget() in Python)
// SMALL-NOT: memref.alloca() : memref<16xi8>
func.func @fits(%n: index) {
  %a = memref.alloc() : memref<1024x1024xf32>
  %b = memref.alloca() : memref<16xi8>
  %c = memref.alloc(%n) : memref<?x1000000xf32>
  memref.dealloc %a : memref<1024x1024xf32>
  memref.dealloc %c : memref<?x1000000xf32>
  return
}

// -----

// A temporary of 373 GiB: the compiled code's malloc would fail and the
// program would crash on the null pointer.
func.func @huge() {
  // expected-error@+1 {{'memref.alloc' op allocates a buffer of 373 GiB, more than the memory budget of 2 GiB}}
  %a = memref.alloc() : memref<100000x1000000xf32>
  memref.dealloc %a : memref<100000x1000000xf32>
  return
}

// -----

// Element counts beyond 64 bits saturate instead of wrapping to a small
// size; stack buffers are checked too.
func.func @overflow() {
  // expected-error@+1 {{'memref.alloca' op allocates a buffer of over 16 EiB}}
  %a = memref.alloca() : memref<4294967296x4294967296x4xf32>
  return
}
