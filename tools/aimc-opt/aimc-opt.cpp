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
// parser's stack; --aimc-weight-budget sets the weight budget.
//
//===----------------------------------------------------------------------===//

#include "aimc/InitAll.h"
#include "aimc/Support/Limits.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
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

static LogicalResult runAimcOpt(int argc, char **argv,
                                DialectRegistry &registry) {
  auto [inputFilename, outputFilename] = registerAndParseCLIOptions(
      argc, argv,
      "aimc optimizer: analog/digital kernel-approximation compiler\n",
      registry);
  MlirOptMainConfig config = MlirOptMainConfig::createFromCLOptions();
  if (config.shouldShowDialects() || config.shouldListPasses())
    // Nothing to parse: the stock driver prints the lists.
    return MlirOptMain(argc, argv, inputFilename, outputFilename, registry);
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
