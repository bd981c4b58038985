//===- aimc-run.cpp - Compile and run a model on the simulated chip -------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
//   aimc-run MODULE.mlir --entry=NAME --input=X.npy ... --output=Y.npy ...
//            [--chip=PRESET|'#aimc.chip<...>'] [--seed=N]
//            [--t-inference=SECONDS] [--drift-compensation=false]
//            [--policy=projections|attention|all] [--min-size=N] [--chips=N]
//            [--approximate-math=false] [--json]
//
// The flags of compiling and running come from the one table of options,
// aimc/Runner/RunOptions.def (docs/Tools/RunOptions.md).
//
// Parses the module, checks the inputs against the entry's signature, then
// compiles it with the aimc-compile pipeline (skipped for a module already in
// the LLVM dialect), JIT-compiles it and programs the simulated chip
// (aimc::RunSession), calls the entry function on the .npy inputs, writes its
// results to the .npy outputs and prints a report. Any failure, a bad flag
// included, gives one "aimc-run: error: ..." line (or located diagnostics
// and that line) on stderr, a non-zero exit and no output file.
//
//===----------------------------------------------------------------------===//

#include "aimc/InitAll.h"
#include "aimc/Runner/RunSession.h"
#include "aimc/Support/CommandLine.h"
#include "aimc/Support/Limits.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdlib>
#include <sys/stat.h>

using namespace mlir;
using namespace aimc;

namespace {
llvm::cl::OptionCategory category("aimc-run options");

llvm::cl::opt<std::string> modulePath(llvm::cl::Positional,
                                      llvm::cl::desc("<module.mlir>"),
                                      llvm::cl::Required,
                                      llvm::cl::cat(category));
llvm::cl::list<std::string>
    inputPaths("input",
               llvm::cl::desc("An .npy file per argument of the entry, in "
                              "order"),
               llvm::cl::value_desc("file.npy"), llvm::cl::cat(category));
llvm::cl::list<std::string>
    outputPaths("output",
                llvm::cl::desc("An .npy file per result of the entry, in "
                               "order"),
                llvm::cl::value_desc("file.npy"), llvm::cl::cat(category));
// One flag per row of aimc/Runner/RunOptions.def (name, default and help
// from the table; the table checks the values, RunOptions::validate).
#define AIMC_RUN_OPTION_STRING(FIELD, LAYER, FLAG, PYTHON, DEFAULT, VALUE,     \
                               HELP)                                           \
  llvm::cl::opt<std::string> flag_##FIELD(                                     \
      FLAG, llvm::cl::desc(HELP), llvm::cl::value_desc(VALUE),                 \
      llvm::cl::init(DEFAULT), llvm::cl::cat(category));
#define AIMC_RUN_OPTION_CHOICE(FIELD, LAYER, FLAG, PYTHON, DEFAULT, CHOICES,   \
                               NOUN, HELP)                                     \
  llvm::cl::opt<std::string> flag_##FIELD(                                     \
      FLAG, llvm::cl::desc(HELP), llvm::cl::value_desc(CHOICES),               \
      llvm::cl::init(DEFAULT), llvm::cl::cat(category));
#define AIMC_RUN_OPTION_INT(FIELD, LAYER, FLAG, PYTHON, DEFAULT, MIN, MAX,     \
                            NOUN, HELP)                                        \
  llvm::cl::opt<int64_t> flag_##FIELD(                                         \
      FLAG, llvm::cl::desc(HELP), llvm::cl::value_desc("N"),                   \
      llvm::cl::init(DEFAULT), llvm::cl::cat(category));
#define AIMC_RUN_OPTION_UINT(FIELD, LAYER, FLAG, PYTHON, DEFAULT, HELP)        \
  llvm::cl::opt<uint64_t> flag_##FIELD(                                        \
      FLAG, llvm::cl::desc(HELP), llvm::cl::value_desc("N"),                   \
      llvm::cl::init(DEFAULT), llvm::cl::cat(category));
// Read as text: a clear message for a non-number (RunOptions checks range).
#define AIMC_RUN_OPTION_SECONDS(FIELD, LAYER, FLAG, PYTHON, DEFAULT, MAX,      \
                                NOUN, RANGE, HELP)                             \
  llvm::cl::opt<std::string> flag_##FIELD(                                     \
      FLAG, llvm::cl::desc(HELP), llvm::cl::value_desc("seconds"),             \
      llvm::cl::init(#DEFAULT), llvm::cl::cat(category));
#define AIMC_RUN_OPTION_BOOL(FIELD, LAYER, FLAG, PYTHON, DEFAULT, HELP)        \
  llvm::cl::opt<bool> flag_##FIELD(FLAG, llvm::cl::desc(HELP),                 \
                                   llvm::cl::init(DEFAULT),                    \
                                   llvm::cl::cat(category));
#include "aimc/Runner/RunOptions.def"
llvm::cl::opt<std::string> weightBudget(
    "aimc-weight-budget",
    llvm::cl::desc("Largest size of the model's constant weights, in bytes "
                   "with an optional K/M/G/T(iB) suffix (default 2GiB)"),
    llvm::cl::value_desc("bytes"), llvm::cl::init(""), llvm::cl::cat(category));
llvm::cl::opt<bool> jsonReport("json",
                               llvm::cl::desc("Print the report as JSON"),
                               llvm::cl::init(false), llvm::cl::cat(category));

int fail(const llvm::Twine &message) {
  llvm::errs() << "aimc-run: error: " << message << "\n";
  return EXIT_FAILURE;
}

int fail(llvm::Error error) { return fail(llvm::toString(std::move(error))); }

/// Parses a finite number of seconds (RunOptions checks its range).
std::optional<double> parseSeconds(llvm::StringRef text) {
  double value = 0;
  if (text.trim().getAsDouble(value) || !std::isfinite(value))
    return std::nullopt;
  return value;
}

/// Empty if `path` is a regular file (or does not exist, which the reader
/// reports); else why it is refused. FIFOs would block, devices never end.
std::string checkRegularFile(const std::string &path) {
  struct stat info;
  if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode))
    return "'" + path +
           "' is not a regular file (FIFOs, devices and directories are "
           "refused)";
  return "";
}
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  llvm::cl::HideUnrelatedOptions(category);
  if (!parseCommandLine(
          argc, argv,
          "aimc-run: compile a model and run it on the simulated AIMC chip\n",
          "aimc-run"))
    return EXIT_FAILURE;

  RunOptions options;
#define AIMC_RUN_OPTION_STRING(FIELD, LAYER, FLAG, PYTHON, DEFAULT, VALUE,     \
                               HELP)                                           \
  options.FIELD = flag_##FIELD;
#define AIMC_RUN_OPTION_CHOICE(FIELD, LAYER, FLAG, PYTHON, DEFAULT, CHOICES,   \
                               NOUN, HELP)                                     \
  options.FIELD = flag_##FIELD;
#define AIMC_RUN_OPTION_INT(FIELD, LAYER, FLAG, PYTHON, DEFAULT, MIN, MAX,     \
                            NOUN, HELP)                                        \
  options.FIELD = flag_##FIELD;
#define AIMC_RUN_OPTION_UINT(FIELD, LAYER, FLAG, PYTHON, DEFAULT, HELP)        \
  options.FIELD = flag_##FIELD;
#define AIMC_RUN_OPTION_SECONDS(FIELD, LAYER, FLAG, PYTHON, DEFAULT, MAX,      \
                                NOUN, RANGE, HELP)                             \
  if (std::optional<double> seconds = parseSeconds(flag_##FIELD))              \
    options.FIELD = *seconds;                                                  \
  else                                                                         \
    return fail("--" FLAG ": '" + flag_##FIELD +                               \
                "' is not a number of seconds");
#define AIMC_RUN_OPTION_BOOL(FIELD, LAYER, FLAG, PYTHON, DEFAULT, HELP)        \
  options.FIELD = flag_##FIELD;
#include "aimc/Runner/RunOptions.def"
  if (std::string problem = options.validate(); !problem.empty())
    return fail(problem);
  if (!weightBudget.empty()) {
    std::optional<uint64_t> bytes = parseByteCount(weightBudget);
    if (!bytes)
      return fail("--aimc-weight-budget: '" + weightBudget +
                  "' is not a byte count such as 4294967296 or 8GiB");
    setWeightBudgetBytes(*bytes);
  }
  // Two outputs naming one file (also through "..", symbolic or hard
  // links) would lose a result.
  for (size_t i = 0; i < outputPaths.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (isSameFile(outputPaths[i], outputPaths[j]))
        return fail("output files '" + outputPaths[j] + "' and '" +
                    outputPaths[i] + "' are the same file");
  if (modulePath != "-")
    if (std::string problem = checkRegularFile(modulePath); !problem.empty())
      return fail("cannot read module: " + problem);

  // Parse the module; diagnostics carry file locations.
  DialectRegistry registry;
  aimc::registerAllDialects(registry);
  MLIRContext context(registry);
  context.disableMultithreading();
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  std::string openError;
  auto file = mlir::openInputFile(modulePath, &openError);
  if (!file)
    return fail("cannot read module '" + modulePath + "': " + openError);
  if (std::optional<NestingError> nesting =
          checkBeforeParsing(file->getBuffer())) {
    llvm::errs() << modulePath << ":" << nesting->line << ":" << nesting->column
                 << ": error: " << nesting->message << "\n";
    return fail("cannot parse module '" + modulePath + "'");
  }
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return fail("cannot parse module '" + modulePath + "'");

  // Match the command line against the entry's signature.
  llvm::Expected<EntrySignature> signature =
      getEntrySignature(*module, options.entry);
  if (!signature)
    return fail(signature.takeError());
  if (inputPaths.size() != signature->args.size())
    return fail(llvm::formatv("@{0} takes {1} argument(s), but {2} --input "
                              "file(s) were given",
                              options.entry, signature->args.size(),
                              inputPaths.size()));
  if (outputPaths.size() != signature->results.size())
    return fail(llvm::formatv("@{0} returns {1} result(s), but {2} --output "
                              "file(s) were given",
                              options.entry, signature->results.size(),
                              outputPaths.size()));
  std::vector<NpyArray> inputs;
  for (const std::string &path : inputPaths) {
    std::string error;
    std::optional<NpyArray> array = readNpyFile(path, error);
    if (!array)
      return fail("cannot read input: " + error);
    inputs.push_back(std::move(*array));
  }
  if (llvm::Error error = checkInputs(*signature, inputs, inputPaths))
    return fail(std::move(error));

  // Compile, JIT-compile and program the chip, then call the entry.
  llvm::Expected<std::unique_ptr<RunSession>> session =
      RunSession::create(*module, options);
  if (!session)
    return fail(session.takeError());
  llvm::Expected<std::vector<NpyArray>> results =
      (*session)->run(options.entry, std::move(inputs));
  if (!results)
    return fail(results.takeError());
  RunReport report = (*session)->report();
  for (auto [i, input] : llvm::enumerate(report.inputs))
    input.file = inputPaths[i];

  // Write every output or none.
  NpyWriteBatch batch;
  for (auto [i, result] : llvm::enumerate(*results)) {
    report.outputs[i].file = outputPaths[i];
    batch.add(outputPaths[i], std::move(result));
  }
  std::string writeError;
  if (!batch.commit(writeError))
    return fail(writeError);

  if (jsonReport)
    llvm::outs() << llvm::formatv("{0:2}", report.toJSON()) << "\n";
  else
    report.printText(llvm::outs());
  return EXIT_SUCCESS;
}
