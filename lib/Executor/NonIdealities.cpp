//===- NonIdealities.cpp - Switchable effects of the analog read ----------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "NonIdealities.h"

#include <cmath>

using namespace aimc::exec;

float nonideal::perVectorInputRange(const float *x, int64_t stride,
                                    int64_t count, float fallback) {
  float m = 0.0f;
  for (int64_t k = 0; k < count; ++k)
    m = std::fmax(m, std::fabs(x[k * stride]));
  return m > 0.0f ? m : fallback;
}

void nonideal::rescaleRow(float ratio, bool raw, const float *outScale,
                          const float *outBias, float *dst, int64_t stride,
                          int64_t count) {
  for (int64_t j = 0; j < count; ++j) {
    float v = dst[j * stride] * ratio;
    dst[j * stride] = raw ? v : outScale[j] * v + outBias[j];
  }
}

std::vector<float> nonideal::drawADCNonlinearity(double a, double s,
                                                 const CounterRNG &rng,
                                                 int64_t N) {
  std::vector<float> nr;
  if (!(a > 0))
    return nr;
  nr.resize(N);
  for (int64_t j = 0; j < N; ++j)
    nr[j] = static_cast<float>(a * (1.0 + s * rng.normal(2 * N + j)));
  return nr;
}

void nonideal::adcNonlinearityRow(float *y, const float *pre, const float *nr,
                                  float range, int64_t count) {
  for (int64_t j = 0; j < count; ++j) {
    float v = pre ? pre[j] * y[j] : y[j];
    y[j] = v / (1.0f + nr[j] * std::fabs(v) / range);
  }
}
