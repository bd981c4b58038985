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

} // namespace aihwkit
} // namespace test
} // namespace exec
} // namespace aimc

#endif // AIMC_TEST_UNIT_EXECUTOR_AIHWKITREFERENCE_H
