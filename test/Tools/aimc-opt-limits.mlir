// The compiler's resource limits (docs/Reliability.md): nesting depth of the
// input and the weight budget. Each gives a clear error, never a crash or an
// out-of-memory abort.

// RUN: rm -rf %t && mkdir -p %t

// Deep nesting is refused before the parser could overflow its stack.
// RUN: %python -c "print('module {' * 5000 + '}' * 5000)" > %t/modules.mlir
// RUN: not aimc-opt %t/modules.mlir 2>&1 | FileCheck %s --check-prefix=NEST
// RUN: %python -c "print('func.func private @f() attributes {a = ' + '[' * 20000 + ']' * 20000 + '}')" > %t/arrays.mlir
// RUN: not aimc-opt %t/arrays.mlir 2>&1 | FileCheck %s --check-prefix=NEST
// RUN: not aimc-run %t/arrays.mlir --entry=f 2>&1 | FileCheck %s --check-prefix=DEEP
// NEST: {{modules|arrays}}.mlir:1:{{[0-9]+}}: error: input nests brackets more than 256 levels deep
// DEEP: arrays.mlir:1:{{[0-9]+}}: error: input nests brackets more than 256 levels deep
// DEEP: aimc-run: error: cannot parse module
// Brackets inside strings and comments do not count; real nesting within
// the limit parses.
// RUN: %python -c "print('// ' + '[' * 1000 + '\nmodule attributes {test.s = \"' + '{' * 1000 + '\"} {' + ' module {' * 100 + ' }' * 100 + '}')" > %t/ok.mlir
// RUN: aimc-opt %t/ok.mlir | FileCheck %s --check-prefix=NEST-OK
// NEST-OK: module attributes {test.s =

// A projection the verifier accepts but that would need gigabytes.
// RUN: not aimc-opt %s --ka-lower 2>&1 | FileCheck %s --check-prefix=HUGE
// HUGE: error: 'ka.sample_projection' op sampling a 1000000000x2 projection needs 7.45 GiB of weights, more than the weight budget of 2 GiB (raise it with --aimc-weight-budget=<bytes>, or aimc.set_weight_budget() in Python)

// The budget is an option: a tiny one rejects a 16x32 weight (2 KiB) in
// each pass that copies weights.
// RUN: not aimc-opt %S/Inputs/weights.mlir --aimc-weight-budget=1KiB --aimc-partition 2>&1 | FileCheck %s --check-prefix=SMALL
// SMALL: error: aimc-partition: the module's constants needs 2 KiB of weights, more than the weight budget of 1 KiB
// RUN: aimc-opt %S/Inputs/weights.mlir --aimc-weight-budget=2KiB --aimc-partition -o /dev/null
// RUN: not aimc-opt %S/Inputs/weights.mlir --aimc-weight-budget=lots 2>&1 | FileCheck %s --check-prefix=BADBUDGET
// BADBUDGET: aimc-opt: error: --aimc-weight-budget='lots' is not a byte count such as 4294967296 or 8GiB

func.func @huge(%x: tensor<4x2xf32>) -> tensor<4x1000000000xf32> {
  %omega = ka.sample_projection gaussian seed(1) : tensor<1000000000x2xf32>
  %z = ka.projection %x, %omega : (tensor<4x2xf32>, tensor<1000000000x2xf32>) -> tensor<4x1000000000xf32>
  return %z : tensor<4x1000000000xf32>
}
