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

AIMC_MULTIVERSION
float kernels::dacRow(const float *src, int64_t stride, int64_t count,
                      float range, bool quantize, float levels, float step,
                      bool wantNorm, float *dst) {
  if (stride == 1) {
    for (int64_t k = 0; k < count; ++k)
      dst[k] = src[k] / range;
  } else {
    for (int64_t k = 0; k < count; ++k)
      dst[k] = src[k * stride] / range;
  }
  if (quantize)
    for (int64_t k = 0; k < count; ++k)
      dst[k] = roundHalfAway(clampUnit(dst[k]) * levels) * step;
  if (!wantNorm)
    return 0;
  // Sixteen interleaved partial sums, then their sequential total: a fixed
  // order that every clone follows (and vectorises).
  constexpr int64_t lanes = 16;
  float acc[lanes] = {};
  int64_t k = 0;
  for (; k + lanes <= count; k += lanes)
    for (int64_t l = 0; l < lanes; ++l)
      acc[l] += dst[k + l] * dst[k + l];
  for (int64_t l = 0; k + l < count; ++l)
    acc[l] += dst[k + l] * dst[k + l];
  float n2 = 0;
  for (int64_t l = 0; l < lanes; ++l)
    n2 += acc[l];
  return n2;
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
