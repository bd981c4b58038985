//===- RunOptions.cpp - The options of compiling and running --------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The checks, the run-time table and the Markdown reference of the options,
// all generated from aimc/Runner/RunOptions.def.
//
//===----------------------------------------------------------------------===//

#include "aimc/Runner/RunOptions.h"

#include "aimc/Dialect/AIMC/IR/AIMCChip.h"
#include "aimc/Executor/Config.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cmath>
#include <cstdio>
#include <limits>

using namespace aimc;

// The inference time's bound is the drift model's.
#define AIMC_RUN_OPTION_SECONDS(FIELD, LAYER, FLAG, PYTHON, DEFAULT, MAX,      \
                                NOUN, RANGE, HELP)                             \
  static constexpr double kMax_##FIELD = MAX;
#include "aimc/Runner/RunOptions.def"
static_assert(kMax_tInferenceSeconds ==
                  exec::ExecutorConfig::kMaxInferenceSeconds,
              "RunOptions.def and the drift model disagree on the longest "
              "inference time");

/// "%g" of a number.
static std::string formatReal(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
}

/// "a, b or c" of "a|b|c".
static std::string listChoices(llvm::StringRef choices) {
  llvm::SmallVector<llvm::StringRef> values;
  choices.split(values, '|');
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i)
      out += i + 1 == values.size() ? " or " : ", ";
    out += values[i].str();
  }
  return out;
}

static bool isChoice(llvm::StringRef choices, llvm::StringRef value) {
  llvm::SmallVector<llvm::StringRef> values;
  choices.split(values, '|');
  return llvm::is_contained(values, value);
}

std::string RunOptions::validate() const {
  if (entry.empty())
    return "no entry function given (--entry=NAME)";
  return validateSettings();
}

std::string RunOptions::validateSettings() const {
  if (!llvm::StringRef(chip).trim().empty())
    if (llvm::Expected<ChipModel> parsed = parseChip(chip, "--chip"); !parsed)
      return llvm::toString(parsed.takeError());
#define AIMC_RUN_OPTION_CHOICE(FIELD, LAYER, FLAG, PYTHON, DEFAULT, CHOICES,   \
                               NOUN, HELP)                                     \
  if (!isChoice(CHOICES, FIELD))                                               \
    return std::string("unknown " NOUN " '") + FIELD + "' (expected " +        \
           listChoices(CHOICES) + ")";
#define AIMC_RUN_OPTION_INT(FIELD, LAYER, FLAG, PYTHON, DEFAULT, MIN, MAX,     \
                            NOUN, HELP)                                        \
  if (FIELD < int64_t(MIN))                                                    \
    return NOUN " must be >= " + std::to_string(int64_t(MIN)) + ", got " +     \
           std::to_string(FIELD);                                              \
  if (FIELD > int64_t(MAX))                                                    \
    return NOUN " must be at most " + std::to_string(int64_t(MAX)) +           \
           ", got " + std::to_string(FIELD);
#define AIMC_RUN_OPTION_SECONDS(FIELD, LAYER, FLAG, PYTHON, DEFAULT, MAX,      \
                                NOUN, RANGE, HELP)                             \
  if (!std::isfinite(FIELD) || FIELD < 0 || FIELD > double(MAX))               \
    return NOUN " must be " RANGE ", got " + formatReal(FIELD);
#include "aimc/Runner/RunOptions.def"
  return {};
}

llvm::ArrayRef<RunOptionInfo> aimc::getRunOptionInfos() {
  static const RunOptionInfo infos[] = {
#define AIMC_RUN_OPTION_STRING(FIELD, LAYER, FLAG, PYTHON, DEFAULT, VALUE,     \
                               HELP)                                           \
  {RunOptionKind::String,                                                      \
   RunOptionLayer::LAYER,                                                      \
   FLAG,                                                                       \
   PYTHON,                                                                     \
   DEFAULT,                                                                    \
   0,                                                                          \
   0,                                                                          \
   0,                                                                          \
   "",                                                                         \
   "",                                                                         \
   "",                                                                         \
   HELP},
#define AIMC_RUN_OPTION_CHOICE(FIELD, LAYER, FLAG, PYTHON, DEFAULT, CHOICES,   \
                               NOUN, HELP)                                     \
  {RunOptionKind::Choice,                                                      \
   RunOptionLayer::LAYER,                                                      \
   FLAG,                                                                       \
   PYTHON,                                                                     \
   DEFAULT,                                                                    \
   0,                                                                          \
   0,                                                                          \
   0,                                                                          \
   CHOICES,                                                                    \
   NOUN,                                                                       \
   "",                                                                         \
   HELP},
#define AIMC_RUN_OPTION_INT(FIELD, LAYER, FLAG, PYTHON, DEFAULT, MIN, MAX,     \
                            NOUN, HELP)                                        \
  {RunOptionKind::Int,                                                         \
   RunOptionLayer::LAYER,                                                      \
   FLAG,                                                                       \
   PYTHON,                                                                     \
   #DEFAULT,                                                                   \
   int64_t(MIN),                                                               \
   int64_t(MAX),                                                               \
   0,                                                                          \
   "",                                                                         \
   NOUN,                                                                       \
   "",                                                                         \
   HELP},
#define AIMC_RUN_OPTION_UINT(FIELD, LAYER, FLAG, PYTHON, DEFAULT, HELP)        \
  {RunOptionKind::UInt,                                                        \
   RunOptionLayer::LAYER,                                                      \
   FLAG,                                                                       \
   PYTHON,                                                                     \
   #DEFAULT,                                                                   \
   0,                                                                          \
   0,                                                                          \
   0,                                                                          \
   "",                                                                         \
   "",                                                                         \
   "",                                                                         \
   HELP},
#define AIMC_RUN_OPTION_SECONDS(FIELD, LAYER, FLAG, PYTHON, DEFAULT, MAX,      \
                                NOUN, RANGE, HELP)                             \
  {RunOptionKind::Seconds,                                                     \
   RunOptionLayer::LAYER,                                                      \
   FLAG,                                                                       \
   PYTHON,                                                                     \
   #DEFAULT,                                                                   \
   0,                                                                          \
   0,                                                                          \
   double(MAX),                                                                \
   "",                                                                         \
   NOUN,                                                                       \
   RANGE,                                                                      \
   HELP},
#define AIMC_RUN_OPTION_BOOL(FIELD, LAYER, FLAG, PYTHON, DEFAULT, HELP)        \
  {RunOptionKind::Bool,                                                        \
   RunOptionLayer::LAYER,                                                      \
   FLAG,                                                                       \
   PYTHON,                                                                     \
   #DEFAULT,                                                                   \
   0,                                                                          \
   0,                                                                          \
   0,                                                                          \
   "",                                                                         \
   "",                                                                         \
   "",                                                                         \
   HELP},
#include "aimc/Runner/RunOptions.def"
  };
  return infos;
}

const char *aimc::getRunOptionKindName(RunOptionKind kind) {
  switch (kind) {
  case RunOptionKind::String:
    return "string";
  case RunOptionKind::Choice:
    return "choice";
  case RunOptionKind::Int:
    return "int";
  case RunOptionKind::UInt:
    return "uint";
  case RunOptionKind::Seconds:
    return "seconds";
  case RunOptionKind::Bool:
    return "bool";
  }
  llvm_unreachable("unknown run option kind");
}

const char *aimc::getRunOptionLayerName(RunOptionLayer layer) {
  return layer == RunOptionLayer::Compile ? "compile" : "run";
}

std::string aimc::describeRunOptionRange(const RunOptionInfo &info) {
  switch (info.kind) {
  case RunOptionKind::String:
    return "text";
  case RunOptionKind::Choice:
    return listChoices(info.choices);
  case RunOptionKind::Int:
    if (info.maxInt == std::numeric_limits<int64_t>::max())
      return ">= " + std::to_string(info.minInt);
    return "[" + std::to_string(info.minInt) + ", " +
           std::to_string(info.maxInt) + "]";
  case RunOptionKind::UInt:
    return "[0, 2^64)";
  case RunOptionKind::Seconds:
    return "[0, " + formatReal(info.maxSeconds) + "] seconds";
  case RunOptionKind::Bool:
    return "true or false";
  }
  llvm_unreachable("unknown run option kind");
}

void aimc::printRunOptionsMarkdown(llvm::raw_ostream &os) {
  os << "<!-- Generated from include/aimc/Runner/RunOptions.def by "
        "aimc-options-doc; do not edit. -->\n\n"
        "# Options of compiling and running\n\n"
        "Every option of compiling and running a model, from the one table "
        "`include/aimc/Runner/RunOptions.def`. The same names, defaults, "
        "ranges and help reach `aimc-run --FLAG=...`, the pipeline "
        "`--aimc-compile=\"FLAG=...\"` (layer compile), the Python keywords "
        "of `aimc.compile` (layer compile) and `aimc.Session` (both layers) "
        "and `aimc::RunOptions` in C++.\n\n"
        "| aimc-run / pipeline | Python | layer | default | valid | "
        "description |\n"
        "|---|---|---|---|---|---|\n";
  for (const RunOptionInfo &info : getRunOptionInfos()) {
    std::string help = info.help;
    std::string escaped;
    for (char c : help) {
      if (c == '|')
        escaped += "\\|";
      else
        escaped += c;
    }
    std::string python =
        *info.python ? std::string("`") + info.python + "`" : std::string("--");
    std::string defaultText =
        info.kind == RunOptionKind::String || info.kind == RunOptionKind::Choice
            ? "`\"" + std::string(info.defaultText) + "\"`"
            : "`" + std::string(info.defaultText) + "`";
    std::string range = describeRunOptionRange(info);
    std::string escapedRange;
    for (char c : range) {
      if (c == '|')
        escapedRange += "\\|";
      else
        escapedRange += c;
    }
    os << "| `--" << info.flag << "` | " << python << " | "
       << getRunOptionLayerName(info.layer) << " | " << defaultText << " | "
       << escapedRange << " | " << escaped << " |\n";
  }
}
