//===- RunOptions.h - The options of compiling and running ------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// aimc::RunOptions holds every option of compiling and running a model. Its
// fields, defaults and checks are generated from the one table of options,
// aimc/Runner/RunOptions.def, as are aimc-run's flags, the aimc-compile
// pipeline's options, the Python keywords and docs/Tools/RunOptions.md.
// getRunOptionInfos() gives the table at run time (Python, the docs).
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_RUNNER_RUNOPTIONS_H
#define AIMC_RUNNER_RUNOPTIONS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>

namespace aimc {

/// The settings of one run (aimc-run's command line, a Python session):
/// one field per row of aimc/Runner/RunOptions.def, with its default.
struct RunOptions {
#define AIMC_RUN_OPTION_STRING(FIELD, LAYER, FLAG, PYTHON, DEFAULT, VALUE,     \
                               HELP)                                           \
  std::string FIELD = DEFAULT;
#define AIMC_RUN_OPTION_CHOICE(FIELD, LAYER, FLAG, PYTHON, DEFAULT, CHOICES,   \
                               NOUN, HELP)                                     \
  std::string FIELD = DEFAULT;
#define AIMC_RUN_OPTION_INT(FIELD, LAYER, FLAG, PYTHON, DEFAULT, MIN, MAX,     \
                            NOUN, HELP)                                        \
  int64_t FIELD = DEFAULT;
#define AIMC_RUN_OPTION_UINT(FIELD, LAYER, FLAG, PYTHON, DEFAULT, HELP)        \
  uint64_t FIELD = DEFAULT;
#define AIMC_RUN_OPTION_SECONDS(FIELD, LAYER, FLAG, PYTHON, DEFAULT, MAX,      \
                                NOUN, RANGE, HELP)                             \
  double FIELD = DEFAULT;
#define AIMC_RUN_OPTION_BOOL(FIELD, LAYER, FLAG, PYTHON, DEFAULT, HELP)        \
  bool FIELD = DEFAULT;
#include "aimc/Runner/RunOptions.def"

  /// Empty if the options are valid, else a description of the first
  /// problem (invalid chip text, unknown policy, a value outside its row's
  /// range, empty entry).
  std::string validate() const;
  /// Like validate() but without requiring an entry (RunSession names the
  /// entry per call).
  std::string validateSettings() const;
};

/// The layer an option belongs to.
enum class RunOptionLayer {
  /// The aimc-compile pipeline: fixed when a module is compiled.
  Compile,
  /// The simulated chip of one run.
  Run,
};

/// The C++ type of an option.
enum class RunOptionKind { String, Choice, Int, UInt, Seconds, Bool };

/// One row of aimc/Runner/RunOptions.def.
struct RunOptionInfo {
  RunOptionKind kind;
  RunOptionLayer layer;
  /// aimc-run's --FLAG and the aimc-compile pipeline's FLAG=...
  const char *flag;
  /// The Python keyword; empty if Python has none.
  const char *python;
  /// The default as text (true/false for a bool, "" for an empty string).
  const char *defaultText;
  /// Int: the valid range; Seconds: max (min is 0).
  int64_t minInt, maxInt;
  double maxSeconds;
  /// Choice: the valid values separated by '|'.
  const char *choices;
  /// Int, Choice, Seconds: how error messages name the option.
  const char *noun;
  /// Seconds: the valid range in words.
  const char *range;
  const char *help;
};

/// Every row of aimc/Runner/RunOptions.def, in its order.
llvm::ArrayRef<RunOptionInfo> getRunOptionInfos();

/// "string", "choice", ... ; "compile" or "run".
const char *getRunOptionKindName(RunOptionKind kind);
const char *getRunOptionLayerName(RunOptionLayer layer);

/// The valid values of an option in words: "projections, attention or all",
/// "[1, 1024]", "any", "[0, 1e10] seconds", "true or false".
std::string describeRunOptionRange(const RunOptionInfo &info);

/// Prints the table as a Markdown page (docs/Tools/RunOptions.md).
void printRunOptionsMarkdown(llvm::raw_ostream &os);

} // namespace aimc

#endif // AIMC_RUNNER_RUNOPTIONS_H
