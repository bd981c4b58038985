//===- AIMCToRuntime.h - aimc ops to runtime ABI calls ----------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The conversion of placed analog programs to calls of the executor's
// runtime ABI (pass `convert-aimc-to-runtime`, docs/Conversion/
// convert-aimc-to-runtime.md). Tiles are hoisted into the generated one-time
// programming function by `programTiles`; MVMs and accumulations are
// rewritten by the patterns.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_CONVERSION_AIMCTORUNTIME_AIMCTORUNTIME_H
#define AIMC_CONVERSION_AIMCTORUNTIME_AIMCTORUNTIME_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"

namespace aimc {

/// Adds the patterns rewriting `aimc.mvm` into `@aimc_rt_mvm` calls on
/// buffers (the module must declare the function, see
/// aimc::runtime::declareFunction) and `aimc.accumulate` into an
/// elementwise `linalg.generic` sum.
void populateAIMCToRuntimePatterns(mlir::RewritePatternSet &patterns);

/// Hoists every placed `aimc.tile` of `module` into constant
/// `memref.global`s and configure/program calls in the generated
/// `@aimc_program_tiles` (created, or extended if it exists), declares the
/// runtime functions and records `aimc.analog_ops`. The tile ops stay (the
/// MVM patterns read their ids). Fails with a diagnostic on unplaced tiles,
/// non-constant weights, tiles read with two configurations and symbol
/// clashes.
mlir::LogicalResult programTiles(mlir::ModuleOp module);

} // namespace aimc

#endif // AIMC_CONVERSION_AIMCTORUNTIME_AIMCTORUNTIME_H
