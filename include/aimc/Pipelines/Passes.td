//===- Passes.td - Passes of aimc's lowering pipelines -----*- tablegen -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_PIPELINES_PASSES_TD
#define AIMC_PIPELINES_PASSES_TD

include "mlir/Pass/PassBase.td"

def EmitCInterfacePass : Pass<"aimc-emit-c-interface", "::mlir::ModuleOp"> {
  let summary = "Mark the public functions as host entry points";
  let description = [{
    Prepares a tensor-level module for execution from a host (aimc-run, the
    Python bindings): every public `func.func` with a body gets the
    `llvm.emit_c_interface` unit attribute, so that `convert-func-to-llvm`
    emits a `_mlir_ciface_<name>` wrapper taking and returning memref
    descriptors by pointer, and the discardable attribute
    `aimc.entry_type`, a copy of its function type before bufferization. The
    attribute survives the lowering to the LLVM dialect, so a host can check
    its inputs (element types and shapes) against an already lowered module.

    Declarations (e.g. the `@aimc_rt_*` runtime functions or libm functions)
    and private functions are left alone: tagging an external declaration
    would redirect its calls to a non-existent `_mlir_ciface_` symbol.

    Example:

    ```mlir
    func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> { ... }
    ```

    becomes

    ```mlir
    func.func @f(%x: tensor<4xf32>) -> tensor<4xf32>
        attributes {aimc.entry_type = (tensor<4xf32>) -> tensor<4xf32>,
                    llvm.emit_c_interface} { ... }
    ```
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // AIMC_PIPELINES_PASSES_TD
