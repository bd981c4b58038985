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

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace aimc;
using namespace aimc::exec;

namespace {

/// Names of the digital operation kinds of aimc_rt_count_digital.
constexpr const char *kDigitalKindNames[kNumDigitalOpKinds] = {
    "add", "multiply", "transcendental", "other"};

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
  /// Sums the statistics of `tileIds` (the tiles that exist) into one row.
  AnalogOpStats sumTiles(llvm::StringRef name,
                         llvm::ArrayRef<int64_t> tileIds) const;

  std::string chipName;
  RunTarget target;
  AIMCExecutor *handle;
  Executor *chip;
};

} // namespace

AnalogOpStats ExecutorBackend::sumTiles(llvm::StringRef name,
                                        llvm::ArrayRef<int64_t> tileIds) const {
  AnalogOpStats row;
  row.name = name.str();
  llvm::SmallDenseMap<int64_t, double> coreBusy;
  double cells = 0;
  for (int64_t id : tileIds) {
    const Tile *tile = chip->getTile(id);
    if (!tile)
      continue;
    const TileStats &stats = tile->getStats();
    ++row.tiles;
    row.mvms += static_cast<uint64_t>(stats.mvms);
    row.operations += static_cast<uint64_t>(stats.ops);
    row.energyJoules += stats.energyJ;
    coreBusy[tile->getPlacement().core] += stats.busyTimeS;
    cells += static_cast<double>(tile->rows() * tile->cols());
  }
  // The op's cores work in parallel; it takes as long as its busiest core.
  for (const auto &[core, busy] : coreBusy)
    row.latencySeconds = std::max(row.latencySeconds, busy);
  const ChipModel &model = chip->getConfig().chip;
  if (!coreBusy.empty())
    row.utilization = cells / (static_cast<double>(coreBusy.size()) *
                               static_cast<double>(model.cellsPerCrossbar()));
  return row;
}

void ExecutorBackend::fillReport(RunReport &report) const {
  report.analogOps.clear();
  std::vector<int64_t> allTiles = chip->tileIds();
  if (!target.analogOps.empty()) {
    for (const AnalogOpTiles &op : target.analogOps)
      report.analogOps.push_back(sumTiles(op.name, op.tileIds));
  } else {
    // No op names were recorded (e.g. a hand-lowered module): a row per tile.
    for (int64_t id : allTiles)
      report.analogOps.push_back(
          sumTiles(llvm::formatv("tile {0}", id).str(), id));
  }

  RunStats stats = chip->getStats();
  AnalogOpStats total = sumTiles("total", allTiles);
  // Totals also hold the work of tiles replaced during the run.
  total.mvms = static_cast<uint64_t>(stats.mvms);
  total.operations = static_cast<uint64_t>(stats.analogOps);
  total.energyJoules = stats.analogEnergyJ;
  total.latencySeconds = stats.analogTimeS;
  report.analogTotal = total;
  report.chipUtilization = stats.utilisation;

  report.digitalOps.clear();
  for (int64_t kind = 0; kind < kNumDigitalOpKinds; ++kind)
    report.digitalOps.push_back(
        {kDigitalKindNames[kind],
         static_cast<uint64_t>(stats.digitalOps[kind])});
  report.digitalEnergyJoules = stats.digitalEnergyJ;
  report.digitalSeconds = stats.digitalTimeS;
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
