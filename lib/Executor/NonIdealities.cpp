//===- NonIdealities.cpp - Switchable effects of the analog read ----------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "NonIdealities.h"

#include <algorithm>
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

void nonideal::outputNoiseRow(float *y, const float *pre, const float *z,
                              float sigma, int64_t count) {
  for (int64_t j = 0; j < count; ++j)
    y[j] = (pre ? pre[j] * y[j] : y[j]) + sigma * z[j];
}

std::vector<float> nonideal::negativeInputWeights(const std::vector<float> &w,
                                                  double a, double s,
                                                  const CounterRNG &rng,
                                                  int64_t K, int64_t N) {
  std::vector<float> neg(K * N);
  for (int64_t i = 0; i < K * N; ++i) {
    double f = (1.0 - a) * (s > 0 ? 1.0 + s * rng.normal(i) : 1.0);
    neg[i] = static_cast<float>(w[i] * f);
  }
  return neg;
}

void nonideal::arrayEffectsRow(const float *x, const float *w,
                               const float *wNeg, int64_t K, int64_t N,
                               float irDrop, float gRatio, float *y,
                               float *tmp) {
  if (wNeg)
    for (int64_t k = 0; k < K; ++k) {
      if (!(x[k] < 0.0f))
        continue;
      const float *p = w + k * N, *q = wNeg + k * N;
      for (int64_t j = 0; j < N; ++j)
        y[j] += x[k] * (q[j] - p[j]);
    }
  if (!(irDrop > 0.0f))
    return;
  float *current = tmp, *far = tmp + N;
  std::fill(tmp, tmp + 2 * N, 0.0f);
  for (int64_t k = 0; k < K; ++k) {
    const float xk = x[k];
    if (xk == 0.0f)
      continue;
    const float *wk = (wNeg && xk < 0.0f ? wNeg : w) + k * N;
    const float p = 1.0f - static_cast<float>(k) / static_cast<float>(K);
    const float xFar = xk * (1.0f - p * p), xAbs = std::fabs(xk);
    for (int64_t j = 0; j < N; ++j) {
      current[j] += std::fabs(wk[j]) * xAbs;
      far[j] += wk[j] * xFar;
    }
  }
  const float aScale = static_cast<float>(K) / gRatio;
  for (int64_t j = 0; j < N; ++j) {
    float a = aScale * current[j];
    float c = a * (a * (0.05f * a - 0.2f) + 0.5f);
    y[j] -= irDrop * c * far[j];
  }
}

std::vector<float> nonideal::applyTimeResolvedIRDrop(
    std::vector<float> &w, std::vector<float> &var,
    const std::vector<double> &cellG, int64_t K, int64_t N, int64_t P,
    double rw, double vRead, double gUnit) {
  P = std::max(P, K);
  const int64_t pad = (P - K) / 2;
  std::vector<float> offset(N, 0.0f);
  std::vector<double> s(P), a(P), c(P);
  for (int64_t j = 0; j < N; ++j) {
    auto position = [&](int64_t k) {
      return pad + (j % 2 == 0 ? k : K - 1 - k);
    };
    std::fill(s.begin(), s.end(), 0.0);
    for (int64_t k = 0; k < K; ++k)
      s[position(k)] = cellG[k * N + j];
    // The Thevenin conductance towards the ADC (input-independent).
    double G = s[0];
    a[0] = 1.0;
    for (int64_t p = 1; p < P; ++p) {
      a[p] = 1.0 / (1.0 + G * rw);
      G = a[p] * G + s[p];
    }
    // c_p: how much of cell p's Norton current reaches the end of the chain.
    c[P - 1] = 1.0;
    for (int64_t p = P - 1; p > 0; --p)
      c[p - 1] = c[p] * a[p];
    const double end = 1.0 + 0.5 * G * rw;
    for (int64_t k = 0; k < K; ++k) {
      const double f = c[position(k)] / end;
      w[k * N + j] = static_cast<float>(w[k * N + j] * f);
      var[k * N + j] = static_cast<float>(var[k * N + j] * f * f);
    }
    offset[j] = static_cast<float>(-(vRead - 0.4) * G / (0.2 * gUnit * end));
  }
  return offset;
}
