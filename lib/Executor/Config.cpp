//===- Config.cpp - Configuration of a simulated AIMC chip ----------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Executor/Config.h"

#include "aimc/Chip/MVMLimits.h"

#include <cblas.h>

#include <cmath>
#include <cstdio>
#include <cstring>

using namespace aimc;
using namespace aimc::exec;

ExecutorConfig ExecutorConfig::ideal() { return forChip(ChipModel::ideal()); }

ExecutorConfig ExecutorConfig::forChip(const ChipModel &chip) {
  ExecutorConfig c;
  c.chip = chip;
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
  switch (chip.noiseModel) {
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
  if (chip.gMax > 0)
    m.gMax = chip.gMax;
  m.progNoiseScale = chip.progNoiseScale;
  m.readNoiseScale = chip.readNoiseScale;
  m.driftScale = chip.drift ? chip.driftScale : 0.0;
  return m;
}

static bool finiteNonNegative(double x) { return std::isfinite(x) && x >= 0; }

/// `v` in %g notation (std::to_string prints tiny values as 0.000000).
static std::string formatReal(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

std::string ExecutorConfig::validate() const {
  // The chip's ranges come from its parameter table.
  if (std::string err = chip.validate(); !err.empty())
    return "invalid chip model: " + err;
  if (std::string err = deviceModel().validate(); !err.empty())
    return "invalid device model: " + err;
  if (!finiteNonNegative(tInference) || tInference > kMaxInferenceSeconds)
    return "inference time must be finite, non-negative and at most 1e10 "
           "seconds, got " +
           std::to_string(tInference);
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
  c.chip.inputRangeMode = inputRangeMode;
  c.chip.inputPercentile = inputPercentile;
  c.chip.inputRange = inputRange;
  c.chip.progNoiseScale *= noiseScale;
  c.chip.readNoiseScale *= noiseScale;
  return c;
}

std::string TileSettings::validate() const {
  if (!(inputPercentile > 0 && inputPercentile <= 100))
    return "input percentile must be in (0, 100], got " +
           std::to_string(inputPercentile);
  // At least the smallest normal float32: the DAC divides by the range in
  // float32, where a smaller range would be 0 or a denormal.
  if (!(inputRange >= kMinMVMInputRange && inputRange <= kMaxMVMInputRange))
    return "input range must be in [1.17549e-38, 1e12] (positive in "
           "float32), got " +
           formatReal(inputRange);
  if (!(noiseScale >= 0 && noiseScale <= kMaxMVMNoiseScale))
    return "noise scale must be in [0, 1000], got " + formatReal(noiseScale);
  return "";
}

bool TileSettings::operator==(const TileSettings &o) const {
  return mode == o.mode && inputRangeMode == o.inputRangeMode &&
         inputPercentile == o.inputPercentile && inputRange == o.inputRange &&
         noiseScale == o.noiseScale &&
         calibrateOnFirstMVM == o.calibrateOnFirstMVM;
}
