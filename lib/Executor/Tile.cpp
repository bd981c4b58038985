//===- Tile.cpp - Programming a weight block onto PCM devices -------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Programming pipeline (docs/Executor.md, "Programming"):
//   clip at clipSigmas * std(W) -> scale per column (or tile) to [-1, 1]
//   -> differential conductances G+ = max(w, 0) g_max, G- = max(-w, 0) g_max
//      on each of the U units of a polarity (g_max_sigma > 0: each
//      device saturates at its own g_max (1 + g_max_sigma z''),
//      NonIdealities.h)
//   -> programming noise  G_p = max(G + sigma_prog(G) z, 0)
//   -> drift exponent     nu = |mu(G) + sigma_nu(G) z'|
//   -> at time t          G(t) = G_p ((t + t0) / t0)^-nu
//   -> read noise std     |G(t)| Q_s(G_p) sqrt(log((t + t0 + t_r) / (2 t_r)))
//   -> effective weight   sum_u (G+_u(t) - G-_u(t)) / (U g_max)
//      (ir_drop_time_resolved: times the wire attenuation of its cell,
//      from the conductances G+ + G- of the column, NonIdealities.h).
//
//===----------------------------------------------------------------------===//

#include "aimc/Executor/Tile.h"

#include "NonIdealities.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

using namespace aimc;
using namespace aimc::exec;

/// Fewest integer weight levels (per sign) for the exact-integer crossbar:
/// below 9 bits the representation error would approach the ADC's.
static constexpr int64_t kMinIntegerWeightLevels = 255;

bool TilePlacement::overlaps(const TilePlacement &o) const {
  if (core != o.core)
    return false;
  bool rowsMeet =
      rowOffset < o.rowOffset + o.rows && o.rowOffset < rowOffset + rows;
  bool colsMeet =
      colOffset < o.colOffset + o.cols && o.colOffset < colOffset + cols;
  return rowsMeet && colsMeet;
}

Tile::Tile(const ExecutorConfig &config, const DeviceModel &device, int64_t id,
           const TilePlacement &placement, WorkerPool *pool)
    : config(config), device(device), id(id), placement(placement), pool(pool),
      base(CounterRNG(config.seed, 0).derive(static_cast<uint64_t>(id))) {
  dac.enabled = config.chip.quantizeInputs;
  dac.maxLevel = config.chip.maxInputLevel();
  dac.range = static_cast<float>(config.chip.inputRange);
  adc.enabled = config.chip.quantizeOutputs;
  adc.maxLevel = config.chip.maxOutputLevel();
  tInference = config.tInference;
  resetStats();
}

void Tile::resetStats() {
  stats = AnalogStats();
  stats.tiles = 1;
  stats.utilization = static_cast<double>(placement.rows * placement.cols) /
                      config.chip.cellsPerCrossbar();
}

bool Tile::holds(const ConstView2D &w) const {
  if (w.rows != rows() || w.cols != cols() || weights.empty())
    return false;
  for (int64_t k = 0; k < rows(); ++k)
    for (int64_t j = 0; j < cols(); ++j) {
      float a = w.at(k, j), b = weights[k * cols() + j];
      if (std::memcmp(&a, &b, sizeof a) != 0)
        return false;
    }
  return true;
}

void Tile::program(const ConstView2D &w) {
  const int64_t K = rows(), N = cols();
  weights.assign(K * N, 0.0f);
  for (int64_t k = 0; k < K; ++k)
    for (int64_t j = 0; j < N; ++j)
      weights[k * N + j] = w.at(k, j);

  // Clip outliers at clipSigmas standard deviations of the block.
  double clip = INFINITY;
  if (config.chip.clipSigmas > 0) {
    double sum = 0, sum2 = 0;
    for (float v : weights) {
      sum += v;
      sum2 += static_cast<double>(v) * v;
    }
    double n = static_cast<double>(weights.size());
    double var = std::max(sum2 / n - (sum / n) * (sum / n), 0.0);
    if (var > 0)
      clip = config.chip.clipSigmas * std::sqrt(var);
  }
  std::vector<double> clipped(K * N);
  for (int64_t i = 0; i < K * N; ++i)
    clipped[i] = std::min(std::max<double>(weights[i], -clip), clip);

  // Scales: the largest |w| of each column (or of the block) maps to g_max.
  colScale.assign(N, 0.0f);
  std::vector<double> maxAbs(N, 0.0);
  for (int64_t k = 0; k < K; ++k)
    for (int64_t j = 0; j < N; ++j)
      maxAbs[j] = std::max(maxAbs[j], std::fabs(clipped[k * N + j]));
  if (config.chip.weightScaling == WeightScaling::PerTile) {
    double m = *std::max_element(maxAbs.begin(), maxAbs.end());
    std::fill(maxAbs.begin(), maxAbs.end(), m);
  }
  for (int64_t j = 0; j < N; ++j) {
    if (!(maxAbs[j] > 0))
      maxAbs[j] = 1.0; // an all-zero column: any scale represents it
    colScale[j] = static_cast<float>(maxAbs[j]);
  }
  wNorm.assign(K * N, 0.0f);
  for (int64_t k = 0; k < K; ++k)
    for (int64_t j = 0; j < N; ++j)
      wNorm[k * N + j] = static_cast<float>(clipped[k * N + j] / maxAbs[j]);

  // Per-column ADC errors, drawn once per column.
  adcGain.assign(N, 1.0f);
  adcOffset.assign(N, 0.0f);
  CounterRNG adcRng = stream(StreamPurpose::ADCErrors);
  for (int64_t j = 0; j < N; ++j) {
    adcGain[j] = static_cast<float>(1.0 + config.chip.adcGainSigma *
                                              adcRng.normal(2 * j));
    adcOffset[j] = static_cast<float>(config.chip.adcOffsetSigmaLSB *
                                      adcRng.normal(2 * j + 1));
  }
  // Switchable non-idealities (NonIdealities.h): ADC non-linearity.
  adcNonlin = nonideal::drawADCNonlinearity(
      config.chip.adcNonlinearity, config.chip.adcNonlinearityStd, adcRng, N);

  // Uncalibrated output range: static, or factor * the largest column norm.
  if (config.chip.outputRange > 0) {
    adc.range = static_cast<float>(config.chip.outputRange);
  } else {
    double largest = 0;
    for (int64_t j = 0; j < N; ++j) {
      double norm2 = 0;
      for (int64_t k = 0; k < K; ++k)
        norm2 += static_cast<double>(wNorm[k * N + j]) * wNorm[k * N + j];
      largest = std::max(largest, std::sqrt(norm2));
    }
    adc.range = static_cast<float>(config.chip.outputRangeFactor *
                                   (largest > 0 ? largest : 1.0));
  }
  dac.range = static_cast<float>(config.chip.inputRange);
  affA.assign(N, 1.0f);
  affB.assign(N, 0.0f);
  rowCounter = 0;
  calibrationRows = 0;
  refreshState();
}

int64_t Tile::integerWeightLevels() const {
  // Every partial sum of sum_k level_k m_kj is an integer of magnitude at
  // most K * L * levels <= 2^24, hence exact in single precision.
  int64_t levels =
      (int64_t(1) << 24) / (dac.maxLevel * std::max<int64_t>(rows(), 1));
  bool usable = config.integerCrossbar && dac.enabled &&
                levels >= kMinIntegerWeightLevels &&
                !(config.chip.readNoiseScale > 0 &&
                  config.readNoiseMode == ReadNoiseMode::Exact) &&
                !nonideal::hasArrayEffects(config.chip.irDrop,
                                           config.chip.polarityAsymmetry,
                                           config.chip.polarityAsymmetryStd);
  // (The time-resolved IR drop is ir_drop > 0 too: floating-point crossbar.)
  return usable ? levels : 0;
}

CrossbarState Tile::deviceState(double t) const {
  CrossbarState st;
  std::vector<float> &w = st.w, &var = st.var;
  const int64_t K = rows(), N = cols(), U = device.unitsPerPolarity;
  const double gMax = device.gMax;
  const double norm = 1.0 / (static_cast<double>(U) * gMax);
  const bool prog =
      device.progNoiseScale > 0 && device.kind != NoiseModelKind::None;
  const bool drift =
      device.driftScale > 0 && device.kind != NoiseModelKind::None;
  const bool read =
      device.readNoiseScale > 0 && device.kind != NoiseModelKind::None;
  const double timeFactor = read ? device.readNoiseTimeFactor(t) : 0.0;
  CounterRNG progRng = stream(StreamPurpose::Programming);
  CounterRNG nuRng = stream(StreamPurpose::DriftExponent);
  CounterRNG capRng = stream(StreamPurpose::GMaxVariation);
  const size_t perRow = static_cast<size_t>(N) * 2 * U;
  std::vector<double> zProg(perRow, 0.0), zNu(perRow, 0.0), zCap;
  // Switchable non-idealities (NonIdealities.h): per-device g_max.
  const double capSigma =
      device.kind != NoiseModelKind::None ? config.chip.gMaxSigma : 0.0;
  if (capSigma > 0)
    zCap.assign(perRow, 0.0);
  // Switchable non-idealities (NonIdealities.h): the time-resolved IR drop
  // needs every cell's total conductance G+ + G- (uS).
  const bool irDropT = nonideal::hasTimeResolvedIRDrop(
      config.chip.irDrop, config.chip.irDropTimeResolved);
  std::vector<double> cellG;
  if (irDropT)
    cellG.assign(K * N, 0.0);
  w.assign(K * N, 0.0f);
  var.assign(K * N, 0.0f);
  for (int64_t k = 0; k < K; ++k) {
    uint64_t first = deviceIndex(k, 0, 0, 0);
    if (prog)
      progRng.fillNormal(zProg.data(), perRow, first);
    if (drift)
      nuRng.fillNormal(zNu.data(), perRow, first);
    if (capSigma > 0)
      capRng.fillNormal(zCap.data(), perRow, first);
    for (int64_t j = 0; j < N; ++j) {
      double target = wNorm[k * N + j];
      double weight = 0, variance = 0;
      for (int64_t p = 0; p < 2; ++p) {
        const double gTarget = std::max(p == 0 ? target : -target, 0.0) * gMax;
        for (int64_t u = 0; u < U; ++u) {
          size_t d = deviceIndex(k, j, p, u) - first;
          double g = gTarget;
          if (capSigma > 0)
            g = nonideal::saturateAtDeviceGMax(g, gMax, capSigma, zCap[d]);
          double gp = g;
          if (prog)
            gp = std::max(g + device.programmingSigma(g) * zProg[d], 0.0);
          double gt = gp;
          if (drift)
            gt = gp * device.driftFactor(device.sampleNu(g, zNu[d]), t);
          if (read) {
            double sigma = std::fabs(gt) * device.readNoiseScale *
                           device.readNoiseQs(gp) * timeFactor;
            variance += sigma * sigma;
          }
          weight += p == 0 ? gt : -gt;
          if (irDropT)
            cellG[k * N + j] += gt;
        }
      }
      w[k * N + j] = static_cast<float>(weight * norm);
      var[k * N + j] = static_cast<float>(variance * norm * norm);
    }
  }
  st.noisy = read;
  // Switchable non-idealities (NonIdealities.h): time-resolved IR drop (a
  // fixed attenuation of every weight and a column offset).
  if (irDropT)
    st.colOffset = nonideal::applyTimeResolvedIRDrop(
        w, var, cellG, K, N, config.chip.crossbarRows,
        1e-6 * config.chip.irDrop * config.chip.irDropRs,
        config.chip.irDropVRead, static_cast<double>(U) * gMax);
  // Switchable non-idealities (NonIdealities.h): polarity-dependent read.
  if (config.chip.polarityAsymmetry != 0 ||
      config.chip.polarityAsymmetryStd > 0)
    st.wNeg = nonideal::negativeInputWeights(
        w, config.chip.polarityAsymmetry, config.chip.polarityAsymmetryStd,
        stream(StreamPurpose::PolarityAsymmetry), K, N);
  st.varColMean.assign(N, 0.0f);
  for (int64_t j = 0; j < N; ++j) {
    double sum = 0;
    for (int64_t k = 0; k < K; ++k)
      sum += var[k * N + j];
    st.varColMean[j] = static_cast<float>(sum / K);
  }
  // Exact-integer representation: m_kj = round(w_kj / q_j), |m| <= levels.
  if (int64_t levels = integerWeightLevels()) {
    st.integer = true;
    st.wInt.assign(K * N, 0.0f);
    st.wIntScale.assign(N, 1.0f);
    st.wIntPre.assign(N, 1.0f);
    st.varColMeanInt.assign(N, 0.0f);
    for (int64_t j = 0; j < N; ++j) {
      float maxAbs = 0;
      for (int64_t k = 0; k < K; ++k)
        maxAbs = std::max(maxAbs, std::fabs(w[k * N + j]));
      const float L = static_cast<float>(levels);
      float q = maxAbs / L;
      // A column of denormal weights (e.g. pure noise under a tiny noise
      // factor) would give q = 0 and w / q = inf: the smallest normal step
      // still represents it (|w / q| <= L).
      if (!(q >= std::numeric_limits<float>::min()))
        q = maxAbs > 0 ? std::numeric_limits<float>::min() : 1.0f;
      st.wIntScale[j] = q;
      st.wIntPre[j] = q / static_cast<float>(dac.maxLevel);
      st.varColMeanInt[j] = st.varColMean[j] / (q * q);
      for (int64_t k = 0; k < K; ++k) {
        // Clamped before rounding (the same levels for finite values), so
        // that no infinity or NaN reaches the float-to-int conversion.
        float r = w[k * N + j] / q;
        r = r > L ? L : (r >= -L ? r : (r < -L ? -L : 0.0f));
        st.wInt[k * N + j] = roundHalfAway(r);
      }
    }
    if (config.integerGemm == IntegerGemmKernel::Best &&
        int16GemmApplies(K, N, dac.maxLevel, levels))
      st.wInt16 = packInt16Weights(st.wInt.data(), K, N);
  }
  return st;
}

void Tile::refreshState() {
  state = deviceState(tInference);
  updateDriftCompensation();
}

void Tile::setInferenceTime(double t) {
  tInference = t;
  if (!weights.empty())
    refreshState();
}

void Tile::foldPostProcessing() {
  const int64_t N = cols();
  outScale.assign(N, 0.0f);
  outBias.assign(N, 0.0f);
  for (int64_t j = 0; j < N; ++j) {
    double unit = static_cast<double>(dac.range) * colScale[j];
    outScale[j] =
        static_cast<float>(affA[j] * static_cast<double>(alpha) * unit);
    outBias[j] = static_cast<float>(affB[j] * unit);
  }
}
