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

/// True if an effect of the array (ir_drop, polarity_asymmetry) is on: the
/// MVM then needs the normalised inputs and weights of the floating-point
/// crossbar.
inline bool hasArrayEffects(double irDrop, double polarityAsymmetry,
                            double polarityAsymmetryStd) {
  return irDrop > 0 || polarityAsymmetry != 0 || polarityAsymmetryStd > 0;
}

/// polarity_asymmetry a, polarity_asymmetry_std s: the weights a negative
/// input reads, w_kj (1 - a) (1 + s z_kj), z_kj = rng.normal(k N + j) (one
/// draw per weight, fixed for the tile).
std::vector<float> negativeInputWeights(const std::vector<float> &w, double a,
                                        double s, const CounterRNG &rng,
                                        int64_t K, int64_t N);

/// The array effects on one row of the crossbar product y = x W (normalised
/// units; x the K DAC outputs, w and wNeg K x N row-major, wNeg null if the
/// read is symmetric; tmp 2 N floats):
///   polarity:  input k reads w'_kj = x_k < 0 ? wNeg_kj : w_kj,
///              y_j += sum_{x_k < 0} x_k (wNeg_kj - w_kj);
///   IR drop (aihwkit ForwardBackwardPassIOManaged::applyIrDrop), if
///   irDrop > 0:
///              a_j = K / gRatio sum_k |w'_kj| |x_k|,
///              c_j = a_j (a_j (0.05 a_j - 0.2) + 0.5),
///              y_j -= irDrop c_j sum_k w'_kj x_k (1 - (1 - k / K)^2).
void arrayEffectsRow(const float *x, const float *w, const float *wNeg,
                     int64_t K, int64_t N, float irDrop, float gRatio, float *y,
                     float *tmp);

} // namespace nonideal
} // namespace exec
} // namespace aimc

#endif // AIMC_LIB_EXECUTOR_NONIDEALITIES_H
