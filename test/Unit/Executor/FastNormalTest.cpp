//===- FastNormalTest.cpp - Bulk normal draws -----------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Executor/FastNormal.h"

#include <gtest/gtest.h>

#include <cmath>
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
