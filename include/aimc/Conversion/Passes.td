//===- Passes.td - aimc's conversion passes ----------------*- tablegen -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_CONVERSION_PASSES_TD
#define AIMC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertAIMCToRuntime : Pass<"convert-aimc-to-runtime", "::mlir::ModuleOp"> {
  let summary = "Turn placed analog ops into calls of the executor's runtime ABI";
  let description = [{
    Lowers a placed `aimc` program (after `aimc-place`) to upstream dialects
    and calls of the runtime ABI (include/aimc-c/RuntimeABI.h):

    - every `aimc.tile` becomes a private constant `memref.global` holding its
      weight block and, in the generated public function
      `@aimc_program_tiles` (with `llvm.emit_c_interface`), a call of
      `@aimc_rt_configure_tile` with the `#aimc.mvm_config` of the MVMs that
      read it, then `@aimc_rt_program_tile` at its placement. The host calls
      `@aimc_program_tiles` once after loading the module, before any entry
      function. Placements on chip `p` use the global core index
      `p * cores + core`.
    - every `aimc.mvm` becomes `@aimc_rt_mvm` on buffers: the input through
      `bufferization.to_buffer ... read_only`, the result a fresh
      `memref.alloc` returned with `bufferization.to_tensor ... restrict`, so
      that the function stays at the tensor level and one-shot bufferization
      (in `aimc-lower-to-llvm`) handles the rest.
    - every `aimc.accumulate` becomes one elementwise `linalg.generic` sum.

    The module gets `aimc.analog_ops`, one entry per analog op (the tiles
    sharing a source location in one function) with its name and tile ids,
    which hosts use to report statistics per op.

    Fails with a diagnostic on a tile without placement or without constant
    weights, an MVM whose tile is not an `aimc.tile`, a tile read with two
    different configurations, and on `@aimc_rt_*` or `@aimc_program_tiles`
    symbols that clash with what the pass generates.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::bufferization::BufferizationDialect",
    "::mlir::func::FuncDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

#endif // AIMC_CONVERSION_PASSES_TD
