//===- RunBackend.cpp - The runtime behind JIT-compiled models ------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Runner/RunBackend.h"

#include "aimc/Dialect/AIMC/IR/AIMCChip.h"
#include "aimc/Runner/RunReport.h"

using namespace aimc;

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
