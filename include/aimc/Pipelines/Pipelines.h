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

#include <cstdint>
#include <string>

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
  // The options of layer Compile in aimc/Runner/RunOptions.def, with the
  // names, defaults and help of aimc-run's flags and aimc::RunOptions' fields.
#define AIMC_RUN_OPTION_Compile(TYPE, FIELD, FLAG, DEFAULT, HELP)              \
  PassOptions::Option<TYPE> FIELD{*this, FLAG, llvm::cl::desc(HELP),           \
                                  llvm::cl::init(DEFAULT)};
#define AIMC_RUN_OPTION_Run(TYPE, FIELD, FLAG, DEFAULT, HELP)
#define AIMC_RUN_OPTION_STRING(FIELD, LAYER, FLAG, PYTHON, DEFAULT, VALUE,     \
                               HELP)                                           \
  AIMC_RUN_OPTION_##LAYER(std::string, FIELD, FLAG, DEFAULT, HELP)
#define AIMC_RUN_OPTION_CHOICE(FIELD, LAYER, FLAG, PYTHON, DEFAULT, CHOICES,   \
                               NOUN, HELP)                                     \
  AIMC_RUN_OPTION_##LAYER(std::string, FIELD, FLAG, DEFAULT, HELP)
#define AIMC_RUN_OPTION_INT(FIELD, LAYER, FLAG, PYTHON, DEFAULT, MIN, MAX,     \
                            NOUN, HELP)                                        \
  AIMC_RUN_OPTION_##LAYER(int64_t, FIELD, FLAG, DEFAULT, HELP)
#define AIMC_RUN_OPTION_UINT(FIELD, LAYER, FLAG, PYTHON, DEFAULT, HELP)        \
  AIMC_RUN_OPTION_##LAYER(uint64_t, FIELD, FLAG, DEFAULT, HELP)
#define AIMC_RUN_OPTION_SECONDS(FIELD, LAYER, FLAG, PYTHON, DEFAULT, MAX,      \
                                NOUN, RANGE, HELP)                             \
  AIMC_RUN_OPTION_##LAYER(double, FIELD, FLAG, DEFAULT, HELP)
#define AIMC_RUN_OPTION_BOOL(FIELD, LAYER, FLAG, PYTHON, DEFAULT, HELP)        \
  AIMC_RUN_OPTION_##LAYER(bool, FIELD, FLAG, DEFAULT, HELP)
#include "aimc/Runner/RunOptions.def"
#undef AIMC_RUN_OPTION_Compile
#undef AIMC_RUN_OPTION_Run

  // Options of the pipeline alone.
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
};

/// Appends `aimc-compile` to `pm` (on builtin.module): aimc-set-chip,
/// ka-lower, canonicalize, aimc-partition, aimc-tile, aimc-place,
/// convert-aimc-to-runtime, aimc-count-digital-ops, aimc-lower-to-llvm.
void buildCompilePipeline(mlir::OpPassManager &pm,
                          const CompileOptions &options);

/// Registers the pipelines (`aimc-lower-to-llvm`, `aimc-compile`) and the
/// passes of this library (`aimc-emit-c-interface`, `aimc-approximate-math`)
/// with the global registry.
void registerPipelines();

} // namespace aimc

#endif // AIMC_PIPELINES_PIPELINES_H
