//===- CompileStages.h - The IR after each compilation stage ----*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Compiles MLIR source text with the pipeline every host runs
// (buildAimcRunPipeline) and keeps a printed copy of the module after each
// top-level pass, so that a user can read what every stage did (ka-lower,
// aimc-partition, aimc-tile, aimc-place, ..., the LLVM dialect) without
// driving aimc-opt pass by pass. Used by `aimc.compile` in Python.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_RUNNER_COMPILESTAGES_H
#define AIMC_RUNNER_COMPILESTAGES_H

#include "aimc/Runner/RunBackend.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace aimc {

/// The module as printed after one stage.
struct CompileStage {
  /// "input" for the parsed source, else the pass's command-line argument
  /// (e.g. "aimc-place"), or its name if it has none (nested pipelines).
  std::string name;
  std::string ir;
};

/// How compileInStages prints the stages.
struct CompileStagesOptions {
  /// Print elements attributes with more elements than this as
  /// `dense_resource<__elided__>` (the IR stays readable but cannot be
  /// parsed back); nullopt prints every element.
  std::optional<int64_t> elideElementsAbove = 16;
  /// Record a stage only if the pass changed the printed module.
  bool onlyChanged = true;
};

/// Parses `source` (named `bufferName` in diagnostics), then lowers it with
/// buildAimcRunPipeline(options) and returns the printed module before the
/// first pass ("input") and after every top-level pass. Fails with the
/// parser's or the compiler's diagnostics, one per line as
/// "file:line:col: error: message".
llvm::Expected<std::vector<CompileStage>>
compileInStages(llvm::StringRef source, const RunOptions &options,
                llvm::StringRef bufferName = "<source>",
                const CompileStagesOptions &printing = {});

} // namespace aimc

#endif // AIMC_RUNNER_COMPILESTAGES_H
