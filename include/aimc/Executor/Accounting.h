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

/// Name of a digital operation kind ("add", "multiply", "transcendental",
/// "other"), as the report spells it.
const char *digitalOpKindName(int64_t kind);

/// Analog work of one tile, one analog op (a group of tiles) or a whole run:
/// the one report structure, generated from aimc/Executor/AnalogStats.def
/// (the C API's AIMCAnalogStats and the report JSON use the same keys).
struct AnalogStats {
#define AIMC_ANALOG_STAT(FIELD, KEY, TYPE, DOC) TYPE FIELD = 0;
#include "aimc/Executor/AnalogStats.def"

  /// Tera-operations per second of the latency; 0 without time.
  double tops() const;
  /// Tera-operations per joule (TOPS/W); 0 without energy.
  double topsPerWatt() const;
};

/// Totals over a run: the analog work of every tile (including tiles
/// replaced during the run) and the counted digital work.
struct RunStats {
  /// All analog work; `analog.utilization` is over the crossbars in use.
  AnalogStats analog;
  /// Programmed cells / all cells of the chip.
  double chipUtilization = 0;
  std::array<double, kNumDigitalOpKinds> digitalOps = {0, 0, 0, 0};
  double digitalEnergyJ = 0;
  double digitalTimeS = 0;

  double digitalOpsTotal() const {
    return digitalOps[0] + digitalOps[1] + digitalOps[2] + digitalOps[3];
  }
  double totalOps() const { return analog.operations + digitalOpsTotal(); }
  double energyJ() const { return analog.energyJ + digitalEnergyJ; }
  double timeS() const { return analog.latencyS + digitalTimeS; }
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
