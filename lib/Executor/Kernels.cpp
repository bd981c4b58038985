//===- Kernels.cpp - Elementwise loops of the MVM hot path ----------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "aimc/Executor/Converters.h"

#include <cblas.h>

#include <cmath>

using namespace aimc::exec;

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) &&         \
    defined(__linux__)
#define AIMC_MULTIVERSION                                                      \
  __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define AIMC_MULTIVERSION
#endif

void kernels::ensureSingleThreadedBLAS() {
  if (openblas_get_num_threads() != 1)
    openblas_set_num_threads(1);
}

namespace {
/// One DAC value: src / range, then optionally quantised.
inline float dacValue(float s, float range, bool quantize, float levels,
                      float step) {
  float d = s / range;
  return quantize ? roundHalfAway(clampUnit(d) * levels) * step : d;
}
} // namespace

AIMC_MULTIVERSION
float kernels::dacRow(const float *src, int64_t stride, int64_t count,
                      float range, bool quantize, float levels, float step,
                      bool wantNorm, float *dst) {
  // One pass (divide, quantise, square-accumulate) over chunks of sixteen:
  // sixteen interleaved partial sums, then their sequential total, a fixed
  // order that every clone follows (and vectorises).
  constexpr int64_t lanes = 16;
  float acc[lanes] = {};
  int64_t k = 0;
  if (stride == 1) {
    for (; k + lanes <= count; k += lanes)
      for (int64_t l = 0; l < lanes; ++l) {
        float d = dacValue(src[k + l], range, quantize, levels, step);
        dst[k + l] = d;
        acc[l] += d * d;
      }
  }
  for (int64_t l = 0; k + l < count; ++l) {
    // The tail (or every element of a strided row), lane by lane.
    int64_t i = k + l;
    float d = dacValue(src[i * stride], range, quantize, levels, step);
    dst[i] = d;
    acc[l % lanes] += d * d;
  }
  if (!wantNorm)
    return 0;
  float n2 = 0;
  for (int64_t l = 0; l < lanes; ++l)
    n2 += acc[l];
  return n2;
}

AIMC_MULTIVERSION
void kernels::noiseAdcRow(const float *y, const float *var, float scale,
                          const float *z, const float *pre, const float *gain,
                          const float *offset, float lsb, float range,
                          float levels, const float *outScale,
                          const float *outBias, float *dst, int64_t count) {
  // addNoiseRow then adcRow's integer fast path, element by element: the
  // same operations in the same order, one pass instead of two.
  for (int64_t j = 0; j < count; ++j) {
    float yn = y[j] + std::sqrt(scale * var[j]) * z[j];
    float v = gain[j] * (pre[j] * yn) + offset[j] * lsb;
    v = roundHalfAway(clampUnit(v / range) * levels) * lsb;
    dst[j] = outScale[j] * v + outBias[j];
  }
}

AIMC_MULTIVERSION
void kernels::addNoiseRow(float *y, const float *var, float scale,
                          const float *z, int64_t count) {
  for (int64_t j = 0; j < count; ++j)
    y[j] += std::sqrt(scale * var[j]) * z[j];
}

AIMC_MULTIVERSION
void kernels::adcRow(const float *y, const float *pre, const float *gain,
                     const float *offset, float lsb, bool quantize, float range,
                     float levels, bool raw, const float *outScale,
                     const float *outBias, float *dst, int64_t stride,
                     int64_t count) {
  // One fused pass for the common case (integer crossbar, quantised,
  // contiguous output).
  if (pre && quantize && !raw && stride == 1) {
    for (int64_t j = 0; j < count; ++j) {
      float v = gain[j] * (pre[j] * y[j]) + offset[j] * lsb;
      v = roundHalfAway(clampUnit(v / range) * levels) * lsb;
      dst[j] = outScale[j] * v + outBias[j];
    }
    return;
  }
  for (int64_t j = 0; j < count; ++j) {
    float v = pre ? pre[j] * y[j] : y[j];
    v = gain[j] * v + offset[j] * lsb;
    if (quantize)
      v = roundHalfAway(clampUnit(v / range) * levels) * lsb;
    dst[j * stride] = raw ? v : outScale[j] * v + outBias[j];
  }
}
