// Ops of unregistered dialects have no Dialect object: ka-lower (and the
// digital-op count) must not dereference it (it used to crash).
// RUN: aimc-opt %s --allow-unregistered-dialect --ka-lower | FileCheck %s
// RUN: aimc-opt %s --allow-unregistered-dialect --ka-lower --aimc-count-digital-ops | FileCheck %s

// CHECK: "foo.bar"() : () -> ()
"foo.bar"() : () -> ()

// CHECK-LABEL: func.func @f
// CHECK: "foo.baz"(%{{.*}}) : (f32) -> f32
func.func @f(%x: f32) -> f32 {
  %y = "foo.baz"(%x) : (f32) -> f32
  return %y : f32
}
