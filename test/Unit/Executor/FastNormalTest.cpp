//===- FastNormalTest.cpp - Bulk normal draws -----------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Executor/FastNormal.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

using namespace aimc;
using namespace aimc::exec;

TEST(FastNormal, PhiloxWordsEqualCounterRNGBits) {
  CounterRNG rng(0xDEADBEEFCAFEull, 77);
  std::vector<uint32_t> words(4 * 300);
  philoxBlocks(rng, 1000, 300, words.data());
  for (uint64_t i = 0; i < 300; ++i) {
    std::array<uint64_t, 2> bits = rng.bits(1000 + i);
    EXPECT_EQ(words[4 * i], static_cast<uint32_t>(bits[0]));
    EXPECT_EQ(words[4 * i + 1], static_cast<uint32_t>(bits[0] >> 32));
    EXPECT_EQ(words[4 * i + 2], static_cast<uint32_t>(bits[1]));
    EXPECT_EQ(words[4 * i + 3], static_cast<uint32_t>(bits[1] >> 32));
  }
}

TEST(FastNormal, PhiloxWordsEqualAcrossThe32BitCounterCarry) {
  CounterRNG rng(~0ull, ~0ull);
  const uint64_t first = 0xFFFFFFFFull - 70;
  std::vector<uint32_t> words(4 * 200);
  philoxBlocks(rng, first, 200, words.data());
  for (uint64_t i = 0; i < 200; ++i) {
    std::array<uint64_t, 2> bits = rng.bits(first + i);
    ASSERT_EQ(words[4 * i], static_cast<uint32_t>(bits[0])) << i;
    ASSERT_EQ(words[4 * i + 1], static_cast<uint32_t>(bits[0] >> 32)) << i;
    ASSERT_EQ(words[4 * i + 2], static_cast<uint32_t>(bits[1])) << i;
    ASSERT_EQ(words[4 * i + 3], static_cast<uint32_t>(bits[1] >> 32)) << i;
  }
}

TEST(FastNormal, DrawsDoNotDependOnTheRequestedRange) {
  CounterRNG rng(5, 9);
  const size_t n = 3000;
  std::vector<float> whole(n), parts(n);
  fillNormalFast(rng, whole.data(), n, 12345);
  size_t cuts[] = {0, 1, 7, 256, 257, 1000, 2999, n};
  for (size_t c = 0; c + 1 < sizeof(cuts) / sizeof(cuts[0]); ++c)
    fillNormalFast(rng, parts.data() + cuts[c], cuts[c + 1] - cuts[c],
                   12345 + cuts[c]);
  for (size_t i = 0; i < n; ++i)
    ASSERT_EQ(whole[i], parts[i]) << i;
}

TEST(FastNormal, MomentsAndTailsAreStandardNormal) {
  CounterRNG rng(11, 3);
  const size_t n = 1 << 21;
  std::vector<float> z(n);
  fillNormalFast(rng, z.data(), n, 0);
  double m1 = 0, m2 = 0, m4 = 0, below1 = 0, below2 = 0;
  for (float v : z) {
    m1 += v;
    m2 += double(v) * v;
    m4 += double(v) * v * v * v;
    below1 += v < 1.0f;
    below2 += v < -2.0f;
  }
  m1 /= n;
  m2 /= n;
  m4 /= n;
  EXPECT_NEAR(m1, 0.0, 4.0 / std::sqrt(double(n)));
  EXPECT_NEAR(m2, 1.0, 4.0 * std::sqrt(2.0 / n));
  EXPECT_NEAR(m4, 3.0, 4.0 * std::sqrt(96.0 / n));
  EXPECT_NEAR(below1 / n, 0.8413447460685429, 0.001);
  EXPECT_NEAR(below2 / n, 0.022750131948179195, 0.0005);
  // Neighbouring draws are uncorrelated.
  double c = 0;
  for (size_t i = 0; i + 1 < n; ++i)
    c += double(z[i]) * z[i + 1];
  EXPECT_NEAR(c / n, 0.0, 4.0 / std::sqrt(double(n)));
}

// The AVX-512 kernel (fused Philox and Box-Muller) must give the portable
// kernel's bits over the whole input domain of the transform: each of the
// two 23-bit uniforms of a pair takes all 2^23 values (the other one
// varying alongside), and whole streams agree, including tails and across
// the 32-bit block-counter carry.
namespace {
bool haveAVX512() { return normalKernelAvailable(NormalKernel::AVX512); }

void expectSameBits(const std::vector<float> &a, const std::vector<float> &b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i)
    ASSERT_EQ(std::memcmp(&a[i], &b[i], sizeof(float)), 0)
        << "draw " << i << ": " << a[i] << " vs " << b[i];
}
} // namespace

TEST(FastNormal, AVX512BoxMullerEqualsPortableOnEveryUniform) {
  if (!haveAVX512())
    GTEST_SKIP() << "no AVX-512 on this CPU";
  const size_t pairs = size_t(1) << 23; // every 23-bit value of each uniform
  std::vector<uint32_t> words(2 * pairs);
  CounterRNG rng(3, 4);
  std::vector<uint32_t> low(4 * pairs / 4 + 4);
  philoxBlocks(rng, 0, pairs / 4 + 1, low.data());
  for (size_t p = 0; p < pairs; ++p) {
    // Uniform u takes value p in the top 23 bits, v the reversed order;
    // the low 9 bits (discarded by the transform) are random.
    words[2 * p] = static_cast<uint32_t>(p << 9) | (low[p] & 0x1ff);
    words[2 * p + 1] =
        static_cast<uint32_t>((pairs - 1 - p) << 9) | (low[p] >> 23);
  }
  std::vector<float> portable(2 * pairs), avx(2 * pairs);
  boxMullerWords(words.data(), portable.data(), pairs, NormalKernel::Portable);
  boxMullerWords(words.data(), avx.data(), pairs, NormalKernel::AVX512);
  expectSameBits(portable, avx);
  // The extremes of the domain give finite normals of the expected size.
  for (float z : portable)
    ASSERT_TRUE(std::isfinite(z));
  EXPECT_GT(std::fabs(portable[0]) + std::fabs(portable[1]), 5.0f);
}

TEST(FastNormal, AVX512StreamsEqualPortable) {
  if (!haveAVX512())
    GTEST_SKIP() << "no AVX-512 on this CPU";
  struct Case {
    uint64_t seed, stream, first;
    size_t count;
  } cases[] = {{0, 0, 0, 4096},
               {~0ull, ~0ull, 4 * (0xFFFFFFFFull - 70), 2000},
               {0xDEADBEEFCAFEull, 77, 12345, 3001},
               {11, 3, 1, 255}};
  for (const Case &c : cases) {
    CounterRNG rng(c.seed, c.stream);
    std::vector<float> portable(c.count), avx(c.count);
    fillNormalFast(rng, portable.data(), c.count, c.first,
                   NormalKernel::Portable);
    fillNormalFast(rng, avx.data(), c.count, c.first, NormalKernel::AVX512);
    expectSameBits(portable, avx);
  }
}
