//===- RunSession.cpp - A model compiled once, run many times -------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Runner/RunSession.h"

#include "aimc/Dialect/AIMC/IR/AIMCChip.h"
#include "aimc/Dialect/AIMC/IR/AIMCRuntime.h"
#include "aimc/Transforms/Passes.h"
#include "aimc/Runner/Diagnostics.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <chrono>
#include <optional>

using namespace mlir;
using namespace aimc;

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

/// The entry functions of a module (before or after lowering).
std::vector<std::string> listEntries(ModuleOp module) {
  std::vector<std::string> names;
  for (Operation &op : module.getBody()->getOperations()) {
    StringRef name;
    if (auto func = dyn_cast<func::FuncOp>(op)) {
      if (func.isDeclaration() || !func.isPublic())
        continue;
      name = func.getSymName();
    } else if (auto func = dyn_cast<LLVM::LLVMFuncOp>(op)) {
      if (func.isExternal() || !func->hasAttr(kEntryTypeAttrName))
        continue;
      name = func.getSymName();
    } else {
      continue;
    }
    if (name == runtime::kProgramTilesFunc || name.starts_with("_mlir_ciface_"))
      continue;
    names.push_back(name.str());
  }
  return names;
}

} // namespace

class RunSession::Impl {
public:
  RunOptions options;
  /// The chip the session runs on.
  ChipModel chip;
  /// Set when the session parsed the module itself.
  std::unique_ptr<MLIRContext> ownedContext;
  /// Entry name -> signature, or the reason it cannot be called.
  std::vector<std::string> entryNames;
  llvm::StringMap<EntrySignature> signatures;
  llvm::StringMap<std::string> signatureErrors;
  /// The chip and analog ops the lowered module targets (for reprogram()).
  RunTarget target;
  std::unique_ptr<RunBackend> backend;
  std::unique_ptr<JitModule> jit;
  double compileSeconds = 0;
  double wallSeconds = 0;
  int64_t calls = 0;
  std::string lastEntry;
  std::vector<RunArrayInfo> lastInputs, lastOutputs;

  llvm::Error build(ModuleOp module);
  /// Runs the module's tile-programming function on `chipBackend`.
  llvm::Error program(RunBackend &chipBackend);
};

llvm::Error RunSession::Impl::build(ModuleOp original) {
  auto start = std::chrono::steady_clock::now();
  MLIRContext *context = original.getContext();
  DiagnosticCollector diagnostics(context);
  OwningOpRef<ModuleOp> module(original.clone());

  for (const std::string &name : listEntries(*module)) {
    entryNames.push_back(name);
    llvm::Expected<EntrySignature> signature = getEntrySignature(*module, name);
    if (signature)
      signatures[name] = std::move(*signature);
    else
      signatureErrors[name] = llvm::toString(signature.takeError());
  }

  if (failed(lowerForExecution(*module, options)))
    return diagnostics.error("compiling the module failed");
  llvm::Expected<RunTarget> target = readRunTarget(*module, options.chip);
  if (!target)
    return target.takeError();
  chip = target->chip;
  this->target = *target;
  llvm::Expected<std::unique_ptr<RunBackend>> created =
      createRunBackend(options, *target);
  if (!created)
    return created.takeError();
  backend = std::move(*created);
  llvm::Expected<std::unique_ptr<JitModule>> compiled =
      JitModule::create(*module, *backend);
  if (!compiled)
    return compiled.takeError();
  jit = std::move(*compiled);

  // Program the chip once, before any entry runs.
  if (llvm::Error error = program(*backend))
    return error;
  compileSeconds = secondsSince(start);
  return llvm::Error::success();
}

llvm::Error RunSession::Impl::program(RunBackend &chipBackend) {
  if (!jit->hasFunction(runtime::kProgramTilesFunc))
    return llvm::Error::success();
  RunReport ignored;
  if (llvm::Error error =
          jit->callVoid(runtime::kProgramTilesFunc, chipBackend, ignored))
    return llvm::createStringError("programming the chip failed: " +
                                   llvm::toString(std::move(error)));
  return llvm::Error::success();
}

RunSession::RunSession(std::unique_ptr<Impl> impl) : impl(std::move(impl)) {}
RunSession::~RunSession() = default;

llvm::Expected<std::unique_ptr<RunSession>>
RunSession::create(ModuleOp module, const RunOptions &options) {
  if (std::string problem = options.validateSettings(); !problem.empty())
    return llvm::createStringError(problem);
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (llvm::Error error = impl->build(module))
    return std::move(error);
  return std::unique_ptr<RunSession>(new RunSession(std::move(impl)));
}

llvm::Expected<std::unique_ptr<RunSession>>
RunSession::createFromSource(llvm::StringRef source, const RunOptions &options,
                             llvm::StringRef bufferName) {
  if (std::string problem = options.validateSettings(); !problem.empty())
    return llvm::createStringError(problem);
  std::unique_ptr<MLIRContext> context = createAimcContext();
  llvm::Expected<OwningOpRef<ModuleOp>> module =
      parseModuleSource(source, bufferName, context.get());
  if (!module)
    return module.takeError();
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (llvm::Error error = impl->build(**module))
    return std::move(error);
  // The JIT holds its own copy of the code; the context only has to outlive
  // the modules, which are gone.
  *module = nullptr;
  impl->ownedContext = std::move(context);
  return std::unique_ptr<RunSession>(new RunSession(std::move(impl)));
}

llvm::Expected<std::unique_ptr<RunSession>>
RunSession::createFromFile(llvm::StringRef path, const RunOptions &options) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/true);
  if (!file)
    return llvm::createStringError("cannot read module '" + path +
                                   "': " + file.getError().message());
  return createFromSource((*file)->getBuffer(), options, path);
}

const RunOptions &RunSession::getOptions() const { return impl->options; }

std::vector<std::string> RunSession::getEntryNames() const {
  return impl->entryNames;
}

llvm::Expected<EntrySignature>
RunSession::getSignature(llvm::StringRef entry) const {
  auto found = impl->signatures.find(entry);
  if (found != impl->signatures.end())
    return found->second;
  auto problem = impl->signatureErrors.find(entry);
  if (problem != impl->signatureErrors.end())
    return llvm::createStringError(problem->second);
  std::string callable;
  for (const std::string &name : impl->entryNames)
    callable += (callable.empty() ? "@" : ", @") + name;
  return llvm::createStringError(llvm::formatv(
      "unknown entry function @{0}; the module defines {1}", entry,
      callable.empty() ? "no callable function" : callable));
}

llvm::Expected<std::vector<NpyArray>>
RunSession::run(llvm::StringRef entry, std::vector<NpyArray> inputs) {
  llvm::Expected<EntrySignature> signature = getSignature(entry);
  if (!signature)
    return signature.takeError();
  RunReport call;
  std::vector<RunArrayInfo> inputInfo;
  for (auto [i, input] : llvm::enumerate(inputs))
    inputInfo.push_back({"arg" + std::to_string(i), "", input.describe()});
  llvm::Expected<std::vector<NpyArray>> results =
      impl->jit->callEntry(*signature, inputs, *impl->backend, call);
  impl->wallSeconds += call.wallSeconds;
  if (!results)
    return results.takeError();
  ++impl->calls;
  impl->lastEntry = entry.str();
  impl->lastInputs = std::move(inputInfo);
  impl->lastOutputs.clear();
  for (auto [i, result] : llvm::enumerate(*results))
    impl->lastOutputs.push_back(
        {"result" + std::to_string(i), "", result.describe()});
  return results;
}

RunReport RunSession::report() const {
  RunReport report;
  report.entry = impl->lastEntry;
  report.chip = printChip(impl->chip);
  report.chipModel = impl->chip;
  report.seed = impl->options.seed;
  report.tInferenceSeconds = impl->options.tInferenceSeconds;
  report.compileSeconds = impl->compileSeconds;
  report.wallSeconds = impl->wallSeconds;
  report.calls = impl->calls;
  report.inputs = impl->lastInputs;
  report.outputs = impl->lastOutputs;
  impl->backend->fillReport(report);
  return report;
}

void RunSession::resetStats() {
  impl->backend->resetStats();
  impl->wallSeconds = 0;
  impl->calls = 0;
}

llvm::Error RunSession::setInferenceTime(double t) {
  RunOptions changed = impl->options;
  changed.tInferenceSeconds = t;
  if (std::string problem = changed.validateSettings(); !problem.empty())
    return llvm::createStringError(problem);
  if (llvm::Error error = impl->backend->setInferenceTime(t))
    return error;
  impl->options.tInferenceSeconds = t;
  return llvm::Error::success();
}

llvm::Error RunSession::reprogram(uint64_t seed, double t) {
  RunOptions changed = impl->options;
  changed.seed = seed;
  changed.tInferenceSeconds = t;
  if (std::string problem = changed.validateSettings(); !problem.empty())
    return llvm::createStringError(problem);
  llvm::Expected<std::unique_ptr<RunBackend>> created =
      createRunBackend(changed, impl->target);
  if (!created)
    return created.takeError();
  impl->jit->rebindChip(**created);
  if (llvm::Error error = impl->program(**created)) {
    impl->jit->rebindChip(*impl->backend); // keep the old chip
    return error;
  }
  impl->backend = std::move(*created);
  impl->options = changed;
  impl->wallSeconds = 0;
  impl->calls = 0;
  return llvm::Error::success();
}

std::map<int64_t, uint64_t> RunSession::getReadNoisePositions() const {
  return impl->backend->getReadNoisePositions();
}

llvm::Error RunSession::setReadNoisePositions(
    const std::map<int64_t, uint64_t> &positions) {
  return impl->backend->setReadNoisePositions(positions);
}

int64_t RunSession::getNumTiles() const { return impl->backend->getNumTiles(); }

double RunSession::getCompileSeconds() const { return impl->compileSeconds; }
