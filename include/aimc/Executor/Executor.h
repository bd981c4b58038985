//===- Executor.h - A simulated AIMC chip -----------------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// aimc::exec::Executor simulates one chip: tiles (weight blocks) programmed at
// non-overlapping places of its crossbars, analog MVMs on them with the
// configured non-idealities, digital work, and the accounting of time and
// energy. Every entry point validates its arguments and returns a Status; a
// failure never aborts and is also recorded (the first error since the last
// clearErrors() and the most recent one), which is how the C runtime ABI
// reports errors to the host.
//
// Thread safety: MVMs on different tiles may run concurrently; programming,
// calibration and setInferenceTime must not overlap other calls.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_EXECUTOR_EXECUTOR_H
#define AIMC_EXECUTOR_EXECUTOR_H

#include "aimc/Executor/Accounting.h"
#include "aimc/Executor/Config.h"
#include "aimc/Executor/Tile.h"

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace aimc {
namespace exec {

/// Success, or an error message.
class [[nodiscard]] Status {
public:
  Status() = default;
  static Status error(std::string message) {
    Status s;
    s.message = message.empty() ? "unknown error" : std::move(message);
    return s;
  }
  bool ok() const { return message.empty(); }
  explicit operator bool() const { return ok(); }
  const std::string &getMessage() const { return message; }

private:
  std::string message;
};

class Executor {
public:
  /// A chip for `config`, or null with `error` set if the config is invalid.
  static std::unique_ptr<Executor> create(const ExecutorConfig &config,
                                          std::string &error);

  const ExecutorConfig &getConfig() const { return config; }
  /// The chip's persistent worker threads (parallel MVMs, tiled matmuls).
  WorkerPool &getWorkerPool() const { return *pool; }
  const DeviceModel &getDeviceModel() const { return device; }

  /// Programs tile `tileId` with `weights` (K x N) at (core, rowOffset,
  /// colOffset). Reprogramming an existing tile id replaces it (identical
  /// weights at the same place keep the device state and counters).
  Status programTile(int64_t tileId, int64_t core, int64_t rowOffset,
                     int64_t colOffset, const ConstView2D &weights);
  /// Sets the per-tile overrides of tile `tileId` (mode, input range,
  /// noise scale, calibration on the first MVM). Before the tile is
  /// programmed they are kept for its programming; for a programmed tile
  /// with different settings the tile is programmed again with its weights
  /// (same random streams, so the result equals configuring first).
  Status configureTile(int64_t tileId, const TileSettings &settings);
  /// Calibrates tile `tileId` from inputs x (B x K).
  Status calibrateTile(int64_t tileId, const ConstView2D &x);
  /// True if tile `tileId` waits for its first MVM batch to calibrate.
  bool isCalibrationPending(int64_t tileId) const;
  /// y (B x N) = analog MVM of x (B x K) on tile `tileId`. threads < 1 uses
  /// the configured count.
  Status mvm(int64_t tileId, const ConstView2D &x, const View2D &y,
             int64_t threads = 0);
  /// Moves every tile to inference time t (seconds since programming).
  Status setInferenceTime(double t);
  /// The read-noise position (input vectors read so far) of every tile, by
  /// tile id.
  std::map<int64_t, uint64_t> getReadNoisePositions() const;
  /// Moves the read-noise streams of the given tiles to the given positions,
  /// so that the next MVMs draw the read noise they drew at those positions
  /// before. Fails, changing nothing, if a tile does not exist.
  Status setReadNoisePositions(const std::map<int64_t, uint64_t> &positions);
  /// Accounts `ops` digital operations of `kind` (0..3).
  Status countDigital(int64_t kind, double ops);

  /// Totals over all tiles and digital work since the last resetStats().
  RunStats getStats() const;
  /// Statistics of one tile, or an error status for an unknown tile.
  Status getTileStats(int64_t tileId, AnalogStats &out) const;
  /// The work of the programmed tiles among `tileIds` as one group (an
  /// analog op): sums, the latency of its busiest core, and its utilization
  /// over the crossbars of the cores it occupies.
  AnalogStats getAnalogStats(const std::vector<int64_t> &tileIds) const;
  void resetStats();

  const Tile *getTile(int64_t tileId) const;
  int64_t numTiles() const { return static_cast<int64_t>(tiles.size()); }
  /// The ids of the programmed tiles, ascending.
  std::vector<int64_t> tileIds() const;

  /// Records an error found outside the executor (e.g. a malformed memref
  /// descriptor in the runtime ABI) and returns it as a status.
  Status recordError(std::string message) { return fail(std::move(message)); }

  /// First error since the last clearErrors() ("" if none).
  std::string getFirstError() const;
  /// Most recent error ("" if none since the last clearErrors()).
  std::string getLastError() const;
  void clearErrors();

private:
  Executor(const ExecutorConfig &config);
  Status fail(std::string message) const;
  Tile *findTile(int64_t tileId, Status &status, const char *what);
  /// Creates (or replaces) tile `tileId` and programs `weights` (validated).
  void placeTile(int64_t tileId, const TilePlacement &placement,
                 const ConstView2D &weights);

  ExecutorConfig config;
  DeviceModel device;
  /// Runs the blocks of parallel MVMs and tiled matmuls (threads started on
  /// first use, kept for the chip's lifetime).
  std::unique_ptr<WorkerPool> pool;
  std::map<int64_t, std::unique_ptr<Tile>> tiles;
  /// Per-tile overrides (configureTile), applied when a tile is programmed.
  std::map<int64_t, TileSettings> tileSettings;
  /// Tiles to calibrate on their next MVM batch (guarded by `mutex`).
  std::set<int64_t> pendingCalibration;
  std::array<double, kNumDigitalOpKinds> digitalOps = {0, 0, 0, 0};
  /// Work of tiles that were reprogrammed (replaced) since the last reset.
  AnalogStats retired;
  /// Busy time of replaced tiles per core: sparse, so that a chip with
  /// billions of (unused) cores costs nothing.
  std::map<int64_t, double> retiredCoreBusy;
  mutable std::mutex mutex;
  mutable std::string firstError, lastError;
};

} // namespace exec
} // namespace aimc

#endif // AIMC_EXECUTOR_EXECUTOR_H
