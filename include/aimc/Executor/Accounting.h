//===- Accounting.h - Energy, latency and operation counts ------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Cost model of the simulated chip (docs/Executor.md, "Accounting"):
//  - one MVM of one input vector on a tile of r x c used cells costs the
//    ChipModel's full-crossbar latency (fixed: PWM duration plus ADC
//    conversion do not shrink with fewer cells) and its full-crossbar energy
//    scaled by r*c / (R*C) (energy is proportional to the cells used);
//  - it performs 2*r*c operations;
//  - cores work in parallel: the analog time of a run is the busiest core's;
//  - digital operations are charged per operation kind and run on a
//    digital unit of a given throughput after the analog work (the chip
//    model's `*_energy_pj` and `digital_gops_per_core`).
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_EXECUTOR_ACCOUNTING_H
#define AIMC_EXECUTOR_ACCOUNTING_H

#include "aimc/Chip/ChipModel.h"

#include <array>
#include <cstdint>

namespace aimc {
namespace exec {

/// Digital operation kinds of aimc_rt_count_digital.
enum class DigitalOpKind : int64_t {
  Add = 0,
  Multiply = 1,
  Transcendental = 2,
  Other = 3,
};
constexpr int64_t kNumDigitalOpKinds = 4;

/// Work done on one tile.
struct TileStats {
  /// Input vectors processed (one MVM each).
  int64_t mvms = 0;
  /// Analog operations: 2 * rows * cols per MVM.
  double ops = 0;
  double energyJ = 0;
  /// Time the tile's core spent on this tile's MVMs.
  double busyTimeS = 0;
  int64_t rows = 0, cols = 0;
  /// rows * cols / crossbar cells.
  double utilisation = 0;

  /// Tera-operations per second of the tile's busy time.
  double tops() const { return busyTimeS > 0 ? ops / busyTimeS * 1e-12 : 0; }
  /// Tera-operations per joule (TOPS/W).
  double topsPerWatt() const { return energyJ > 0 ? ops / energyJ * 1e-12 : 0; }
};

/// Totals over a run.
struct RunStats {
  int64_t mvms = 0;
  double analogOps = 0;
  std::array<double, kNumDigitalOpKinds> digitalOps = {0, 0, 0, 0};
  double analogEnergyJ = 0;
  double digitalEnergyJ = 0;
  /// Busiest core's analog time (cores run in parallel).
  double analogTimeS = 0;
  double digitalTimeS = 0;
  /// Programmed cells / all cells of the chip.
  double utilisation = 0;
  int64_t tiles = 0;

  double digitalOpsTotal() const {
    return digitalOps[0] + digitalOps[1] + digitalOps[2] + digitalOps[3];
  }
  double totalOps() const { return analogOps + digitalOpsTotal(); }
  double energyJ() const { return analogEnergyJ + digitalEnergyJ; }
  double timeS() const { return analogTimeS + digitalTimeS; }
  /// Analog tera-operations per second of analog time.
  double analogTOPS() const;
  /// Analog tera-operations per joule of analog energy (TOPS/W).
  double analogTOPSPerWatt() const;
  /// All operations over all time / energy.
  double totalTOPS() const;
  double totalTOPSPerWatt() const;
};

/// Cost of `vectors` MVMs on a rows x cols block.
struct MVMCharge {
  double ops = 0, energyJ = 0, timeS = 0;
};
MVMCharge chargeMVMs(const ChipModel &chip, MVMMode mode, int64_t rows,
                     int64_t cols, int64_t vectors);

} // namespace exec
} // namespace aimc

#endif // AIMC_EXECUTOR_ACCOUNTING_H
