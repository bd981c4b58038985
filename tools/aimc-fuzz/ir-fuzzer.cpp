//===- ir-fuzzer.cpp - Fuzz parsing, verification and aimc-compile --------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// libFuzzer harness: the input is MLIR text (ka, aimc, linalg, ...). It is
// bounded like the tools bound it (nesting depth, a 64 MiB weight budget),
// parsed and verified (unregistered dialects allowed), then compiled with
// the aimc-compile pipeline: down to the LLVM dialect for one input in
// four, to the runtime calls (partition, tile, place, conversion, digital
// counts) for the others. Diagnostics are the
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
#include <memory>
#include <string>

using namespace mlir;

namespace {
/// A context with the compile pipeline built for it, shared by a bounded
/// number of inputs: loading the dialects and building the pipeline per
/// input would dominate the run time, and a context kept forever would
/// accumulate the attributes every input interns.
struct Compiler {
  std::unique_ptr<MLIRContext> context = aimc::createAimcContext();
  ScopedDiagnosticHandler quiet{context.get(),
                                [](Diagnostic &) { return success(); }};
  /// aimc-compile down to the LLVM dialect, and without that last stage.
  PassManager full{context.get()}, toRuntime{context.get()};
  unsigned uses = 0;
  Compiler() {
    context->allowUnregisteredDialects(true);
    aimc::CompileOptions options;
    aimc::buildCompilePipeline(full, options);
    options.lowerToLLVM = false;
    aimc::buildCompilePipeline(toRuntime, options);
  }
};
constexpr unsigned kInputsPerContext = 256;
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const bool initialized = [] {
    aimc::setWeightBudgetBytes(uint64_t(64) << 20);
    aimc::registerPipelines();
    return true;
  }();
  (void)initialized;
  if (size > (1 << 16))
    return -1;
  static std::unique_ptr<Compiler> compiler;
  if (!compiler || ++compiler->uses > kInputsPerContext)
    compiler = std::make_unique<Compiler>();

  std::string source(reinterpret_cast<const char *>(data), size);
  llvm::Expected<OwningOpRef<ModuleOp>> module =
      aimc::parseModuleSource(source, "fuzz.mlir", compiler->context.get());
  if (!module) {
    llvm::consumeError(module.takeError());
    return 0;
  }
  // The LLVM lowering dominates the run time of valid inputs: it runs on
  // one input in four (chosen by size, so a crash reproduces).
  (void)(size % 4 == 0 ? compiler->full : compiler->toRuntime).run(**module);
  return 0;
}
