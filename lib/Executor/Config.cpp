//===- Config.cpp - Configuration of a simulated AIMC chip ----------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Executor/Config.h"

#include <cblas.h>

#include <cmath>
#include <cstring>

using namespace aimc;
using namespace aimc::exec;

ExecutorConfig ExecutorConfig::ideal() {
  ExecutorConfig c;
  c.noiseModel = NoiseModelKind::None;
  c.programmingNoise = false;
  c.drift = false;
  c.readNoise = false;
  c.driftCompensation = false;
  c.clipSigmas = 0;
  c.quantizeInputs = false;
  c.quantizeOutputs = false;
  c.inputRangeMode = RangeMode::Static;
  c.outputRangeMode = RangeMode::Static;
  c.affineCalibration = false;
  return c;
}

int64_t ExecutorConfig::defaultGemmRowQuantum() {
  const char *core = openblas_get_corename();
  if (!core)
    return 8;
  for (const char *name : {"SkylakeX", "Cooperlake", "SapphireRapids"})
    if (std::strcmp(core, name) == 0)
      return 4;
  for (const char *name : {"Haswell", "Zen"})
    if (std::strcmp(core, name) == 0)
      return 16;
  return 8;
}

DeviceModel ExecutorConfig::deviceModel() const {
  int64_t perPolarity = chip.devicesPerPolarity();
  DeviceModel m;
  switch (noiseModel) {
  case NoiseModelKind::None:
    m = DeviceModel::none(perPolarity);
    break;
  case NoiseModelKind::PCMLike:
    m = DeviceModel::pcmLike(perPolarity);
    break;
  case NoiseModelKind::Hermes:
    m = DeviceModel::hermes(perPolarity);
    break;
  }
  if (gMax > 0)
    m.gMax = gMax;
  m.progNoiseScale = programmingNoise ? progNoiseScale : 0.0;
  m.readNoiseScale = readNoise ? readNoiseScale : 0.0;
  m.driftScale = drift ? driftScale : 0.0;
  return m;
}

static bool finiteNonNegative(double x) { return std::isfinite(x) && x >= 0; }

std::string ExecutorConfig::validate() const {
  if (std::string err = chip.validate(); !err.empty())
    return "invalid chip model: " + err;
  if (std::string err = deviceModel().validate(); !err.empty())
    return "invalid device model: " + err;
  if (!finiteNonNegative(gMax) || !finiteNonNegative(progNoiseScale) ||
      !finiteNonNegative(readNoiseScale) || !finiteNonNegative(driftScale))
    return "g_max and noise scales must be finite and non-negative";
  if (!finiteNonNegative(tInference) || tInference > kMaxInferenceSeconds)
    return "inference time must be finite, non-negative and at most 1e10 "
           "seconds, got " +
           std::to_string(tInference);
  if (!finiteNonNegative(clipSigmas))
    return "clip sigmas must be finite and non-negative";
  if (!(inputRange > 0) || !std::isfinite(inputRange))
    return "input range must be positive and finite";
  if (!finiteNonNegative(outputRange) || !(outputRangeFactor > 0) ||
      !(outputMargin > 0))
    return "output range, factor and margin must be positive";
  if (!(inputPercentile > 0 && inputPercentile <= 100) ||
      !(outputPercentile > 0 && outputPercentile <= 100))
    return "percentiles must be in (0, 100]";
  if (!finiteNonNegative(adcGainSigma) || !finiteNonNegative(adcOffsetSigmaLSB))
    return "ADC error sigmas must be finite and non-negative";
  if (gemmRowQuantum < 0 || gemmRowQuantum > 1024)
    return "sgemm row quantum must be in 0..1024, got " +
           std::to_string(gemmRowQuantum);
  if (numThreads < 1 || numThreads > 256)
    return "thread count must be in 1..256, got " + std::to_string(numThreads);
  return "";
}

ExecutorConfig TileSettings::apply(const ExecutorConfig &chipWide) const {
  ExecutorConfig c = chipWide;
  c.mode = mode;
  c.inputRangeMode = inputRangeMode;
  c.inputPercentile = inputPercentile;
  c.inputRange = inputRange;
  c.progNoiseScale *= noiseScale;
  c.readNoiseScale *= noiseScale;
  return c;
}

std::string TileSettings::validate() const {
  if (!(inputPercentile > 0 && inputPercentile <= 100))
    return "input percentile must be in (0, 100], got " +
           std::to_string(inputPercentile);
  if (!(inputRange > 0) || !std::isfinite(inputRange))
    return "input range must be positive and finite, got " +
           std::to_string(inputRange);
  if (!finiteNonNegative(noiseScale))
    return "noise scale must be finite and non-negative, got " +
           std::to_string(noiseScale);
  return "";
}

bool TileSettings::operator==(const TileSettings &o) const {
  return mode == o.mode && inputRangeMode == o.inputRangeMode &&
         inputPercentile == o.inputPercentile && inputRange == o.inputRange &&
         noiseScale == o.noiseScale &&
         calibrateOnFirstMVM == o.calibrateOnFirstMVM;
}
