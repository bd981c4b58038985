//===- Kernels.h - Elementwise loops of the MVM hot path --------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The converter and noise loops of the MVM, compiled for several instruction
// sets (target_clones) and dispatched at load time. They use only correctly
// rounded IEEE operations (division, multiplication, addition, sqrt,
// truncation; no FMA contraction), so every clone gives identical bits.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_LIB_EXECUTOR_KERNELS_H
#define AIMC_LIB_EXECUTOR_KERNELS_H

#include <cstdint>

namespace aimc {
namespace exec {
namespace kernels {

/// Sets OpenBLAS to one thread (if it is not already): the executor
/// parallelises over blocks itself and needs reproducible sgemm calls.
void ensureSingleThreadedBLAS();

/// dst[k] = src[k * stride] / range, then if `quantize`
/// dst = round(clamp(dst, -1, 1) * levels) * step. Returns sum_k dst[k]^2
/// (in a fixed order) if `wantNorm`, else 0.
float dacRow(const float *src, int64_t stride, int64_t count, float range,
             bool quantize, float levels, float step, bool wantNorm,
             float *dst);

/// y[j] += sqrt(scale * var[j]) * z[j].
void addNoiseRow(float *y, const float *var, float scale, const float *z,
                 int64_t count);

/// addNoiseRow followed by adcRow with `pre`, quantize = true, raw = false
/// and stride 1 (the integer crossbar's common case), fused: identical bits,
/// one pass over the row.
void noiseAdcRow(const float *y, const float *var, float scale, const float *z,
                 const float *pre, const float *gain, const float *offset,
                 float lsb, float range, float levels, const float *outScale,
                 const float *outBias, float *dst, int64_t count);

/// v = gain[j] * (pre ? pre[j] * y[j] : y[j]) + offset[j] * lsb, then if
/// `quantize` v = round(clamp(v / range, -1, 1) * levels) * lsb; then
/// dst[j * stride] = raw ? v : outScale[j] * v + outBias[j].
void adcRow(const float *y, const float *pre, const float *gain,
            const float *offset, float lsb, bool quantize, float range,
            float levels, bool raw, const float *outScale, const float *outBias,
            float *dst, int64_t stride, int64_t count);

} // namespace kernels
} // namespace exec
} // namespace aimc

#endif // AIMC_LIB_EXECUTOR_KERNELS_H
