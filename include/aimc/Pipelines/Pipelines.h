//===- Pipelines.h - aimc's pass pipelines ----------------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// `aimc-lower-to-llvm`: the digital lowering from upstream tensor-level IR
// (func, arith, math, tensor, linalg) to the LLVM dialect, ready for
// mlir::ExecutionEngine. See docs/Pipelines/aimc-lower-to-llvm.md.
// `aimc-compile`: a ka, linalg or aimc model to the LLVM dialect with analog
// MVMs as runtime calls. See docs/Pipelines/aimc-compile.md.
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
  PassOptions::Option<bool> approximateMath{
      *this, "approximate-math",
      llvm::cl::desc("Replace f32 sin, cos and exp by inline polynomials "
                     "that vectorise (aimc-approximate-math) instead of "
                     "calling libm"),
      llvm::cl::init(true)};
};

/// Appends `aimc-lower-to-llvm` to `pm`, which must run on builtin.module.
void buildLowerToLLVMPipeline(mlir::OpPassManager &pm,
                              const LowerToLLVMOptions &options);

/// Options of `aimc-compile`.
struct CompileOptions : public mlir::PassPipelineOptions<CompileOptions> {
  PassOptions::Option<std::string> chip{
      *this, "chip",
      llvm::cl::desc("Target chip: a preset name (hermes) or an "
                     "#aimc.chip<...> attribute; empty keeps the module's "
                     "aimc.chip (HERMES if it has none)"),
      llvm::cl::init("")};
  PassOptions::Option<std::string> policy{
      *this, "policy",
      llvm::cl::desc("Which constant-weight matmuls go analog: "
                     "projections|attention|all"),
      llvm::cl::init("projections")};
  PassOptions::Option<int64_t> minSize{
      *this, "min-size",
      llvm::cl::desc("Minimum number of weights (K*N) of an analog matmul"),
      llvm::cl::init(0)};
  PassOptions::Option<int64_t> chips{
      *this, "chips",
      llvm::cl::desc("Number of chips the placement may spread over"),
      llvm::cl::init(1)};
  PassOptions::Option<bool> countDigital{
      *this, "count-digital",
      llvm::cl::desc("Account digital work to the chip "
                     "(aimc-count-digital-ops)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> lowerToLLVM{
      *this, "lower-to-llvm",
      llvm::cl::desc("End with aimc-lower-to-llvm (else stop at the tensor "
                     "level with runtime calls)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> approximateMath{
      *this, "approximate-math",
      llvm::cl::desc("Passed to aimc-lower-to-llvm: inline polynomials for "
                     "f32 sin, cos and exp"),
      llvm::cl::init(true)};
};

/// Appends `aimc-compile` to `pm` (on builtin.module): aimc-set-chip,
/// ka-lower, canonicalize, aimc-partition, aimc-tile, aimc-place,
/// convert-aimc-to-runtime, aimc-count-digital-ops, aimc-lower-to-llvm.
void buildCompilePipeline(mlir::OpPassManager &pm,
                          const CompileOptions &options);

/// Registers the pipelines (`aimc-lower-to-llvm`, `aimc-compile`) and the
/// passes of this library (`aimc-emit-c-interface`, `aimc-approximate-math`) with the global
/// registry.
void registerPipelines();

} // namespace aimc

#endif // AIMC_PIPELINES_PIPELINES_H
