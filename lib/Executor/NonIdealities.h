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

/// output_noise (aihwkit IOParameters.out_noise, added in
/// AnalogMVM._finalize_output before the ADC quantises and clips): additive
/// Gaussian noise on every analog output, in normalised units:
///   y_j <- y'_j + sigma z_j,  y'_j = pre ? pre_j y_j : y_j
/// (pre: the integer path's scale to normalised units; the result is in
/// normalised units either way).
void outputNoiseRow(float *y, const float *pre, const float *z, float sigma,
                    int64_t count);

/// The stream of output_noise's normals for a read path: derived from the
/// path's read-noise stream, so every other draw is unchanged. Normal z for
/// row b and column j is draw b * N + j, like the read noise's.
inline CounterRNG outputNoiseStream(const CounterRNG &readNoise) {
  return readNoise.derive(0x6f75746e6f697365ULL); // "outnoise"
}

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

/// The steady-state IR drop's scale: ir_drop, or 0 if ir_drop_time_resolved
/// selects the time-resolved model instead.
inline double steadyStateIRDrop(double irDrop, bool timeResolved) {
  return timeResolved ? 0.0 : irDrop;
}

/// True if aihwkit's time-resolved IR drop is on (ir_drop > 0 and
/// ir_drop_time_resolved).
inline bool hasTimeResolvedIRDrop(double irDrop, bool timeResolved) {
  return timeResolved && irDrop > 0;
}

/// ir_drop_time_resolved: aihwkit's time-resolved IR drop
/// (IOParametersIRDropT; AnalogMVMIRDropT._thev_equiv and the extension's
/// theveninEquivCPU) in closed form. Per column j, the P = max(K, rows)
/// cells are ordered towards the ADC (input k at p = pad + k for even j,
/// pad + K - 1 - k for odd j, pad = (P - K) / 2: aihwkit's symmetric
/// padding and alternating north/south ADCs). Every cell is driven by
/// voltage sources in every PWM time step (0.6 / 0.2 V active, 0.4 V idle),
/// so the Thevenin conductance of the chain does not depend on the input:
///   G_0 = S_0,  a_p = 1 / (1 + G_{p-1} rw),  G_p = a_p G_{p-1} + S_p,
/// with S_p = G+ + G- of the cell (uS) and rw = 1e-6 ir_drop ir_drop_rs
/// (MOhm), and the column current of a time step, integrated over the
/// PWM steps, is linear in the inputs. Hence, with c_p = prod_{q > p} a_q
/// and G = G_{P-1}:
///   w_kj <- w_kj c_p(k) / (1 + G rw / 2),  var_kj <- var_kj (c / (...))^2,
///   offset_j = -(v_read - 0.4) G / (0.2 gUnit (1 + G rw / 2)),
/// gUnit = the conductance difference of weight 1 (U g_max); offset_j is
/// added to every normalised output of column j. `cellG` holds S_kj (K x N
/// row-major); returns the offsets.
std::vector<float>
applyTimeResolvedIRDrop(std::vector<float> &w, std::vector<float> &var,
                        const std::vector<double> &cellG, int64_t K, int64_t N,
                        int64_t P, double rw, double vRead, double gUnit);

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
