//===- CompileStages.cpp - The IR after each compilation stage ------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Runner/CompileStages.h"

#include "aimc/Runner/Diagnostics.h"
#include "aimc/Runner/Runner.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace aimc;

namespace {

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
  std::unique_ptr<MLIRContext> context = createAimcContext();
  llvm::Expected<OwningOpRef<ModuleOp>> parsed =
      parseModuleSource(source, bufferName, context.get());
  if (!parsed)
    return parsed.takeError();
  OwningOpRef<ModuleOp> module = std::move(*parsed);
  DiagnosticCollector diagnostics(context.get());

  std::vector<CompileStage> stages;
  auto recorder =
      std::make_unique<StageRecorder>(module->getOperation(), printing, stages);
  recorder->record("input");
  PassManager pm(context.get());
  pm.addInstrumentation(std::move(recorder));
  buildAimcRunPipeline(pm, options);
  if (failed(pm.run(*module)))
    return diagnostics.error("compiling '" + bufferName + "' failed");
  return stages;
}
