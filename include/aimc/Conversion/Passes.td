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

    - the tiles become three private constant globals, `@aimc_tiles_weights`
      (all weight blocks, row-major, one after the other),
      `@aimc_tiles_table` (per tile: id, global core, row and column offset,
      rows, columns, weight offset, mode, calibration) and
      `@aimc_tiles_params` (percentile, input range, noise scale of the
      tile's `#aimc.mvm_config`), and one loop in the generated public
      function `@aimc_program_tiles` (with `llvm.emit_c_interface`) that
      calls `@aimc_rt_configure_tile` and `@aimc_rt_program_tile` per tile.
      The host calls it once after loading the module, before any entry
      function. A placement on chip `p`, core `c` uses the global core index
      `p * cores + c`.
    - an analog product (the `tensor.concat` of column blocks, each an
      `aimc.mvm` or an `aimc.accumulate` of MVMs, that `aimc-tile` emits; or
      a lone MVM or accumulation) becomes one output buffer
      (`memref.alloc`, returned with `bufferization.to_tensor ... restrict
      writable`) whose column slices the MVMs write through
      `@aimc_rt_mvm` (first row block) and `@aimc_rt_mvm_accumulate`
      (further row blocks: the digital partial-sum additions after the ADC,
      counted by the runtime); inputs are passed through
      `bufferization.to_buffer ... read_only`. The function stays at the
      tensor level, and one-shot bufferization (in `aimc-lower-to-llvm`)
      handles the rest.
    - an `aimc.accumulate` of other values becomes one elementwise
      `linalg.generic` sum.

    The module gets `aimc.analog_ops`, one entry per analog op (the tiles
    sharing a source location in one function) with its name and tile ids,
    which hosts use to report statistics per op.

    Fails with a diagnostic on a tile without placement or without constant
    weights, an MVM whose tile is not an `aimc.tile`, a non-f32 MVM, a tile
    read with two different configurations, an untiled `aimc.matmul`, and on
    `@aimc_rt_*` or `@aimc_program_tiles` symbols that clash with what the
    pass generates.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::bufferization::BufferizationDialect",
    "::mlir::func::FuncDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

#endif // AIMC_CONVERSION_PASSES_TD
