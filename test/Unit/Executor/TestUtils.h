//===- TestUtils.h - Helpers of the executor unit tests ---------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_TEST_UNIT_EXECUTOR_TESTUTILS_H
#define AIMC_TEST_UNIT_EXECUTOR_TESTUTILS_H

#include "aimc/Executor/Executor.h"
#include "aimc/Support/CounterRNG.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <vector>

namespace aimc {
namespace exec {
namespace test {

/// rows x cols standard normals (times `scale`) from stream `stream`.
inline std::vector<float> gaussian(int64_t rows, int64_t cols, uint64_t stream,
                                   double scale = 1.0) {
  std::vector<float> v(rows * cols);
  CounterRNG(1234, stream).fillNormal(v.data(), v.size());
  for (float &x : v)
    x = static_cast<float>(x * scale);
  return v;
}

/// rows x cols uniforms in (-1, 1) times `scale`.
inline std::vector<float> uniform(int64_t rows, int64_t cols, uint64_t stream,
                                  double scale = 1.0) {
  std::vector<float> v(rows * cols);
  CounterRNG rng(4321, stream);
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = static_cast<float>((2 * rng.uniform(i) - 1) * scale);
  return v;
}

/// x (B x K) W (K x N) in double precision.
inline std::vector<double> reference(const std::vector<float> &x,
                                     const std::vector<float> &w, int64_t B,
                                     int64_t K, int64_t N) {
  std::vector<double> y(B * N, 0.0);
  for (int64_t b = 0; b < B; ++b)
    for (int64_t k = 0; k < K; ++k)
      for (int64_t j = 0; j < N; ++j)
        y[b * N + j] += static_cast<double>(x[b * K + k]) * w[k * N + j];
  return y;
}

/// ||a - b||_F / ||b||_F.
template <typename A>
double relativeError(const std::vector<A> &a, const std::vector<double> &b) {
  double num = 0, den = 0;
  for (size_t i = 0; i < b.size(); ++i) {
    num += (a[i] - b[i]) * (a[i] - b[i]);
    den += b[i] * b[i];
  }
  return std::sqrt(num / den);
}

inline std::unique_ptr<Executor> makeChip(const ExecutorConfig &config) {
  std::string error;
  auto chip = Executor::create(config, error);
  EXPECT_TRUE(chip) << error;
  return chip;
}

inline ConstView2D view(const std::vector<float> &v, int64_t rows,
                        int64_t cols) {
  return ConstView2D{v.data(), rows, cols, cols, 1};
}
inline View2D view(std::vector<float> &v, int64_t rows, int64_t cols) {
  return View2D{v.data(), rows, cols, cols, 1};
}

/// A config with every source off except what the test turns on.
inline ExecutorConfig quiet(NoiseModelKind model) {
  ExecutorConfig c = ExecutorConfig::ideal();
  c.chip.noiseModel = model;
  c.chip.progNoiseScale = 0.0;
  c.chip.readNoiseScale = 0.0;
  return c;
}

struct Moments {
  double mean = 0, std = 0;
  int64_t n = 0;
};
inline Moments moments(const std::vector<double> &v) {
  Moments m;
  m.n = static_cast<int64_t>(v.size());
  for (double x : v)
    m.mean += x;
  m.mean /= m.n;
  double s2 = 0;
  for (double x : v)
    s2 += (x - m.mean) * (x - m.mean);
  m.std = std::sqrt(s2 / (m.n - 1));
  return m;
}

} // namespace test
} // namespace exec
} // namespace aimc

#endif // AIMC_TEST_UNIT_EXECUTOR_TESTUTILS_H
