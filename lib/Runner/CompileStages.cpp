//===- CompileStages.cpp - The IR after each compilation stage ------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Runner/CompileStages.h"

#include "aimc/InitAll.h"
#include "aimc/Runner/Runner.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace aimc;

namespace {

/// Collects the diagnostics emitted while it lives as
/// "file:line:col: severity: message" lines (notes included).
class DiagnosticText {
public:
  explicit DiagnosticText(MLIRContext *context)
      : handler(context, [this](Diagnostic &diag) {
          append(diag);
          for (Diagnostic &note : diag.getNotes())
            append(note);
          return success();
        }) {}

  /// `what`, then the collected diagnostics, one per line.
  llvm::Error error(const llvm::Twine &what) const {
    std::string message = what.str();
    if (!text.empty())
      message += ":\n" + text;
    while (!message.empty() && message.back() == '\n')
      message.pop_back();
    return llvm::createStringError(message);
  }

private:
  void append(Diagnostic &diag) {
    std::string location;
    llvm::raw_string_ostream os(location);
    if (auto file = diag.getLocation()->findInstanceOf<FileLineColLoc>())
      os << file.getFilename().getValue() << ":" << file.getLine() << ":"
         << file.getColumn();
    else
      diag.getLocation().print(os);
    const char *severity = diag.getSeverity() == DiagnosticSeverity::Error
                               ? "error"
                           : diag.getSeverity() == DiagnosticSeverity::Warning
                               ? "warning"
                               : "note";
    text += location + ": " + severity + ": " + diag.str() + "\n";
  }

  std::string text;
  ScopedDiagnosticHandler handler;
};

/// Prints the root module after every pass that ran on it. Passes nested in
/// a pipeline on functions are named through their arguments, e.g.
/// "func.func(canonicalize, cse)".
class StageRecorder : public PassInstrumentation {
public:
  StageRecorder(Operation *root, const CompileStagesOptions &printing,
                std::vector<CompileStage> &stages)
      : root(root), printing(printing), stages(stages) {}

  void runAfterPass(Pass *pass, Operation *op) override {
    if (op != root) {
      std::string name = describe(pass);
      if (!llvm::is_contained(nested, name))
        nested.push_back(std::move(name));
      nestedOn = op->getName().getStringRef().str();
      return;
    }
    std::string name;
    if (!pass->getArgument().empty() || nested.empty()) {
      name = describe(pass);
    } else {
      name = nestedOn + "(" + llvm::join(nested, ", ") + ")";
    }
    nested.clear();
    record(std::move(name));
  }

  void record(std::string name) {
    std::string ir;
    llvm::raw_string_ostream os(ir);
    OpPrintingFlags flags;
    if (printing.elideElementsAbove)
      flags.elideLargeElementsAttrs(*printing.elideElementsAbove);
    root->print(os, flags);
    if (printing.onlyChanged && !stages.empty() && stages.back().ir == ir)
      return;
    stages.push_back({std::move(name), std::move(ir)});
  }

private:
  static std::string describe(Pass *pass) {
    return pass->getArgument().empty() ? pass->getName().str()
                                       : pass->getArgument().str();
  }

  Operation *root;
  const CompileStagesOptions &printing;
  std::vector<CompileStage> &stages;
  std::vector<std::string> nested;
  std::string nestedOn;
};

} // namespace

llvm::Expected<std::vector<CompileStage>>
aimc::compileInStages(llvm::StringRef source, const RunOptions &options,
                      llvm::StringRef bufferName,
                      const CompileStagesOptions &printing) {
  DialectRegistry registry;
  registerAllDialects(registry);
  MLIRContext context(registry);
  context.disableMultithreading();
  DiagnosticText diagnostics(&context);

  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(source, bufferName), llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return diagnostics.error(llvm::formatv("cannot parse '{0}'", bufferName));

  std::vector<CompileStage> stages;
  auto recorder =
      std::make_unique<StageRecorder>(module->getOperation(), printing, stages);
  recorder->record("input");
  PassManager pm(&context);
  pm.addInstrumentation(std::move(recorder));
  buildAimcRunPipeline(pm, options);
  if (failed(pm.run(*module)))
    return diagnostics.error(
        llvm::formatv("compiling '{0}' failed", bufferName));
  return stages;
}
