//===- ExecutorBackend.cpp - The simulated chip behind compiled models ----===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The run backend of a simulated chip: one aimc::exec::Executor
// (docs/Executor.md) behind the runtime ABI of generated code. A placement
// over several chips becomes one executor with chips * cores cores (global
// core index chip * cores + core, as convert-aimc-to-runtime emits it): the
// chips work in parallel like cores do, so the run's analog time is still
// the busiest core's.
//
//===----------------------------------------------------------------------===//

#include "aimc/Executor/CHandle.h"
#include "aimc/Executor/Executor.h"
#include "aimc/Runner/RunBackend.h"
#include "aimc/Runner/RunReport.h"

#include "aimc-c/RuntimeABI.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace aimc;
using namespace aimc::exec;

namespace {

class ExecutorBackend : public RunBackend {
public:
  ExecutorBackend(std::string chipName, RunTarget target, AIMCExecutor *handle)
      : chipName(std::move(chipName)), target(std::move(target)),
        handle(handle), chip(getExecutor(handle)) {}
  ~ExecutorBackend() override { aimc_executor_destroy(handle); }

  std::string describe() const override {
    return "simulated " + chipName + " chip";
  }

  void addRuntimeSymbols(RuntimeSymbolMap &symbols) override {
    symbols["aimc_rt_configure_tile"] =
        reinterpret_cast<void *>(&aimc_rt_configure_tile);
    symbols["_mlir_ciface_aimc_rt_program_tile"] =
        reinterpret_cast<void *>(&_mlir_ciface_aimc_rt_program_tile);
    symbols["_mlir_ciface_aimc_rt_mvm"] =
        reinterpret_cast<void *>(&_mlir_ciface_aimc_rt_mvm);
    symbols["_mlir_ciface_aimc_rt_mvm_accumulate"] =
        reinterpret_cast<void *>(&_mlir_ciface_aimc_rt_mvm_accumulate);
    symbols["aimc_rt_count_digital"] =
        reinterpret_cast<void *>(&aimc_rt_count_digital);
  }

  void bindChip(void **slot) override { *slot = handle; }

  llvm::Error beforeCall() override {
    chip->clearErrors();
    return llvm::Error::success();
  }

  llvm::Error afterCall(RunReport &report) override {
    std::string error = chip->getFirstError();
    if (!error.empty())
      return llvm::createStringError("the " + describe() +
                                     " reported an error: " + error);
    fillReport(report);
    return llvm::Error::success();
  }

  void fillReport(RunReport &report) const override;

  void resetStats() override { chip->resetStats(); }

  int64_t getNumTiles() const override { return chip->numTiles(); }

  llvm::Error setInferenceTime(double t) override {
    Status status = chip->setInferenceTime(t);
    if (!status)
      return llvm::createStringError(status.getMessage());
    return llvm::Error::success();
  }

  std::map<int64_t, uint64_t> getReadNoisePositions() const override {
    return chip->getReadNoisePositions();
  }

  llvm::Error
  setReadNoisePositions(const std::map<int64_t, uint64_t> &positions) override {
    Status status = chip->setReadNoisePositions(positions);
    if (!status)
      return llvm::createStringError(status.getMessage());
    return llvm::Error::success();
  }

private:
  std::string chipName;
  RunTarget target;
  AIMCExecutor *handle;
  Executor *chip;
};

} // namespace

void ExecutorBackend::fillReport(RunReport &report) const {
  report.analogOps.clear();
  auto addRow = [&](std::string name, const std::vector<int64_t> &tileIds) {
    AnalogOpStats row;
    static_cast<AnalogStats &>(row) = chip->getAnalogStats(tileIds);
    row.name = std::move(name);
    report.analogOps.push_back(std::move(row));
  };
  if (!target.analogOps.empty()) {
    for (const AnalogOpTiles &op : target.analogOps)
      addRow(op.name, op.tileIds);
  } else {
    // No op names were recorded (e.g. a hand-lowered module): a row per tile.
    for (int64_t id : chip->tileIds())
      addRow(llvm::formatv("tile {0}", id).str(), {id});
  }
  // Totals also hold the work of tiles replaced during the run.
  report.totals = chip->getStats();
  report.countsDigitalOps = true;
}

llvm::Expected<std::unique_ptr<RunBackend>>
aimc::createRunBackend(const RunOptions &options, const RunTarget &target) {
  if (std::string problem = options.validateSettings(); !problem.empty())
    return llvm::createStringError(problem);
  if (target.numChips < 1)
    return llvm::createStringError(
        llvm::formatv("the module targets {0} chips", target.numChips));
  ExecutorConfig config = ExecutorConfig::forChip(target.chip);
  if (llvm::MulOverflow(target.chip.numCores, target.numChips,
                        config.chip.numCores))
    return llvm::createStringError(llvm::formatv(
        "{0} chips of {1} cores exceed the 2^63 cores the simulator can "
        "address",
        target.numChips, target.chip.numCores));
  config.seed = options.seed;
  config.tInference = options.tInferenceSeconds;
  if (!options.driftCompensation)
    config.chip.driftCompensation = DriftCompensation::None;
  std::string error;
  std::unique_ptr<Executor> chip = Executor::create(config, error);
  if (!chip)
    return llvm::createStringError("cannot create the simulated " +
                                   target.chip.name + " chip: " + error);
  AIMCExecutor *handle = createCHandle(std::move(chip));
  return std::make_unique<ExecutorBackend>(target.chip.name, target, handle);
}
