//===- Chip.cpp - A simulated AIMC chip -----------------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Executor/Executor.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <vector>

using namespace aimc;
using namespace aimc::exec;

namespace {
std::string str(int64_t v) { return std::to_string(v); }

/// Fewest rows of a first MVM batch from which a tile also fits its
/// per-column affine correction (a least-squares fit of two parameters per
/// column from a handful of noisy reads would add more error than it
/// removes); smaller batches calibrate the converter ranges only.
constexpr int64_t kMinAffineCalibrationRows = 32;

/// True if a contiguous row holds a NaN or an infinity (all exponent bits
/// set); a branch-free integer reduction that vectorises.
bool rowHasNonFinite(const float *row, int64_t count) {
  uint32_t found = 0;
  for (int64_t j = 0; j < count; ++j) {
    uint32_t bits;
    std::memcpy(&bits, row + j, sizeof bits);
    found |= (bits & 0x7f800000u) == 0x7f800000u;
  }
  return found != 0;
}

/// Position of the first non-finite element of a view, if any.
bool firstNonFinite(const ConstView2D &v, int64_t &row, int64_t &col) {
  for (int64_t i = 0; i < v.rows; ++i) {
    if (v.s1 == 1 && !rowHasNonFinite(v.data + i * v.s0, v.cols))
      continue;
    for (int64_t j = 0; j < v.cols; ++j)
      if (!std::isfinite(v.at(i, j))) {
        row = i;
        col = j;
        return true;
      }
  }
  return false;
}
} // namespace

Executor::Executor(const ExecutorConfig &config)
    : config(config), device(config.deviceModel()),
      pool(std::make_unique<WorkerPool>()) {
  if (this->config.gemmRowQuantum == 0)
    this->config.gemmRowQuantum = ExecutorConfig::defaultGemmRowQuantum();
}

std::unique_ptr<Executor> Executor::create(const ExecutorConfig &config,
                                           std::string &error) {
  error = config.validate();
  if (!error.empty())
    return nullptr;
  return std::unique_ptr<Executor>(new Executor(config));
}

Status Executor::fail(std::string message) const {
  std::lock_guard<std::mutex> lock(mutex);
  if (firstError.empty())
    firstError = message;
  lastError = message;
  return Status::error(std::move(message));
}

std::string Executor::getFirstError() const {
  std::lock_guard<std::mutex> lock(mutex);
  return firstError;
}
std::string Executor::getLastError() const {
  std::lock_guard<std::mutex> lock(mutex);
  return lastError;
}
void Executor::clearErrors() {
  std::lock_guard<std::mutex> lock(mutex);
  firstError.clear();
  lastError.clear();
}

Tile *Executor::findTile(int64_t tileId, Status &status, const char *what) {
  auto it = tiles.find(tileId);
  if (it == tiles.end()) {
    status = fail(std::string(what) + ": tile " + str(tileId) +
                  " has not been programmed");
    return nullptr;
  }
  return it->second.get();
}

std::vector<int64_t> Executor::tileIds() const {
  std::vector<int64_t> ids;
  ids.reserve(tiles.size());
  for (const auto &entry : tiles)
    ids.push_back(entry.first);
  return ids;
}

const Tile *Executor::getTile(int64_t tileId) const {
  auto it = tiles.find(tileId);
  return it == tiles.end() ? nullptr : it->second.get();
}

Status Executor::programTile(int64_t tileId, int64_t core, int64_t rowOffset,
                             int64_t colOffset, const ConstView2D &w) {
  const ChipModel &chip = config.chip;
  std::string where = "program tile " + str(tileId) + ": ";
  if (tileId < 0)
    return fail(where + "tile ids must be non-negative");
  if (!chip.hasCore(core))
    return fail(where + "core " + str(core) + " does not exist (the chip has " +
                str(chip.numCores) + " cores)");
  if (!w.data)
    return fail(where + "null weight buffer");
  if (w.rows <= 0 || w.cols <= 0)
    return fail(where + "empty weight block " + str(w.rows) + "x" +
                str(w.cols));
  if (!chip.fitsCrossbar(w.rows, w.cols))
    return fail(where + "weight block " + str(w.rows) + "x" + str(w.cols) +
                " is larger than a " + str(chip.crossbarRows) + "x" +
                str(chip.crossbarCols) + " crossbar");
  if (!chip.fitsAt(rowOffset, colOffset, w.rows, w.cols))
    return fail(where + "block " + str(w.rows) + "x" + str(w.cols) + " at (" +
                str(rowOffset) + ", " + str(colOffset) +
                ") does not fit inside a " + str(chip.crossbarRows) + "x" +
                str(chip.crossbarCols) + " crossbar");
  int64_t bad_i, bad_j;
  if (firstNonFinite(w, bad_i, bad_j))
    return fail(where + "weight (" + str(bad_i) + ", " + str(bad_j) +
                ") is not finite");
  TilePlacement placement{core, rowOffset, colOffset, w.rows, w.cols};
  for (const auto &[otherId, other] : tiles) {
    if (otherId != tileId && placement.overlaps(other->getPlacement())) {
      const TilePlacement &o = other->getPlacement();
      return fail(where + "block at core " + str(core) + " rows [" +
                  str(rowOffset) + ", " + str(rowOffset + w.rows) + ") cols [" +
                  str(colOffset) + ", " + str(colOffset + w.cols) +
                  ") overlaps tile " + str(otherId) + " (rows [" +
                  str(o.rowOffset) + ", " + str(o.rowOffset + o.rows) +
                  ") cols [" + str(o.colOffset) + ", " +
                  str(o.colOffset + o.cols) + "))");
    }
  }
  auto it = tiles.find(tileId);
  if (it != tiles.end()) {
    const TilePlacement &old = it->second->getPlacement();
    if (old.core == core && old.rowOffset == rowOffset &&
        old.colOffset == colOffset && it->second->holds(w))
      return Status();
  }
  placeTile(tileId, placement, w);
  return Status();
}

void Executor::placeTile(int64_t tileId, const TilePlacement &placement,
                         const ConstView2D &w) {
  auto it = tiles.find(tileId);
  if (it != tiles.end()) {
    // Keep the replaced tile's work in the run totals.
    const AnalogStats &old = it->second->getStats();
    retired.mvms += old.mvms;
    retired.operations += old.operations;
    retired.energyJ += old.energyJ;
    retiredCoreBusy[it->second->getPlacement().core] += old.latencyS;
  }
  auto settings = tileSettings.find(tileId);
  std::unique_ptr<Tile> tile;
  if (settings == tileSettings.end()) {
    tile =
        std::make_unique<Tile>(config, device, tileId, placement, pool.get());
    pendingCalibration.erase(tileId);
  } else {
    ExecutorConfig tileConfig = settings->second.apply(config);
    tile = std::make_unique<Tile>(tileConfig, tileConfig.deviceModel(), tileId,
                                  placement, pool.get());
    if (settings->second.calibrateOnFirstMVM)
      pendingCalibration.insert(tileId);
    else
      pendingCalibration.erase(tileId);
  }
  tile->program(w);
  tiles[tileId] = std::move(tile);
}

Status Executor::configureTile(int64_t tileId, const TileSettings &settings) {
  std::string where = "configure tile " + str(tileId) + ": ";
  if (tileId < 0)
    return fail(where + "tile ids must be non-negative");
  if (std::string problem = settings.validate(); !problem.empty())
    return fail(where + problem);
  auto known = tileSettings.find(tileId);
  if (known != tileSettings.end() && known->second == settings)
    return Status();
  tileSettings[tileId] = settings;
  auto it = tiles.find(tileId);
  if (it == tiles.end())
    return Status();
  // Program the tile again under its new settings.
  Tile &tile = *it->second;
  std::vector<float> weights = tile.originalWeights();
  ConstView2D w{weights.data(), tile.rows(), tile.cols(), tile.cols(), 1};
  placeTile(tileId, tile.getPlacement(), w);
  return Status();
}

Status Executor::calibrateTile(int64_t tileId, const ConstView2D &x) {
  Status status;
  Tile *tile = findTile(tileId, status, "calibrate");
  if (!tile)
    return status;
  std::string where = "calibrate tile " + str(tileId) + ": ";
  if (!x.data || x.rows <= 0)
    return fail(where + "no calibration inputs");
  if (x.cols != tile->rows())
    return fail(where + "inputs have " + str(x.cols) +
                " columns but the tile has " + str(tile->rows()) + " rows");
  int64_t bi, bj;
  if (firstNonFinite(x, bi, bj))
    return fail(where + "input (" + str(bi) + ", " + str(bj) +
                ") is not finite");
  tile->calibrate(x);
  pendingCalibration.erase(tileId);
  return Status();
}

Status Executor::mvm(int64_t tileId, const ConstView2D &x, const View2D &y,
                     int64_t threads) {
  Status status;
  Tile *tile = findTile(tileId, status, "mvm");
  if (!tile)
    return status;
  std::string where = "mvm on tile " + str(tileId) + ": ";
  if (x.rows < 0 || x.cols < 0 || y.rows < 0 || y.cols < 0)
    return fail(where + "negative sizes");
  if (x.cols != tile->rows())
    return fail(where + "input has " + str(x.cols) +
                " columns but the tile has " + str(tile->rows()) +
                " rows (shape mismatch)");
  if (y.cols != tile->cols())
    return fail(where + "output has " + str(y.cols) +
                " columns but the tile has " + str(tile->cols()) +
                " columns (shape mismatch)");
  if (y.rows != x.rows)
    return fail(where + "output has " + str(y.rows) +
                " rows but the input has " + str(x.rows) + " (shape mismatch)");
  if (x.rows == 0)
    return Status();
  if (!x.data || !y.data)
    return fail(where + "null input or output buffer");
  int64_t bi, bj;
  if (firstNonFinite(x, bi, bj))
    return fail(where + "input (" + str(bi) + ", " + str(bj) +
                ") is not finite");
  bool calibrateFirst;
  {
    // MVMs on different tiles may run concurrently.
    std::lock_guard<std::mutex> lock(mutex);
    calibrateFirst = pendingCalibration.erase(tileId) != 0;
  }
  if (calibrateFirst)
    tile->calibrate(x, /*fitAffine=*/x.rows >= kMinAffineCalibrationRows);
  tile->mvm(x, y, threads > 0 ? threads : config.numThreads);
  return Status();
}

bool Executor::isCalibrationPending(int64_t tileId) const {
  std::lock_guard<std::mutex> lock(mutex);
  return pendingCalibration.count(tileId) != 0;
}

Status Executor::setInferenceTime(double t) {
  if (!std::isfinite(t) || t < 0 || t > ExecutorConfig::kMaxInferenceSeconds)
    return fail("set inference time: time must be finite, non-negative and "
                "at most 1e10 seconds, got " +
                std::to_string(t));
  config.tInference = t;
  for (auto &[id, tile] : tiles)
    tile->setInferenceTime(t);
  return Status();
}

std::map<int64_t, uint64_t> Executor::getReadNoisePositions() const {
  std::map<int64_t, uint64_t> positions;
  for (const auto &[id, tile] : tiles)
    positions[id] = tile->getRowCounter();
  return positions;
}

Status
Executor::setReadNoisePositions(const std::map<int64_t, uint64_t> &positions) {
  for (const auto &entry : positions)
    if (!tiles.count(entry.first))
      return fail("set read-noise positions: no tile " + str(entry.first));
  for (const auto &[id, position] : positions)
    tiles.at(id)->setRowCounter(position);
  return Status();
}

Status Executor::countDigital(int64_t kind, double ops) {
  if (kind < 0 || kind >= kNumDigitalOpKinds)
    return fail("count digital: unknown operation kind " + str(kind) +
                " (expected 0 add, 1 multiply, 2 transcendental, 3 other)");
  if (!std::isfinite(ops) || ops < 0)
    return fail("count digital: operation count must be non-negative");
  std::lock_guard<std::mutex> lock(mutex);
  digitalOps[kind] += ops;
  return Status();
}

namespace {
/// Sums the work of tiles into one AnalogStats: cores work in parallel, so
/// the latency is the busiest core's; utilization is over the crossbars of
/// the cores the tiles occupy.
class AnalogSum {
public:
  explicit AnalogSum(int64_t cellsPerCrossbar)
      : cellsPerCrossbar(static_cast<double>(cellsPerCrossbar)) {}
  void add(const Tile &tile) {
    const AnalogStats &t = tile.getStats();
    ++sum.tiles;
    sum.mvms += t.mvms;
    sum.operations += t.operations;
    sum.energyJ += t.energyJ;
    coreBusy[tile.getPlacement().core] += t.latencyS;
    liveCores.insert(tile.getPlacement().core);
    cells +=
        static_cast<double>(tile.rows()) * static_cast<double>(tile.cols());
  }
  /// Work of replaced tiles: counted, but they occupy no crossbar any more.
  void addRetired(const AnalogStats &retired,
                  const std::map<int64_t, double> &retiredCoreBusy) {
    sum.mvms += retired.mvms;
    sum.operations += retired.operations;
    sum.energyJ += retired.energyJ;
    for (const auto &[core, busy] : retiredCoreBusy)
      coreBusy[core] += busy;
  }
  AnalogStats finish() {
    for (const auto &[core, busy] : coreBusy)
      sum.latencyS = std::max(sum.latencyS, busy);
    if (!liveCores.empty())
      sum.utilization =
          cells / (static_cast<double>(liveCores.size()) * cellsPerCrossbar);
    return sum;
  }
  double programmedCells() const { return cells; }

private:
  double cellsPerCrossbar;
  AnalogStats sum;
  std::map<int64_t, double> coreBusy;
  std::set<int64_t> liveCores;
  double cells = 0;
};
} // namespace

RunStats Executor::getStats() const {
  RunStats s;
  AnalogSum sum(config.chip.cellsPerCrossbar());
  sum.addRetired(retired, retiredCoreBusy);
  for (const auto &[id, tile] : tiles)
    sum.add(*tile);
  s.analog = sum.finish();
  s.chipUtilization =
      sum.programmedCells() / (static_cast<double>(config.chip.numCores) *
                               static_cast<double>(config.chip.crossbarRows) *
                               static_cast<double>(config.chip.crossbarCols));
  {
    std::lock_guard<std::mutex> lock(mutex);
    s.digitalOps = digitalOps;
  }
  for (int64_t k = 0; k < kNumDigitalOpKinds; ++k)
    s.digitalEnergyJ +=
        s.digitalOps[k] * config.chip.digitalEnergyPJ(k) * 1e-12;
  s.digitalTimeS = s.digitalOpsTotal() / config.chip.digitalOpsPerSecond();
  return s;
}

AnalogStats
Executor::getAnalogStats(const std::vector<int64_t> &tileIds) const {
  AnalogSum sum(config.chip.cellsPerCrossbar());
  for (int64_t id : tileIds)
    if (const Tile *tile = getTile(id))
      sum.add(*tile);
  return sum.finish();
}

Status Executor::getTileStats(int64_t tileId, AnalogStats &out) const {
  const Tile *tile = getTile(tileId);
  if (!tile)
    return fail("tile stats: tile " + str(tileId) + " has not been programmed");
  out = tile->getStats();
  return Status();
}

void Executor::resetStats() {
  for (auto &[id, tile] : tiles)
    tile->resetStats();
  retired = AnalogStats();
  retiredCoreBusy.clear();
  std::lock_guard<std::mutex> lock(mutex);
  digitalOps = {0, 0, 0, 0};
}
