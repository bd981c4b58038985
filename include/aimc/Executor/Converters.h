//===- Converters.h - DAC and ADC models ------------------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Symmetric uniform quantisers for the crossbar periphery. A converter with
// `maxLevel` L and range r maps a value v to the integer level
//   q(v) = round(clamp(v / r, -1, 1) * L)      (round half away from zero,
//                                               roundHalfAway())
// and back to q * r / L. The DAC turns inputs into signed PWM durations
// (HERMES: L = 127, 8-bit signed); the ADC digitises column outputs (L = 127).
// With `enabled == false` a converter passes values through unclipped.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_EXECUTOR_CONVERTERS_H
#define AIMC_EXECUTOR_CONVERTERS_H

#include <cmath>
#include <cstddef>
#include <cstdint>

namespace aimc {
namespace exec {

/// Rounds half away from zero like std::round for |t| < 2^22, without a
/// library call (so that converter loops vectorise). |t| must be below 2^31
/// and t not NaN (the float-to-int conversion is undefined otherwise): pass
/// clampUnit(s) * L.
inline float roundHalfAway(float t) {
  return static_cast<float>(static_cast<int32_t>(t + (t >= 0 ? 0.5f : -0.5f)));
}

/// clamp(s, -1, 1), saturating like a converter, with NaN mapped to 0. A NaN
/// can reach a converter only from an overflow upstream (an input far above
/// a tiny range with the DAC off gives inf, and inf * 0 in the crossbar
/// NaN); it must never reach roundHalfAway().
inline float clampUnit(float s) {
  return s > 1.0f ? 1.0f : (s >= -1.0f ? s : (s < -1.0f ? -1.0f : 0.0f));
}

struct Quantizer {
  bool enabled = true;
  /// Largest level (127 for 8 signed bits).
  int64_t maxLevel = 127;
  /// Full-scale value: |v| >= range maps to +-maxLevel.
  float range = 1.0f;

  /// Integer level of `v` (a float holding an integer in [-L, L]).
  float level(float v) const {
    return roundHalfAway(clampUnit(v / range) * static_cast<float>(maxLevel));
  }
  /// The value the converter represents for `v`: level(v) * range / L.
  float quantize(float v) const {
    if (!enabled)
      return v;
    return level(v) * (range / static_cast<float>(maxLevel));
  }
  /// Quantises `count` values in place.
  void quantize(float *values, size_t count) const;
  /// The step between adjacent levels.
  float lsb() const { return range / static_cast<float>(maxLevel); }
};

/// Percentile `p` in [0, 100] of |values| (nearest-rank on a copy), used to
/// calibrate converter ranges from data.
double absPercentile(const float *values, size_t count, double p);

} // namespace exec
} // namespace aimc

#endif // AIMC_EXECUTOR_CONVERTERS_H
