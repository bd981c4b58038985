//===- NonIdealities.h - Switchable effects of the analog read --*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Effects of the read path that a chip parameter switches on, each in its
// own function called from one marked place of the MVM (TileMVM.cpp) and
// calibration (Calibration.cpp); off (the default), they cost one branch per
// row. Sources, formulas and measurements: docs/NonIdealities.md.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_LIB_EXECUTOR_NONIDEALITIES_H
#define AIMC_LIB_EXECUTOR_NONIDEALITIES_H

#include "aimc/Support/CounterRNG.h"

#include <cstdint>
#include <vector>

namespace aimc {
namespace exec {
namespace nonideal {

/// input_scaling = per_vector (aihwkit's noise_management = ABS_MAX): the
/// DAC range of one input vector, max_k |x[k * stride]|, or `fallback` (the
/// tile's range) for an all-zero vector.
float perVectorInputRange(const float *x, int64_t stride, int64_t count,
                          float fallback);

/// Scales one row of raw (normalised) ADC outputs, read with DAC range r_b,
/// back to the tile's range r_in (ratio = r_b / r_in), then applies the
/// digital post-processing unless `raw`:
///   dst[j * stride] = raw ? ratio v : outScale[j] ratio v + outBias[j].
void rescaleRow(float ratio, bool raw, const float *outScale,
                const float *outBias, float *dst, int64_t stride,
                int64_t count);

/// adc_nonlinearity (aihwkit's out_nonlinearity): the per-column factors
/// n_j r = a (1 + s z_j), z_j = rng.normal(2 N + j) (after the gain and
/// offset draws of the same stream); empty if a = 0.
std::vector<float> drawADCNonlinearity(double a, double s,
                                       const CounterRNG &rng, int64_t N);

/// The S-shaped analog output before the ADC, in normalised units:
///   y_j <- y'_j / (1 + nr_j |y'_j| / range),  y'_j = pre ? pre_j y_j : y_j
/// (pre: the integer path's scale to normalised units; the result is in
/// normalised units either way).
void adcNonlinearityRow(float *y, const float *pre, const float *nr,
                        float range, int64_t count);

/// g_max_sigma: a device whose largest reachable conductance is
/// g_max (1 + sigma z) (clamped at 0) cannot be programmed above it:
/// min(g, max(g_max (1 + sigma z), 0)).
inline double saturateAtDeviceGMax(double g, double gMax, double sigma,
                                   double z) {
  double cap = gMax * (1.0 + sigma * z);
  cap = cap > 0 ? cap : 0.0;
  return g < cap ? g : cap;
}

} // namespace nonideal
} // namespace exec
} // namespace aimc

#endif // AIMC_LIB_EXECUTOR_NONIDEALITIES_H
