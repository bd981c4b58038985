//===- Config.h - Configuration of a simulated AIMC chip --------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Every non-ideality of the simulated executor can be switched off on its own.
// ExecutorConfig::hermes() is the default (HERMES geometry, HERMES device
// model, 8-bit DAC/ADC, drift compensation, t = 1 hour);
// ExecutorConfig::ideal() turns every source off and reproduces the float
// matrix product.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_EXECUTOR_CONFIG_H
#define AIMC_EXECUTOR_CONFIG_H

#include "aimc/Chip/ChipModel.h"
#include "aimc/Executor/IntegerGemm.h"
#include "aimc/Executor/NoiseModels.h"

#include <cstdint>
#include <string>

namespace aimc {
namespace exec {

// The chip-level enumerations (NoiseModelKind, Calibration, WeightScaling)
// are aimc's, from aimc/Chip/ChipModel.h.
using ::aimc::Calibration;
using ::aimc::NoiseModelKind;
using ::aimc::WeightScaling;

/// How per-MVM read noise is applied.
enum class ReadNoiseMode {
  /// Output noise with the exact variance sum_k x_k^2 sigma_kj^2 (an extra
  /// GEMM on the squared inputs). Same distribution as independent Gaussian
  /// noise on every device at every MVM.
  Exact,
  /// Output noise with variance ||x||^2 * mean_k sigma_kj^2: exact when the
  /// devices of a column share one sigma, otherwise exact on average over
  /// row permutations; no extra GEMM. The default.
  ColumnMean,
};

/// A simulated chip: the chip model (every hardware parameter, from
/// aimc/Chip/ChipParameters.def) and the settings of one simulation.
struct ExecutorConfig {
  /// Geometry, converters, device model and costs.
  ChipModel chip = ChipModel::hermes();
  /// Chip-wide read mode (an MVM's #aimc.mvm_config overrides it per tile).
  MVMMode mode = MVMMode::OnePhase;
  /// Seed of every random draw.
  uint64_t seed = 0;
  /// Inference time since the end of programming, in seconds.
  double tInference = 3600.0;
  /// The longest inference time accepted, 1e10 s (about 317 years): far
  /// beyond it the drift model's conductances underflow and drift
  /// compensation would divide by zero.
  static constexpr double kMaxInferenceSeconds = 1e10;
  /// How per-MVM read noise is applied.
  ReadNoiseMode readNoiseMode = ReadNoiseMode::ColumnMean;

  // Simulation.
  /// Worker threads for large MVM batches (results never depend on it).
  int64_t numThreads = 2;
  /// Compute the crossbar product in exact integer arithmetic when the DAC
  /// is on: DAC levels times the effective weights rounded to
  /// floor(2^24 / (L K)) levels per column (516 for HERMES tiles of 256
  /// rows), so every partial sum is exact in single precision and any sgemm
  /// shape gives identical bits (docs/Executor.md, "Determinism"). Not used
  /// with exact-mode read noise.
  bool integerCrossbar = true;
  /// The kernel of the exact-integer crossbar product (IntegerGemm.h):
  /// Best uses 16-bit integer operands where the CPU and the tile allow it,
  /// Sgemm always OpenBLAS. Identical bits either way.
  IntegerGemmKernel integerGemm = IntegerGemmKernel::Best;
  /// Rows of every sgemm call of the MVM hot path (docs/Executor.md,
  /// "Determinism"); 0 picks a value for the CPU kernel OpenBLAS runs
  /// (defaultGemmRowQuantum()). Results are bit-identical for a given value;
  /// different values round differently.
  int64_t gemmRowQuantum = 0;

  /// The HERMES chip and device model (the default-constructed config).
  static ExecutorConfig hermes() { return ExecutorConfig(); }
  /// The `ideal` chip: no noise, no drift, no quantisation, no clipping.
  static ExecutorConfig ideal();
  /// A configuration for `chip` with the default simulation settings.
  static ExecutorConfig forChip(const ChipModel &chip);

  /// The row quantum used when gemmRowQuantum is 0: 4 for OpenBLAS'
  /// SkylakeX-class kernels, 16 for Haswell/Zen, 8 otherwise (measured
  /// trade-off between batch-1 cost and large-batch throughput).
  static int64_t defaultGemmRowQuantum();

  /// The device model this configuration selects (g_max and scales applied).
  DeviceModel deviceModel() const;
  /// Empty if the configuration is usable, else the first problem.
  std::string validate() const;
};

/// Per-tile overrides of the chip-wide configuration: what an analog MVM's
/// `#aimc.mvm_config` says (runtime ABI `aimc_rt_configure_tile`,
/// docs/Executor.md, "Compiled runs").
struct TileSettings {
  /// Read mode (accounting: 1-phase or 4-phase cost).
  MVMMode mode = MVMMode::OnePhase;
  /// How the DAC input range is chosen: MaxAbs or Percentile of the
  /// calibration batch, or Fixed (`inputRange`).
  Calibration inputRangeMode = Calibration::MaxAbs;
  double inputPercentile = 99.995;
  double inputRange = 1.0;
  /// Multiplies the programming and read noise (0: quantisation only).
  double noiseScale = 1.0;
  /// Calibrate the tile (converter ranges, drift compensation, affine
  /// correction) on the first MVM batch it processes, as the chip's
  /// calibration step does with representative data.
  bool calibrateOnFirstMVM = true;

  /// `chipWide` with these overrides applied.
  ExecutorConfig apply(const ExecutorConfig &chipWide) const;
  /// Empty if the settings are usable, else the first problem.
  std::string validate() const;

  bool operator==(const TileSettings &other) const;
  bool operator!=(const TileSettings &other) const { return !(*this == other); }
};

} // namespace exec
} // namespace aimc

#endif // AIMC_EXECUTOR_CONFIG_H
