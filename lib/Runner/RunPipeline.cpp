//===- RunPipeline.cpp - From a parsed model to the LLVM dialect ----------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Pipelines/Pipelines.h"
#include "aimc/Runner/Runner.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"

using namespace mlir;
using namespace aimc;

void aimc::buildAimcRunPipeline(OpPassManager &pm, const RunOptions &options) {
  // Every option of layer Compile (aimc-set-chip gives the module
  // options.chip, if any, so that the placement and the simulated chip see
  // one chip).
  CompileOptions compile;
#define AIMC_RUN_OPTION_Compile(FIELD) compile.FIELD = options.FIELD;
#define AIMC_RUN_OPTION_Run(FIELD)
#define AIMC_RUN_OPTION_STRING(FIELD, LAYER, FLAG, PYTHON, DEFAULT, VALUE,     \
                               HELP)                                           \
  AIMC_RUN_OPTION_##LAYER(FIELD)
#define AIMC_RUN_OPTION_CHOICE(FIELD, LAYER, FLAG, PYTHON, DEFAULT, CHOICES,   \
                               NOUN, HELP)                                     \
  AIMC_RUN_OPTION_##LAYER(FIELD)
#define AIMC_RUN_OPTION_INT(FIELD, LAYER, FLAG, PYTHON, DEFAULT, MIN, MAX,     \
                            NOUN, HELP)                                        \
  AIMC_RUN_OPTION_##LAYER(FIELD)
#define AIMC_RUN_OPTION_UINT(FIELD, LAYER, FLAG, PYTHON, DEFAULT, HELP)        \
  AIMC_RUN_OPTION_##LAYER(FIELD)
#define AIMC_RUN_OPTION_SECONDS(FIELD, LAYER, FLAG, PYTHON, DEFAULT, MAX,      \
                                NOUN, RANGE, HELP)                             \
  AIMC_RUN_OPTION_##LAYER(FIELD)
#define AIMC_RUN_OPTION_BOOL(FIELD, LAYER, FLAG, PYTHON, DEFAULT, HELP)        \
  AIMC_RUN_OPTION_##LAYER(FIELD)
#include "aimc/Runner/RunOptions.def"
#undef AIMC_RUN_OPTION_Compile
#undef AIMC_RUN_OPTION_Run
  buildCompilePipeline(pm, compile);
}

/// The first op of `module` outside the LLVM dialect, or null. An op that
/// no conversion handled is preferred to the unrealized casts left around
/// it (which only name the symptom).
static Operation *findNonLLVMOp(ModuleOp module) {
  Operation *found = nullptr;
  module.getBody()->walk([&](Operation *op) {
    Dialect *dialect = op->getDialect();
    if (dialect && isa<LLVM::LLVMDialect>(dialect))
      return WalkResult::advance();
    bool cast = isa<UnrealizedConversionCastOp>(op);
    if (!found || (isa<UnrealizedConversionCastOp>(found) && !cast))
      found = op;
    return cast ? WalkResult::advance() : WalkResult::interrupt();
  });
  return found;
}

bool aimc::isLLVMDialectModule(ModuleOp module) {
  return !findNonLLVMOp(module);
}

LogicalResult aimc::lowerForExecution(ModuleOp module,
                                      const RunOptions &options) {
  if (isLLVMDialectModule(module))
    return success();
  PassManager pm(module.getContext());
  buildAimcRunPipeline(pm, options);
  if (failed(pm.run(module)))
    return failure();
  if (Operation *left = findNonLLVMOp(module))
    return left->emitError("'")
           << left->getName()
           << "' is left after lowering to the LLVM dialect; aimc-run cannot "
              "execute it";
  return success();
}
