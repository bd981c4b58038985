//===- Calibration.cpp - Converter ranges, drift and affine correction ----===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Calibration as HERMES' local digital units do it (docs/Executor.md,
// "Calibration"):
//  - input range: max |x| or a percentile of |x| over the calibration inputs;
//  - output range: max or percentile of the ideal normalised outputs, times
//    a margin;
//  - global drift compensation: alpha = mean|y(0)| / mean|y(t)| over a fixed
//    set of calibration reads right after programming (t = 0) and at the
//    inference time: 64 uniform random inputs (drift_compensation = random)
//    or the K one-hot inputs at full DAC scale (onehot, aihwkit's
//    GlobalDriftCompensation: readout eye(K), mean |y|);
//  - per-column affine correction: least squares of the expected normalised
//    outputs x W / (r_in s_j) against the measured ones, e ~ a_j m + b_j.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"
#include "NonIdealities.h"

#include "aimc/Executor/Tile.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>

using namespace aimc;
using namespace aimc::exec;

namespace {
/// Calibration reads for the global drift compensation.
constexpr int64_t kDriftReads = 64;

double meanAbs(const std::vector<float> &v) {
  double s = 0;
  for (float x : v)
    s += std::fabs(x);
  return v.empty() ? 0 : s / v.size();
}
} // namespace

/// The inputs of the drift compensation's calibration read (R x K).
static std::vector<float> driftReadInputs(DriftCompensation mode, int64_t K,
                                          float range, const CounterRNG &rng,
                                          int64_t &reads) {
  if (mode == DriftCompensation::OneHot) {
    // aihwkit: forward(eye(in_size)) at the full input bound.
    reads = K;
    std::vector<float> x(K * K, 0.0f);
    for (int64_t k = 0; k < K; ++k)
      x[k * K + k] = range;
    return x;
  }
  reads = kDriftReads;
  std::vector<float> x(kDriftReads * K);
  for (int64_t i = 0; i < kDriftReads * K; ++i)
    x[i] = static_cast<float>((2 * rng.uniform(i) - 1) * range);
  return x;
}

void Tile::updateDriftCompensation() {
  alpha = 1.0f;
  const DriftCompensation mode = config.chip.driftCompensation;
  if (mode != DriftCompensation::None && !weights.empty()) {
    const int64_t K = rows(), N = cols();
    int64_t reads = 0;
    std::vector<float> xc =
        driftReadInputs(mode, K, dac.range,
                        stream(StreamPurpose::DriftCalibrationInputs), reads);
    ConstView2D x{xc.data(), reads, K, K, 1};

    CrossbarState initial = deviceState(0.0);
    std::vector<float> ref(reads * N), cur(reads * N);
    View2D refView{ref.data(), reads, N, N, 1};
    View2D curView{cur.data(), reads, N, N, 1};
    runRows({&initial, stream(StreamPurpose::DriftReferenceRead), 0}, x,
            refView, /*raw=*/true, config.numThreads);
    runRows({&state, stream(StreamPurpose::DriftCurrentRead), 0}, x, curView,
            /*raw=*/true, config.numThreads);
    double now = meanAbs(cur);
    if (now > 0)
      alpha = static_cast<float>(meanAbs(ref) / now);
  }
  foldPostProcessing();
}

void Tile::calibrate(const ConstView2D &x, bool fitAffine) {
  const int64_t B = x.rows, K = rows(), N = cols();
  std::vector<float> xs(B * K);
  for (int64_t b = 0; b < B; ++b)
    for (int64_t k = 0; k < K; ++k)
      xs[b * K + k] = x.at(b, k);

  // Input range.
  if (config.chip.inputRangeMode != Calibration::Fixed) {
    double r =
        config.chip.inputRangeMode == Calibration::MaxAbs
            ? absPercentile(xs.data(), xs.size(), 100.0)
            : absPercentile(xs.data(), xs.size(), config.chip.inputPercentile);
    if (r > 0)
      dac.range = static_cast<float>(r);
  }

  // Output range from the ideal normalised outputs.
  if (config.chip.outputRangeMode != Calibration::Fixed) {
    std::vector<float> xn(xs);
    const bool perVector = config.chip.inputScaling == InputScaling::PerVector;
    for (int64_t b = 0; b < B; ++b) {
      Quantizer q = dac; // the DAC as it reads vector b
      if (perVector)
        q.range = nonideal::perVectorInputRange(&xs[b * K], 1, K, dac.range);
      for (int64_t k = 0; k < K; ++k) {
        float &v = xn[b * K + k];
        v = q.enabled ? q.quantize(v) / q.range : v / q.range;
      }
    }
    std::vector<float> ideal(B * N);
    kernels::ensureSingleThreadedBLAS();
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, N, K, 1.0f,
                xn.data(), K, wNorm.data(), N, 0.0f, ideal.data(), N);
    double r = config.chip.outputRangeMode == Calibration::MaxAbs
                   ? absPercentile(ideal.data(), ideal.size(), 100.0)
                   : absPercentile(ideal.data(), ideal.size(),
                                   config.chip.outputPercentile);
    if (r > 0)
      adc.range = static_cast<float>(r * config.chip.outputMargin);
  }

  updateDriftCompensation();

  if (!config.chip.affineCalibration || !fitAffine)
    return;
  // Measured (drift-compensated, normalised) against expected outputs.
  std::vector<float> meas(B * N);
  runRows(
      {&state, stream(StreamPurpose::CalibrationReadNoise), calibrationRows},
      ConstView2D{xs.data(), B, K, K, 1}, View2D{meas.data(), B, N, N, 1},
      /*raw=*/true, config.numThreads);
  calibrationRows += static_cast<uint64_t>(B);
  std::vector<double> expected(B * N, 0.0);
  for (int64_t b = 0; b < B; ++b)
    for (int64_t k = 0; k < K; ++k) {
      double xv = xs[b * K + k];
      if (xv == 0)
        continue;
      for (int64_t j = 0; j < N; ++j)
        expected[b * N + j] += xv * weights[k * N + j];
    }
  for (int64_t j = 0; j < N; ++j) {
    double unit = static_cast<double>(dac.range) * colScale[j];
    double sm = 0, se = 0, smm = 0, sme = 0;
    for (int64_t b = 0; b < B; ++b) {
      double m = static_cast<double>(alpha) * meas[b * N + j];
      double e = expected[b * N + j] / unit;
      sm += m;
      se += e;
      smm += m * m;
      sme += m * e;
    }
    double meanM = sm / B, meanE = se / B;
    double varM = smm / B - meanM * meanM;
    double cov = sme / B - meanM * meanE;
    double a = 1.0, bias = meanE - meanM;
    if (B >= 2 && varM > 1e-12 * std::max(1.0, smm / B)) {
      a = cov / varM;
      bias = meanE - a * meanM;
    }
    if (!std::isfinite(a) || !std::isfinite(bias)) {
      a = 1.0;
      bias = 0.0;
    }
    affA[j] = static_cast<float>(a);
    affB[j] = static_cast<float>(bias);
  }
  foldPostProcessing();
}
