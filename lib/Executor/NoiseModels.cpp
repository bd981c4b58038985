//===- NoiseModels.cpp - Statistical PCM device models --------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Constants are those of IBM aihwkit (MIT licence):
//  - src/aihwkit/inference/noise/pcm.py, PCMLikeNoiseModel
//    (Nandakumar et al., ICECS 2019);
//  - src/aihwkit/inference/noise/hermes.py, HermesNoiseModel
//    (Le Gallo et al., Nat. Electron. 2023).
// The paper's code (IBM/kernel-approximation-using-analog-in-memory-computing,
// imka-ridge-regression/hwkeap/noise_models/models.py) uses the same drift and
// 1/f constants as the PCM-like model.
//
//===----------------------------------------------------------------------===//

#include "aimc/Executor/NoiseModels.h"

#include <algorithm>
#include <cmath>

using namespace aimc::exec;

namespace {
/// aihwkit's _ZERO_CLIP: smallest relative conductance fed to log().
constexpr double kZeroClip = 1e-7;

double clampTo(double x, double lo, double hi) {
  return std::min(std::max(x, lo), hi);
}

/// Programming-noise polynomials sum_i c_i (g / g_max)^i, in uS at the
/// reference g_max.
constexpr double kPcmProg[] = {0.26348, 1.9650, -1.1731};
constexpr double kHermes2Prog[] = {0.16603222, 4.71806468, -8.48101252,
                                   4.68961419};
constexpr double kHermes1Prog[] = {0.15781817, 2.32443916, -2.16310839,
                                   0.68841818};

template <size_t N> double polynomial(const double (&c)[N], double x) {
  double sum = 0, power = 1;
  for (size_t i = 0; i < N; ++i) {
    sum += c[i] * power;
    power *= x;
  }
  return sum;
}
} // namespace

DeviceModel DeviceModel::pcmLike(int64_t devicesPerPolarity) {
  DeviceModel m;
  m.kind = NoiseModelKind::PCMLike;
  m.modelDevices = 1;
  m.unitsPerPolarity = devicesPerPolarity;
  m.gMax = 25.0;
  m.gMaxReference = 25.0;
  m.t0 = 20.0;
  m.tRead = 250.0e-9;
  return m;
}

DeviceModel DeviceModel::hermes(int64_t devicesPerPolarity) {
  DeviceModel m;
  m.kind = NoiseModelKind::Hermes;
  m.modelDevices = devicesPerPolarity;
  m.unitsPerPolarity = 1;
  m.gMax = devicesPerPolarity == 1 ? 10.35 : 20.7;
  m.gMaxReference = m.gMax;
  m.t0 = devicesPerPolarity == 1 ? 200.0 : 300.0;
  m.tRead = 512.0e-9;
  return m;
}

DeviceModel DeviceModel::none(int64_t devicesPerPolarity) {
  DeviceModel m;
  m.kind = NoiseModelKind::None;
  m.unitsPerPolarity = devicesPerPolarity;
  m.gMax = 25.0;
  m.gMaxReference = 25.0;
  return m;
}

std::string DeviceModel::validate() const {
  if (unitsPerPolarity < 1)
    return "a polarity needs at least one device";
  if (kind == NoiseModelKind::Hermes && modelDevices != 1 && modelDevices != 2)
    return "the HERMES device model supports 1 or 2 devices per polarity, "
           "got " +
           std::to_string(modelDevices);
  if (!(gMax > 0) || !std::isfinite(gMax))
    return "g_max must be positive";
  if (kind == NoiseModelKind::Hermes && gMax > gMaxReference * (1 + 1e-12))
    return "g_max " + std::to_string(gMax) +
           " uS exceeds the characterised maximum of the HERMES model (" +
           std::to_string(gMaxReference) + " uS)";
  if (!(t0 > 0) || !(tRead > 0))
    return "t0 and t_read must be positive";
  if (progNoiseScale < 0 || readNoiseScale < 0 || driftScale < 0)
    return "noise scales must be non-negative";
  return "";
}

double DeviceModel::programmingSigma(double g) const {
  double x = g / gMax;
  double sigma = 0;
  switch (kind) {
  case NoiseModelKind::None:
    return 0;
  case NoiseModelKind::PCMLike:
    sigma = polynomial(kPcmProg, x);
    break;
  case NoiseModelKind::Hermes:
    sigma = modelDevices == 1 ? polynomial(kHermes1Prog, x)
                              : polynomial(kHermes2Prog, x);
    break;
  }
  return progNoiseScale * sigma * gMax / gMaxReference;
}

DriftDistribution DeviceModel::driftDistribution(double g) const {
  double r = std::max(std::fabs(g / gMax), kZeroClip);
  DriftDistribution d;
  switch (kind) {
  case NoiseModelKind::None:
    return d;
  case NoiseModelKind::PCMLike:
    d.mean = clampTo(-0.0155 * std::log(r) + 0.0244, 0.049, 0.1);
    d.std = clampTo(-0.0125 * std::log(r) - 0.0059, 0.008, 0.045);
    return d;
  case NoiseModelKind::Hermes:
    d.mean = r < 0.0945 ? clampTo(-0.0387 * std::log(r) - 0.0182, 0.0720, 0.13)
                        : -0.0436 * r * r - 0.0126 * r + 0.0736;
    if (modelDevices == 1)
      d.std = r < 0.3039 ? clampTo(-0.0120 * std::log(r) - 0.0023, 0.0124, 0.04)
                         : -0.0165 * r * r + 0.0116 * r + 0.0104;
    else
      d.std = r < 0.3055 ? clampTo(-0.0117 * std::log(r) - 0.0057, 0.0091, 0.04)
                         : -0.0118 * r * r + 0.0093 * r + 0.0073;
    return d;
  }
  return d;
}

double DeviceModel::sampleNu(double g, double z) const {
  DriftDistribution d = driftDistribution(g);
  return driftScale * std::fabs(d.mean + d.std * z);
}

double DeviceModel::driftFactor(double nu, double tInference) const {
  if (!(tInference > 0))
    return 1.0;
  return std::pow((tInference + t0) / t0, -nu);
}

double DeviceModel::readNoiseQs(double gProg) const {
  double r = std::fabs(gProg) / gMax;
  switch (kind) {
  case NoiseModelKind::None:
    return 0;
  case NoiseModelKind::PCMLike:
    return std::min(0.0088 / std::max(std::pow(r, 0.65), 1e-3), 0.2);
  case NoiseModelKind::Hermes:
    if (modelDevices == 1)
      return r < 0.1591
                 ? clampTo(-0.0078 * std::log(r) + 0.0038, 0.0179, 0.04)
                 : 0.0664 * r * r * r - 0.1352 * r * r + 0.0768 * r + 0.0088;
    return r < 0.16 ? clampTo(-0.0117 * std::log(r) - 0.0069, 0.015, 0.04)
                    : 0.0069 * r * r * r - 0.0280 * r * r + 0.0211 * r + 0.0123;
  }
  return 0;
}

double DeviceModel::readNoiseTimeFactor(double tInference) const {
  double t = std::max(tInference, 0.0) + t0;
  return std::sqrt(std::log((t + tRead) / (2 * tRead)));
}
