//===- Pipelines.h - aimc's pass pipelines ----------------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// `aimc-lower-to-llvm`: the digital lowering from upstream tensor-level IR
// (func, arith, math, tensor, linalg) to the LLVM dialect, ready for
// mlir::ExecutionEngine. See docs/Pipelines/aimc-lower-to-llvm.md.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_PIPELINES_PIPELINES_H
#define AIMC_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace aimc {

/// Options of `aimc-lower-to-llvm`.
struct LowerToLLVMOptions
    : public mlir::PassPipelineOptions<LowerToLLVMOptions> {
  PassOptions::Option<bool> emitCInterface{
      *this, "emit-c-interface",
      llvm::cl::desc("Give the public functions a _mlir_ciface_ wrapper and "
                     "record their tensor-level type (aimc-emit-c-interface)"),
      llvm::cl::init(true)};
};

/// Appends `aimc-lower-to-llvm` to `pm`, which must run on builtin.module.
void buildLowerToLLVMPipeline(mlir::OpPassManager &pm,
                              const LowerToLLVMOptions &options);

/// Registers the pipelines (`aimc-lower-to-llvm`) and the passes of this
/// library (`aimc-emit-c-interface`) with the global registry.
void registerPipelines();

} // namespace aimc

#endif // AIMC_PIPELINES_PIPELINES_H
