//===- Tile.h - One weight block programmed on a crossbar -------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// A tile is a K x N block of weights programmed at (core, row, column) of one
// crossbar. It owns the block's device state (effective weights at the
// inference time, per-weight read-noise variances), its converter ranges and
// its digital corrections, and executes analog MVMs y = x W on it.
//
// Normalised units: inputs x / inputRange (DAC full scale = 1), weights
// w / s_j in [-1, 1] (s_j = column or block scale), outputs their product.
//
// Random draws (docs/Executor.md, "Determinism"): every tile derives streams
// from CounterRNG(seed, 0).derive(tileId).derive(purpose); programming noise
// and drift exponents are indexed by device, read noise by
// (row index of the MVM in the tile's history) * N + column.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_EXECUTOR_TILE_H
#define AIMC_EXECUTOR_TILE_H

#include "aimc/Executor/Accounting.h"
#include "aimc/Executor/Config.h"
#include "aimc/Executor/Converters.h"
#include "aimc/Support/CounterRNG.h"
#include "aimc/Support/WorkerPool.h"

#include <cstdint>
#include <vector>

namespace aimc {
namespace exec {

/// Where a tile sits on the chip.
struct TilePlacement {
  int64_t core = 0;
  int64_t rowOffset = 0;
  int64_t colOffset = 0;
  int64_t rows = 0;
  int64_t cols = 0;

  /// True if the two blocks share a core and at least one cell.
  bool overlaps(const TilePlacement &other) const;
};

/// A strided read-only 2-D float view (element (i, j) at data[i*s0 + j*s1]).
struct ConstView2D {
  const float *data = nullptr;
  int64_t rows = 0, cols = 0, s0 = 0, s1 = 1;
  float at(int64_t i, int64_t j) const { return data[i * s0 + j * s1]; }
};
/// A strided writable 2-D float view.
struct View2D {
  float *data = nullptr;
  int64_t rows = 0, cols = 0, s0 = 0, s1 = 1;
  float &at(int64_t i, int64_t j) const { return data[i * s0 + j * s1]; }
  operator ConstView2D() const { return {data, rows, cols, s0, s1}; }
};

/// The programmed crossbar at one time: effective normalised weights, their
/// per-MVM read-noise variances and, when the exact-integer crossbar path
/// applies (docs/Executor.md, "Determinism"), the weights as integers
/// m_kj with w_kj ~ m_kj * q_j.
struct CrossbarState {
  std::vector<float> w, var, varColMean;
  bool noisy = false;
  bool integer = false;
  std::vector<float> wInt, wIntScale;
  /// wInt in the 16-bit kernel's layout (IntegerGemm.h); empty: sgemm.
  Int16Weights wInt16;
  /// q_j / L: integer sums of DAC levels times wInt to normalised outputs.
  std::vector<float> wIntPre;
  /// varColMean_j / q_j^2: column-mean read noise in integer units.
  std::vector<float> varColMeanInt;
  /// The weights negative inputs read (polarity_asymmetry; empty: w).
  std::vector<float> wNeg;
  /// Added to every normalised output of column j before read noise and
  /// ADC (time-resolved IR drop's read-voltage offset; empty: none).
  std::vector<float> colOffset;
};

/// Purposes of the random streams of a tile.
enum class StreamPurpose : uint64_t {
  Programming = 1,
  DriftExponent = 2,
  ReadNoise = 3,
  CalibrationReadNoise = 4,
  DriftReferenceRead = 5,
  DriftCurrentRead = 6,
  DriftCalibrationInputs = 7,
  ADCErrors = 8,
  GMaxVariation = 9,
  PolarityAsymmetry = 10,
};

class Tile {
public:
  /// `pool` (not owned; the chip's) runs the blocks of a parallel MVM; with
  /// none, MVMs run on the calling thread.
  Tile(const ExecutorConfig &config, const DeviceModel &device, int64_t id,
       const TilePlacement &placement, WorkerPool *pool = nullptr);

  int64_t getId() const { return id; }
  const TilePlacement &getPlacement() const { return placement; }
  int64_t rows() const { return placement.rows; }
  int64_t cols() const { return placement.cols; }

  /// Programs the (already validated, finite) weights: clipping, scaling,
  /// conductance mapping, programming noise, drift exponents, then the state
  /// at the configured inference time and the drift compensation.
  void program(const ConstView2D &weights);
  /// True if `weights` equal the programmed ones bit for bit.
  bool holds(const ConstView2D &weights) const;

  /// Moves the device state to inference time t (seconds since programming)
  /// and redoes the global drift compensation.
  void setInferenceTime(double t);

  /// Calibrates the converter ranges, the drift compensation and (if
  /// `fitAffine`) the per-column affine correction from calibration inputs
  /// x (B x K, finite).
  void calibrate(const ConstView2D &x, bool fitAffine = true);

  /// y = analog MVM of x (B x K) on this tile; B x N written to y. Inputs
  /// must be finite (checked by the caller). Results do not depend on how a
  /// batch is split into calls nor on `threads`.
  void mvm(const ConstView2D &x, const View2D &y, int64_t threads);

  // Introspection (tests, documentation).
  const std::vector<float> &effectiveWeights() const { return state.w; }
  const std::vector<float> &readNoiseVariance() const { return state.var; }
  /// True if MVMs use the exact-integer crossbar product.
  bool usesIntegerCrossbar() const { return state.integer; }
  /// True if that product runs on the 16-bit kernel (IntegerGemm.h).
  bool usesInt16Gemm() const { return !state.wInt16.empty(); }
  /// Integer levels per sign of the exact-integer weights (0 if unused).
  int64_t integerWeightLevels() const;
  const std::vector<float> &targetWeights() const { return wNorm; }
  /// The programmed weights as given (K x N, row-major).
  const std::vector<float> &originalWeights() const { return weights; }
  const std::vector<float> &columnScales() const { return colScale; }
  float getInputRange() const { return dac.range; }
  float getOutputRange() const { return adc.range; }
  float getDriftCompensation() const { return alpha; }
  const std::vector<float> &affineScale() const { return affA; }
  const std::vector<float> &affineOffset() const { return affB; }
  const std::vector<float> &adcGains() const { return adcGain; }
  const std::vector<float> &adcOffsetsLSB() const { return adcOffset; }
  /// Per-column ADC non-linearity n_j times the ADC range (empty when
  /// adc_nonlinearity is 0): the ADC reads y / (1 + n_j |y| / range).
  const std::vector<float> &adcNonlinearities() const { return adcNonlin; }
  /// Input vectors processed so far (the read-noise row counter).
  uint64_t getRowCounter() const { return rowCounter; }
  /// Moves the read-noise stream to `rows` input vectors processed: the next
  /// MVM draws the read noise it drew when the counter was there before.
  void setRowCounter(uint64_t rows) { rowCounter = rows; }
  double getInferenceTime() const { return tInference; }
  const AnalogStats &getStats() const { return stats; }
  void resetStats();

  /// Device index of unit `u` of polarity `p` (0: G+, 1: G-) of weight
  /// (k, j): the index of its programming-noise and drift draws.
  uint64_t deviceIndex(int64_t k, int64_t j, int64_t p, int64_t u) const {
    return ((static_cast<uint64_t>(k) * cols() + j) * 2 + p) *
               device.unitsPerPolarity +
           u;
  }
  CounterRNG stream(StreamPurpose purpose) const {
    return base.derive(static_cast<uint64_t>(purpose));
  }

private:
  /// The crossbar state at time t.
  CrossbarState deviceState(double t) const;
  void refreshState();
  void updateDriftCompensation();
  /// The analog part of an MVM on normalised inputs: DAC, crossbar with
  /// read noise, ADC with column errors. raw = true writes normalised ADC
  /// outputs; otherwise applies the digital corrections and scales back.
  struct ReadPath {
    const CrossbarState *state;
    CounterRNG noise;
    uint64_t firstRow;
  };
  void runRows(const ReadPath &path, const ConstView2D &x, const View2D &y,
               bool raw, int64_t threads) const;
  void runBlock(const ReadPath &path, const ConstView2D &x, int64_t b0,
                int64_t nb, const View2D &y, bool raw,
                std::vector<float> &scratch) const;

  ExecutorConfig config;
  DeviceModel device;
  int64_t id;
  TilePlacement placement;
  WorkerPool *pool;
  CounterRNG base;

  std::vector<float> weights; // original K x N
  std::vector<float> wNorm;   // normalised targets in [-1, 1]
  std::vector<float> colScale;
  CrossbarState state;
  std::vector<float> adcGain, adcOffset, adcNonlin;
  std::vector<float> affA, affB;
  std::vector<float> outScale, outBias; // folded digital post-processing
  Quantizer dac, adc;
  float alpha = 1.0f;
  double tInference = 0;
  uint64_t rowCounter = 0;
  uint64_t calibrationRows = 0;
  AnalogStats stats;

  void foldPostProcessing();
};

} // namespace exec
} // namespace aimc

#endif // AIMC_EXECUTOR_TILE_H
