//===- RunBackend.cpp - The runtime behind JIT-compiled models ------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Runner/RunBackend.h"

#include "aimc/Runner/RunReport.h"

#include <cmath>

using namespace aimc;

llvm::StringRef aimc::knownChipNames() { return "hermes, ideal"; }

std::string RunOptions::validate() const {
  if (entry.empty())
    return "no entry function given (--entry=NAME)";
  if (chip != "hermes" && chip != "ideal")
    return "unknown chip '" + chip + "' (expected one of " +
           knownChipNames().str() + ")";
  if (!std::isfinite(tInferenceSeconds) || tInferenceSeconds < 0)
    return "the inference time must be a finite number of seconds >= 0, got " +
           std::to_string(tInferenceSeconds);
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
    report.analogTotal = AnalogOpStats();
    report.analogTotal.name = "total";
    return llvm::Error::success();
  }
};
} // namespace

std::unique_ptr<RunBackend> aimc::createDigitalOnlyBackend() {
  return std::make_unique<DigitalOnlyBackend>();
}

std::unique_ptr<RunBackend> aimc::createRunBackend(const RunOptions &options) {
  (void)options; // The simulated executor will be chosen by options.chip.
  return createDigitalOnlyBackend();
}
