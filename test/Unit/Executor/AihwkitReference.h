//===- AihwkitReference.h - aihwkit's PCM models, written out ---*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// An oracle for the executor's device models that shares no code with them:
// the expressions and constants of IBM aihwkit (MIT licence) as literals,
// copied from src/aihwkit/inference/noise/pcm.py (PCMLikeNoiseModel) and
// src/aihwkit/inference/noise/hermes.py (HermesNoiseModel).
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_TEST_UNIT_EXECUTOR_AIHWKITREFERENCE_H
#define AIMC_TEST_UNIT_EXECUTOR_AIHWKITREFERENCE_H

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace aimc {
namespace exec {
namespace test {
namespace aihwkit {

enum class Ref { PCM, Hermes1, Hermes2 };

struct RefConstants {
  double gMax, t0, tRead;
  std::vector<double> prog; // sum_i c_i (g / g_max)^i, uS at g_max
};

inline RefConstants constantsOf(Ref r) {
  switch (r) {
  case Ref::PCM:
    return {25.0, 20.0, 250.0e-9, {0.26348, 1.9650, -1.1731}};
  case Ref::Hermes1:
    return {10.35,
            200.0,
            512.0e-9,
            {0.15781817, 2.32443916, -2.16310839, 0.68841818}};
  case Ref::Hermes2:
    return {20.7,
            300.0,
            512.0e-9,
            {0.16603222, 4.71806468, -8.48101252, 4.68961419}};
  }
  return {};
}

inline double clampTo(double x, double lo, double hi) {
  return std::min(std::max(x, lo), hi);
}

/// Programming sigma in uS at target g (uS), at the model's own g_max.
inline double refProgSigma(Ref r, double g) {
  RefConstants c = constantsOf(r);
  double x = g / c.gMax, sum = 0, p = 1;
  for (double coeff : c.prog) {
    sum += coeff * p;
    p *= x;
  }
  return sum;
}

/// Mean and std of the drift exponent at target g (before |.|).
inline std::pair<double, double> refNu(Ref r, double g) {
  double x = std::max(std::fabs(g / constantsOf(r).gMax), 1e-7);
  if (r == Ref::PCM)
    return {clampTo(-0.0155 * std::log(x) + 0.0244, 0.049, 0.1),
            clampTo(-0.0125 * std::log(x) - 0.0059, 0.008, 0.045)};
  double mean = x < 0.0945
                    ? clampTo(-0.0387 * std::log(x) - 0.0182, 0.0720, 0.13)
                    : -0.0436 * x * x - 0.0126 * x + 0.0736;
  double std;
  if (r == Ref::Hermes1)
    std = x < 0.3039 ? clampTo(-0.0120 * std::log(x) - 0.0023, 0.0124, 0.04)
                     : -0.0165 * x * x + 0.0116 * x + 0.0104;
  else
    std = x < 0.3055 ? clampTo(-0.0117 * std::log(x) - 0.0057, 0.0091, 0.04)
                     : -0.0118 * x * x + 0.0093 * x + 0.0073;
  return {mean, std};
}

/// 1/f coefficient q_s at programmed conductance gp (uS).
inline double refQs(Ref r, double gp) {
  double x = std::fabs(gp) / constantsOf(r).gMax;
  if (r == Ref::PCM)
    return std::min(0.0088 / std::max(std::pow(x, 0.65), 1e-3), 0.2);
  if (r == Ref::Hermes1)
    return x < 0.1591
               ? clampTo(-0.0078 * std::log(x) + 0.0038, 0.0179, 0.04)
               : 0.0664 * x * x * x - 0.1352 * x * x + 0.0768 * x + 0.0088;
  return x < 0.16 ? clampTo(-0.0117 * std::log(x) - 0.0069, 0.015, 0.04)
                  : 0.0069 * x * x * x - 0.0280 * x * x + 0.0211 * x + 0.0123;
}

/// sqrt(log((t_inf + t0 + t_read) / (2 t_read))).
inline double refTimeFactor(Ref r, double tInference) {
  RefConstants c = constantsOf(r);
  return std::sqrt(std::log((tInference + c.t0 + c.tRead) / (2 * c.tRead)));
}

/// E[((t + t0) / t0)^-|mean + std z|] for a standard normal z: the mean
/// drift factor of a device with target g at inference time t (midpoint
/// rule on [-10, 10], step 1e-2: the integrand is smooth except for a kink
/// beyond 5 standard deviations).
inline double refMeanDecay(Ref r, double g, double t, double driftScale = 1) {
  double T = (t + constantsOf(r).t0) / constantsOf(r).t0;
  auto [mean, std] = refNu(r, g);
  const double dz = 1e-2;
  double sum = 0;
  for (double z = -10 + dz / 2; z < 10; z += dz)
    sum += std::exp(-0.5 * z * z) *
           std::pow(T, -driftScale * std::fabs(mean + std * z));
  return sum * 0.3989422804014327 * dz;
}

/// The converters of an aihwkit-style MVM, in normalised units (inputs
/// x / inRange, weights w / max_k |w_kj|, outputs their product):
/// aihwkit's 8-bit IO is inp_res = out_res = 1 / (2^8 - 2), inp_bound = 1
/// and out_bound, i.e. 127 levels per sign over [-1, 1] and over
/// [-out_bound, out_bound].
struct RefIO {
  /// aihwkit's noise_management = ABS_MAX: each input vector divided by its
  /// own max |x| (inRange only for an all-zero vector); else by inRange.
  bool perVector = true;
  double inRange = 1;
  double outBound = 12;
  int64_t inLevels = 127, outLevels = 127;
};

/// round(clamp(v / r, -1, 1) L) r / L, halves away from zero.
inline double refQuantize(double v, double r, int64_t levels) {
  double s = clampTo(v / r, -1.0, 1.0) * static_cast<double>(levels);
  return std::round(s) * r / static_cast<double>(levels);
}

/// ||y - x W|| / ||x W|| of an MVM y of x (B x K) with W (K x N) on a
/// HERMES-2 crossbar (aihwkit's HermesNoiseModel, num_devices = 2) read t
/// seconds after programming, computed from aihwkit's formulas with its own
/// random numbers (std::mt19937_64, seed `seed`):
///  - mapping: w_n = w / max_k |w_kj| per column, G+ = max(w_n, 0) g_max,
///    G- = max(-w_n, 0) g_max;
///  - programming: G_p = max(G + sigma_prog(G) z, 0);
///  - drift: G(t) = G_p ((t + t0) / t0)^-nu, nu = |mu(G) + sigma_nu(G) z|;
///  - read noise: sd = |G(t)| q_s(G_p) sqrt(log((t + t0 + t_read) /
///    (2 t_read))), on every read (one draw per output: the sum of the
///    devices' independent normals);
///  - IO: DAC and ADC as RefIO (with perVector, x_n = x / max_k |x_k| and
///    the output scaled back by max_k |x_k|);
///  - global drift compensation as aihwkit's GlobalDriftCompensation: read
///    eye(K) at programming (t = 0) and at t, alpha = mean|y(0)| /
///    mean|y(t)|, both reads through the same IO; `oneHot == false` skips
///    it (alpha = 1).
/// Output: y = alpha Q_out(x_n W(t) + noise) r_b max_k |w_kj|, r_b the
/// vector's input range.
inline double refMVMError(const std::vector<float> &x,
                          const std::vector<float> &w, int64_t B, int64_t K,
                          int64_t N, double t, const RefIO &io, bool oneHot,
                          uint64_t seed) {
  const Ref r = Ref::Hermes2;
  const double gMax = constantsOf(r).gMax;
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::vector<double> scale(N, 0.0);
  for (int64_t k = 0; k < K; ++k)
    for (int64_t j = 0; j < N; ++j)
      scale[j] = std::max(scale[j], std::fabs(double(w[k * N + j])));
  for (double &s : scale)
    s = s > 0 ? s : 1.0;
  // Normalised weights and read-noise variances at 0 and t.
  std::vector<double> w0(K * N), wt(K * N), v0(K * N), vt(K * N);
  const double T = (t + constantsOf(r).t0) / constantsOf(r).t0;
  const double tf0 = refTimeFactor(r, 0), tft = refTimeFactor(r, t);
  for (int64_t k = 0; k < K; ++k)
    for (int64_t j = 0; j < N; ++j) {
      double target = w[k * N + j] / scale[j];
      double a0 = 0, at = 0, s0 = 0, st = 0;
      for (int p = 0; p < 2; ++p) {
        double g = std::max(p == 0 ? target : -target, 0.0) * gMax;
        double gp = std::max(g + refProgSigma(r, g) * normal(rng), 0.0);
        auto [mu, sd] = refNu(r, g);
        double nu = std::fabs(mu + sd * normal(rng));
        double gt = gp * std::pow(T, -nu);
        double q = refQs(r, gp);
        a0 += p == 0 ? gp : -gp;
        at += p == 0 ? gt : -gt;
        s0 += std::pow(gp * q * tf0, 2);
        st += std::pow(gt * q * tft, 2);
      }
      w0[k * N + j] = a0 / gMax;
      wt[k * N + j] = at / gMax;
      v0[k * N + j] = s0 / (gMax * gMax);
      vt[k * N + j] = st / (gMax * gMax);
    }
  double alpha = 1;
  if (oneHot) {
    // Row k of eye(K) at full scale reads row k of the crossbar.
    double ref = 0, cur = 0;
    for (int64_t i = 0; i < K * N; ++i) {
      ref += std::fabs(refQuantize(w0[i] + std::sqrt(v0[i]) * normal(rng),
                                   io.outBound, io.outLevels));
      cur += std::fabs(refQuantize(wt[i] + std::sqrt(vt[i]) * normal(rng),
                                   io.outBound, io.outLevels));
    }
    alpha = cur > 0 ? ref / cur : 1;
  }
  double num = 0, den = 0;
  std::vector<double> xq(K);
  for (int64_t b = 0; b < B; ++b) {
    double rb = 0;
    for (int64_t k = 0; k < K; ++k)
      rb = std::max(rb, std::fabs(double(x[b * K + k])));
    if (!io.perVector || rb == 0)
      rb = io.inRange;
    for (int64_t k = 0; k < K; ++k)
      xq[k] = refQuantize(x[b * K + k] / rb, 1.0, io.inLevels);
    for (int64_t j = 0; j < N; ++j) {
      double mean = 0, var = 0, exact = 0;
      for (int64_t k = 0; k < K; ++k) {
        mean += xq[k] * wt[k * N + j];
        var += xq[k] * xq[k] * vt[k * N + j];
        exact += double(x[b * K + k]) * w[k * N + j];
      }
      double y = alpha *
                 refQuantize(mean + std::sqrt(var) * normal(rng), io.outBound,
                             io.outLevels) *
                 rb * scale[j];
      num += (y - exact) * (y - exact);
      den += exact * exact;
    }
  }
  return std::sqrt(num / den);
}

} // namespace aihwkit
} // namespace test
} // namespace exec
} // namespace aimc

#endif // AIMC_TEST_UNIT_EXECUTOR_AIHWKITREFERENCE_H
