//===- RunBackend.cpp - The runtime behind JIT-compiled models ------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Runner/RunBackend.h"

#include "aimc/Dialect/AIMC/IR/AIMCChip.h"
#include "aimc/Runner/RunReport.h"

#include "aimc/Executor/Config.h"

#include <cmath>
#include <cstdio>

using namespace aimc;

std::string RunOptions::validate() const {
  if (entry.empty())
    return "no entry function given (--entry=NAME)";
  return validateSettings();
}

/// "%g" of a number of seconds.
static std::string formatSeconds(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", seconds);
  return buffer;
}

std::string RunOptions::validateSettings() const {
  if (!llvm::StringRef(chip).trim().empty())
    if (llvm::Expected<ChipModel> parsed = parseChip(chip, "--chip"); !parsed)
      return llvm::toString(parsed.takeError());
  if (!std::isfinite(tInferenceSeconds) || tInferenceSeconds < 0 ||
      tInferenceSeconds > exec::ExecutorConfig::kMaxInferenceSeconds)
    return "the inference time must be a finite number of seconds >= 0 and "
           "at most 1e10 (about 317 years; the drift model ends there), got " +
           formatSeconds(tInferenceSeconds);
  if (partitionPolicy != "projections" && partitionPolicy != "attention" &&
      partitionPolicy != "all")
    return "unknown partition policy '" + partitionPolicy +
           "' (expected projections, attention or all)";
  if (minSize < 0)
    return "the minimum analog matmul size must be >= 0, got " +
           std::to_string(minSize);
  if (numChips < 1)
    return "the number of chips must be >= 1, got " + std::to_string(numChips);
  if (numChips > 1024)
    return "the number of chips must be at most 1024, got " +
           std::to_string(numChips);
  return {};
}

RunBackend::~RunBackend() = default;

namespace {
/// No analog runtime: nothing to provide, nothing to report.
class DigitalOnlyBackend : public RunBackend {
public:
  std::string describe() const override { return "digital-only"; }
  void addRuntimeSymbols(RuntimeSymbolMap &) override {}
  llvm::Error afterCall(RunReport &report) override {
    report.analogOps.clear();
    report.totals = exec::RunStats();
    report.countsDigitalOps = false;
    return llvm::Error::success();
  }
};
} // namespace

std::unique_ptr<RunBackend> aimc::createDigitalOnlyBackend() {
  return std::make_unique<DigitalOnlyBackend>();
}

llvm::Expected<std::unique_ptr<RunBackend>>
aimc::createRunBackend(const RunOptions &options) {
  RunTarget target;
  if (!llvm::StringRef(options.chip).trim().empty()) {
    llvm::Expected<ChipModel> chip = parseChip(options.chip, "--chip");
    if (!chip)
      return chip.takeError();
    target.chip = *chip;
  }
  return createRunBackend(options, target);
}
