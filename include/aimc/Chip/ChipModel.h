//===- ChipModel.h - Geometry and cost figures of an AIMC chip --*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The single source of truth for a chip's hardware limits and headline cost
// figures. The `aimc` dialect's verifiers, the tiling and placement passes and
// the simulated executor all query this model; no hardware number is written
// into op or pass code.
//
// The default is IBM HERMES (Le Gallo et al., Nature Electronics 2023): 64
// cores, each a 256x256 crossbar of unit cells with 4 PCM devices per weight
// (2 per polarity), 8-bit signed PWM inputs (levels -127..127) and 8-bit ADC
// outputs. A full 256x256 MVM takes 133 ns in 1-phase mode; the 64-core chip
// peaks at 63.1 TOPS and 9.76 TOPS/W. In 4-phase mode it peaks at 16.1 TOPS
// and 2.48 TOPS/W. Operations count a multiply-accumulate as two.
//
// This library has no MLIR dependency.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_CHIP_CHIPMODEL_H
#define AIMC_CHIP_CHIPMODEL_H

#include <cstdint>
#include <optional>
#include <string>

namespace aimc {

/// Cost of one full-crossbar MVM on one core in a given read mode.
struct MVMCost {
  /// Wall time of one MVM of a whole crossbar, in nanoseconds.
  double latencyNs = 0;
  /// Energy of one MVM of a whole crossbar on one core, in nanojoules.
  double energyNJ = 0;
};

/// How the crossbar is read. 4-phase mode reads each polarity and input sign
/// separately for higher precision, at four times the time and energy.
enum class MVMMode { OnePhase, FourPhase };

/// A chip: N cores of R x C crossbars with DAC/ADC resolution and costs.
struct ChipModel {
  std::string name = "hermes";
  int64_t numCores = 64;
  int64_t crossbarRows = 256;
  int64_t crossbarCols = 256;
  /// Signed input resolution: inputs become integers in [-(2^(b-1)-1), ...].
  int64_t dacBits = 8;
  /// Signed output resolution of the ADC.
  int64_t adcBits = 8;
  /// PCM devices per weight, split evenly between G+ and G-.
  int64_t devicesPerWeight = 4;
  MVMCost onePhase = {133.0, 13.43};
  MVMCost fourPhase = {521.0, 52.85};

  /// IBM HERMES, the default.
  static ChipModel hermes();

  /// Looks up a named chip ("hermes"); nullopt if unknown.
  static std::optional<ChipModel> byName(const std::string &name);

  /// Empty if the model is self-consistent, else a description of the first
  /// problem (non-positive sizes, an odd device count, resolutions outside
  /// 2..16 bits, non-positive costs).
  std::string validate() const;

  int64_t cellsPerCrossbar() const { return crossbarRows * crossbarCols; }
  int64_t totalCells() const { return numCores * cellsPerCrossbar(); }
  int64_t devicesPerPolarity() const { return devicesPerWeight / 2; }
  /// Largest DAC input level: 127 for 8 bits.
  int64_t maxInputLevel() const { return (int64_t(1) << (dacBits - 1)) - 1; }
  /// Largest ADC output level: 127 for 8 bits.
  int64_t maxOutputLevel() const { return (int64_t(1) << (adcBits - 1)) - 1; }

  /// True if a rows x cols block fits in one crossbar.
  bool fitsCrossbar(int64_t rows, int64_t cols) const {
    return rows > 0 && cols > 0 && rows <= crossbarRows && cols <= crossbarCols;
  }
  /// True if a block of rows x cols placed at (rowOffset, colOffset) stays
  /// inside one crossbar.
  bool fitsAt(int64_t rowOffset, int64_t colOffset, int64_t rows,
              int64_t cols) const {
    // Compared without forming rowOffset + rows, which may overflow.
    return rowOffset >= 0 && colOffset >= 0 && rows > 0 && cols > 0 &&
           rows <= crossbarRows && cols <= crossbarCols &&
           rowOffset <= crossbarRows - rows && colOffset <= crossbarCols - cols;
  }
  bool hasCore(int64_t core) const { return core >= 0 && core < numCores; }

  const MVMCost &cost(MVMMode mode) const {
    return mode == MVMMode::OnePhase ? onePhase : fourPhase;
  }
  /// Operations of one full-crossbar MVM (2 per multiply-accumulate).
  double opsPerCrossbarMVM() const { return 2.0 * cellsPerCrossbar(); }
  /// All cores running full MVMs back to back, in tera-operations/second.
  double peakTOPS(MVMMode mode = MVMMode::OnePhase) const;
  /// Peak efficiency in tera-operations per joule (TOPS/W).
  double peakTOPSPerWatt(MVMMode mode = MVMMode::OnePhase) const;
  /// Power with all cores busy, in watts.
  double peakPowerW(MVMMode mode = MVMMode::OnePhase) const;
  /// Energy of one MVM on every core at once, in joules.
  double fullChipMVMEnergyJ(MVMMode mode = MVMMode::OnePhase) const;
};

} // namespace aimc

#endif // AIMC_CHIP_CHIPMODEL_H
