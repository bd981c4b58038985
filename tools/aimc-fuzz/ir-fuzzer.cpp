//===- ir-fuzzer.cpp - Fuzz parsing, verification and aimc-compile --------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// libFuzzer harness: the input is MLIR text (ka, aimc, linalg, ...). It is
// bounded like the tools bound it (nesting depth, a 64 MiB weight budget),
// parsed and verified in a fresh context, then compiled with the whole
// aimc-compile pipeline down to the LLVM dialect. Diagnostics are the
// expected outcome of bad input; a crash, a sanitizer report or an
// allocation beyond libFuzzer's -rss_limit_mb is a bug.
//
//===----------------------------------------------------------------------===//

#include "aimc/Pipelines/Pipelines.h"
#include "aimc/Runner/Diagnostics.h"
#include "aimc/Support/Limits.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const bool initialized = [] {
    aimc::setWeightBudgetBytes(uint64_t(64) << 20);
    aimc::registerPipelines();
    return true;
  }();
  (void)initialized;
  if (size > (1 << 16))
    return -1;
  std::string source(reinterpret_cast<const char *>(data), size);

  // A fresh context per input: attributes interned by one input must not
  // accumulate over millions of runs.
  std::unique_ptr<MLIRContext> context = aimc::createAimcContext();
  context->allowUnregisteredDialects(size % 2 == 0);
  ScopedDiagnosticHandler quiet(context.get(),
                                [](Diagnostic &) { return success(); });
  llvm::Expected<OwningOpRef<ModuleOp>> module =
      aimc::parseModuleSource(source, "fuzz.mlir", context.get());
  if (!module) {
    llvm::consumeError(module.takeError());
    return 0;
  }
  PassManager pm(context.get());
  aimc::CompileOptions options;
  aimc::buildCompilePipeline(pm, options);
  (void)pm.run(**module);
  return 0;
}
