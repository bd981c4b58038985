//===- IntegerGemmTest.cpp - The exact-integer crossbar product
//------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The 16-bit kernel gives the exact integer sums (hence sgemm's bits) for
// every shape and at the bounds of its operands, and a chip running it gives
// the same outputs as one forced onto sgemm.
//
//===----------------------------------------------------------------------===//

#include "TestUtils.h"

#include "aimc/Executor/IntegerGemm.h"

#include <cstring>
#include <random>

using namespace aimc;
using namespace aimc::exec;
using namespace aimc::exec::test;

namespace {
/// Exact x m in 64-bit integers.
std::vector<float> exactProduct(const std::vector<float> &x,
                                const std::vector<float> &m, int64_t M,
                                int64_t K, int64_t N) {
  std::vector<float> y(M * N);
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j) {
      int64_t sum = 0;
      for (int64_t k = 0; k < K; ++k)
        sum += static_cast<int64_t>(x[i * K + k]) *
               static_cast<int64_t>(m[k * N + j]);
      y[i * N + j] = static_cast<float>(sum);
    }
  return y;
}

std::vector<float> uniformIntegers(int64_t count, int64_t bound,
                                   uint32_t seed) {
  std::mt19937 gen(seed);
  std::uniform_int_distribution<int64_t> dist(-bound, bound);
  std::vector<float> v(count);
  for (float &e : v)
    e = static_cast<float>(dist(gen));
  return v;
}

bool bitIdentical(const std::vector<float> &a, const std::vector<float> &b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

/// HERMES' bounds: 8-bit DAC levels, floor(2^24 / (127 K)) weight levels.
constexpr int64_t kInputLevels = 127;
int64_t weightLevels(int64_t K) { return (int64_t(1) << 24) / (127 * K); }
} // namespace

TEST(IntegerGemm, GivesTheExactSumsForEveryShape) {
  // Full and partial 6-row blocks and 64-column panels, odd K, K = 1.
  // Last panels of 1-16, 17-32, 33-48 and 49-64 columns; 0-5 rows left
  // after the 6-row blocks.
  const int64_t shapes[][3] = {{1, 256, 256},   {6, 256, 256}, {7, 256, 256},
                               {256, 256, 256}, {64, 16, 256}, {13, 99, 200},
                               {5, 1, 33},      {11, 3, 65},   {300, 784, 48},
                               {2, 255, 47},    {9, 17, 96},   {3, 64, 90},
                               {10, 32, 113}};
  std::vector<int16_t> scratch;
  for (const auto &shape : shapes) {
    const int64_t M = shape[0], K = shape[1], N = shape[2];
    const int64_t levels = std::min<int64_t>(weightLevels(K), 32767);
    SCOPED_TRACE("M=" + std::to_string(M) + " K=" + std::to_string(K) +
                 " N=" + std::to_string(N));
    std::vector<float> x = uniformIntegers(M * K, kInputLevels, 1);
    std::vector<float> m = uniformIntegers(K * N, levels, 2);
    Int16Weights w = packInt16Weights(m.data(), K, N);
    std::vector<float> y(M * N, -1.0f);
    int16Gemm(M, x.data(), w, y.data(), scratch);
    EXPECT_TRUE(bitIdentical(y, exactProduct(x, m, M, K, N)));
  }
}

TEST(IntegerGemm, ReachesTheBoundOfExactSums) {
  // Every product at +-L levels with the signs aligned: the sums reach
  // K L levels, just below 2^24, in both signs; no 32-bit lane overflows.
  const int64_t M = 7, K = 256, N = 80, levels = weightLevels(K);
  ASSERT_TRUE(!int16GemmAvailable() ||
              int16GemmApplies(K, N, kInputLevels, levels));
  std::vector<float> x(M * K), m(K * N);
  for (int64_t i = 0; i < M * K; ++i)
    x[i] = (i / K) % 2 ? -kInputLevels : kInputLevels;
  for (int64_t i = 0; i < K * N; ++i)
    m[i] =
        (i % N) % 3 ? static_cast<float>(levels) : -static_cast<float>(levels);
  std::vector<int16_t> scratch;
  std::vector<float> y(M * N);
  int16Gemm(M, x.data(), packInt16Weights(m.data(), K, N), y.data(), scratch);
  EXPECT_EQ(y[1], static_cast<float>(K * kInputLevels * levels));
  EXPECT_EQ(y[N + 1], -static_cast<float>(K * kInputLevels * levels));
  EXPECT_TRUE(bitIdentical(y, exactProduct(x, m, M, K, N)));
}

TEST(IntegerGemm, AppliesOnlyWhereSumsAreExactAndOperandsFit) {
  if (!int16GemmAvailable()) {
    EXPECT_FALSE(int16GemmApplies(256, 256, 127, 516));
    GTEST_SKIP() << "no AVX-512 VNNI on this CPU";
  }
  EXPECT_TRUE(int16GemmApplies(256, 256, 127, 516));
  EXPECT_FALSE(int16GemmApplies(256, 256, 127, 517)); // a sum above 2^24
  EXPECT_TRUE(int16GemmApplies(16, 256, 127, 8256));
  EXPECT_FALSE(int16GemmApplies(1, 256, 127, 40000)); // not 16 bits
  EXPECT_FALSE(int16GemmApplies(1, 256, 40000, 1));
  EXPECT_FALSE(int16GemmApplies(256, kMinInt16GemmCols - 1, 127, 516));
  EXPECT_FALSE(int16GemmApplies(0, 256, 127, 516));
}

TEST(IntegerGemm, ChipOutputsEqualTheSgemmKernels) {
  // A noisy HERMES tile (full 256 x 256, and a 16-row one, and one with a
  // partial panel), batches that split into blocks on two threads.
  const int64_t shapes[][2] = {{256, 256}, {16, 256}, {100, 40}};
  for (const auto &shape : shapes) {
    const int64_t K = shape[0], N = shape[1], B = 300;
    SCOPED_TRACE("K=" + std::to_string(K) + " N=" + std::to_string(N));
    auto run = [&](IntegerGemmKernel kernel) {
      ExecutorConfig c = ExecutorConfig::hermes();
      c.seed = 5;
      c.integerGemm = kernel;
      auto chip = makeChip(c);
      std::vector<float> w = gaussian(K, N, 1);
      EXPECT_TRUE(chip->programTile(0, 0, 0, 0, view(w, K, N)).ok());
      // Best takes the 16-bit kernel where the CPU has it, Sgemm never.
      EXPECT_EQ(chip->getTile(0)->usesInt16Gemm(),
                kernel == IntegerGemmKernel::Best && int16GemmAvailable());
      std::vector<float> xc = gaussian(64, K, 4);
      EXPECT_TRUE(chip->calibrateTile(0, view(xc, 64, K)).ok());
      std::vector<float> x = gaussian(B, K, 2), y(B * N, -1.0f);
      EXPECT_TRUE(
          chip->mvm(0, {x.data(), B, K, K, 1}, {y.data(), B, N, N, 1}, 2).ok());
      return y;
    };
    std::vector<float> best = run(IntegerGemmKernel::Best);
    EXPECT_TRUE(bitIdentical(best, run(IntegerGemmKernel::Sgemm)));
    EXPECT_NE(best[0], -1.0f);
  }
}
