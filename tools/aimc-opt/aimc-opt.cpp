//===- aimc-opt.cpp - The aimc optimizer driver ---------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Parses MLIR, runs aimc's and upstream passes, prints the result: the
// mlir-opt of aimc. Every stage of the compiler can be run and inspected on
// its own, e.g. `aimc-opt model.mlir --ka-lower --aimc-partition`.
//
// Before parsing, the input's bracket nesting is bounded (aimc/Support/
// Limits.h) so that hostile input gets an error instead of overflowing the
// parser's stack; --aimc-weight-budget sets the weight budget. A bad command
// line is one "aimc-opt: error: ..." line (aimc/Support/CommandLine.h).
//
//===----------------------------------------------------------------------===//

#include "aimc/InitAll.h"
#include "aimc/Support/CommandLine.h"
#include "aimc/Support/Limits.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

static llvm::cl::opt<std::string> weightBudget(
    "aimc-weight-budget",
    llvm::cl::desc("Largest size of the constant weights of a module, in "
                   "bytes with an optional K/M/G/T(iB) suffix (default 2GiB)"),
    llvm::cl::init(""));

/// Reports `message` at (line, column) of `buffer` like the MLIR parser does.
static void reportAt(const llvm::MemoryBuffer &buffer, unsigned line,
                     unsigned column, const std::string &message) {
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBuffer(buffer.getBuffer(),
                                       buffer.getBufferIdentifier()),
      llvm::SMLoc());
  llvm::SMLoc loc = sourceMgr.FindLocForLineAndColumn(1, line, column);
  sourceMgr.PrintMessage(llvm::errs(), loc, llvm::SourceMgr::DK_Error, message);
}

// The input and output of mlir::parseCLIOptions, which this driver replaces
// so that a bad command line is one "aimc-opt: error:" line.
static llvm::cl::opt<std::string> inputFilename(llvm::cl::Positional,
                                                llvm::cl::desc("<input file>"),
                                                llvm::cl::init("-"));
static llvm::cl::opt<std::string>
    outputFilename("o", llvm::cl::desc("Output filename"),
                   llvm::cl::value_desc("filename"), llvm::cl::init("-"));

/// The first line of a diagnostic of the pass pipeline parser, without its
/// own location ("MLIR Textual PassPipeline Parser:1:1: error: ").
static std::string pipelineMessage(const Diagnostic &diag) {
  std::string full = diag.str();
  llvm::StringRef text = llvm::StringRef(full).trim();
  text = text.take_until([](char c) { return c == '\n'; });
  size_t at = text.rfind(": error: ");
  if (at != llvm::StringRef::npos)
    text = text.drop_front(at + llvm::StringRef(": error: ").size());
  return text.str();
}

/// MLIR's name for the parser of pass options, in words.
static std::string rewordPassOptions(std::string message) {
  llvm::StringRef parser = "<Pass-Options-Parser>: ";
  for (size_t at; (at = message.find(parser.str())) != std::string::npos;)
    message.replace(at, parser.size(), "pass options: ");
  return message;
}

/// Makes a bad pass pipeline or pass option (`--ka-lower=nosuch=1`,
/// `--aimc-compile=chips=x`) one "aimc-opt: error: ..." line rather than
/// LLVM's option messages and an error at "<unknown>:0". Not under
/// --verify-diagnostics, whose handler must see every diagnostic.
static void reportPipelineErrorsAsToolErrors(MlirOptMainConfig &config) {
  if (config.shouldVerifyDiagnostics())
    return;
  config.setPassPipelineSetupFn([original = config](PassManager &pm) {
    llvm::SmallVector<std::string> messages;
    LogicalResult result = success();
    std::string optionErrors = aimc::captureStderr([&] {
      ScopedDiagnosticHandler handler(pm.getContext(), [&](Diagnostic &diag) {
        if (diag.getSeverity() != DiagnosticSeverity::Error)
          return failure(); // Let the tool's handler print it.
        messages.push_back(pipelineMessage(diag));
        return success();
      });
      result = original.setupPassPipeline(pm);
    });
    if (succeeded(result)) {
      llvm::errs() << optionErrors;
      return success();
    }
    // What the pass options' parsers printed comes first.
    if (!llvm::StringRef(optionErrors).trim().empty())
      messages.insert(messages.begin(),
                      aimc::formatCommandLineErrors(optionErrors, "aimc-opt"));
    llvm::errs() << "aimc-opt: error: "
                 << (messages.empty()
                         ? "invalid pass pipeline"
                         : rewordPassOptions(llvm::join(messages, "; ")))
                 << "\n";
    return failure();
  });
}

static LogicalResult runAimcOpt(int argc, char **argv,
                                DialectRegistry &registry) {
  // registerAndParseCLIOptions, with aimc's report of a bad command line.
  std::string helpHeader = registerCLIOptions(
      "aimc optimizer: analog/digital kernel-approximation compiler\n",
      registry);
  if (!aimc::parseCommandLine(argc, argv, helpHeader, "aimc-opt"))
    return failure();
  MlirOptMainConfig config = MlirOptMainConfig::createFromCLOptions();
  if (config.shouldShowDialects() || config.shouldListPasses())
    // Nothing to parse: the stock driver prints the lists.
    return MlirOptMain(argc, argv, inputFilename, outputFilename, registry);
  reportPipelineErrorsAsToolErrors(config);
  if (!weightBudget.empty()) {
    std::optional<uint64_t> bytes = aimc::parseByteCount(weightBudget);
    if (!bytes) {
      llvm::errs() << "aimc-opt: error: --aimc-weight-budget='" << weightBudget
                   << "' is not a byte count such as 4294967296 or 8GiB\n";
      return failure();
    }
    aimc::setWeightBudgetBytes(*bytes);
  }

  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> file =
      openInputFile(inputFilename, &errorMessage);
  if (!file) {
    llvm::errs() << "aimc-opt: error: " << errorMessage << "\n";
    return failure();
  }
  if (std::optional<aimc::NestingError> nesting =
          aimc::checkBeforeParsing(file->getBuffer())) {
    reportAt(*file, nesting->line, nesting->column, nesting->message);
    return failure();
  }
  std::unique_ptr<llvm::ToolOutputFile> output =
      openOutputFile(outputFilename, &errorMessage);
  if (!output) {
    llvm::errs() << "aimc-opt: error: " << errorMessage << "\n";
    return failure();
  }
  if (failed(MlirOptMain(output->os(), std::move(file), registry, config)))
    return failure();
  output->keep();
  return success();
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  DialectRegistry registry;
  aimc::registerAllDialects(registry);
  aimc::registerAllPasses();
  return asMainReturnCode(runAimcOpt(argc, argv, registry));
}
