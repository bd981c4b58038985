//===- CounterRNGTest.cpp - Tests of the counter-based generator ----------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Support/CounterRNG.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

using namespace aimc;

// Known-answer tests from the Random123 distribution (kat_vectors,
// philox4x32_10).
TEST(Philox4x32, KnownAnswerZero) {
  auto r = philox4x32({0, 0, 0, 0}, {0, 0});
  EXPECT_EQ(r[0], 0x6627e8d5u);
  EXPECT_EQ(r[1], 0xe169c58du);
  EXPECT_EQ(r[2], 0xbc57ac4cu);
  EXPECT_EQ(r[3], 0x9b00dbd8u);
}

TEST(Philox4x32, KnownAnswerOnes) {
  auto r = philox4x32({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
                      {0xffffffffu, 0xffffffffu});
  EXPECT_EQ(r[0], 0x408f276du);
  EXPECT_EQ(r[1], 0x41c83b0eu);
  EXPECT_EQ(r[2], 0xa20bc7c6u);
  EXPECT_EQ(r[3], 0x6d5451fdu);
}

TEST(Philox4x32, KnownAnswerPi) {
  auto r = philox4x32({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},
                      {0xa4093822u, 0x299f31d0u});
  EXPECT_EQ(r[0], 0xd16cfe09u);
  EXPECT_EQ(r[1], 0x94fdccebu);
  EXPECT_EQ(r[2], 0x5001e420u);
  EXPECT_EQ(r[3], 0x24126ea1u);
}

TEST(CounterRNG, SameSeedSameNumbers) {
  CounterRNG a(42, 7), b(42, 7);
  for (uint64_t i = 0; i < 100; ++i) {
    EXPECT_EQ(a.uniform(i), b.uniform(i));
    EXPECT_EQ(a.normal(i), b.normal(i));
  }
}

TEST(CounterRNG, DifferentSeedsOrStreamsDiffer) {
  CounterRNG a(42, 7), b(43, 7), c(42, 8);
  int equalSeed = 0, equalStream = 0;
  for (uint64_t i = 0; i < 100; ++i) {
    equalSeed += a.normal(i) == b.normal(i);
    equalStream += a.normal(i) == c.normal(i);
  }
  EXPECT_EQ(equalSeed, 0);
  EXPECT_EQ(equalStream, 0);
  EXPECT_NE(a.derive(1).getStream(), a.derive(2).getStream());
}

TEST(CounterRNG, FillMatchesScalarDrawsBitForBit) {
  // Odd starting offsets and odd counts exercise the unpaired lanes; 300
  // draws the vectorised chunks of 64 blocks and a tail; the last offset
  // crosses block 2^32 (the carry into the counter's second word); seeds
  // and streams use both 32-bit halves.
  for (CounterRNG rng : {CounterRNG(1234, 5),
                         CounterRNG(0x0123456789ABCDEFull, (1ull << 32) + 3)})
    for (uint64_t first : {uint64_t(0), uint64_t(1), uint64_t(6), uint64_t(7),
                           (uint64_t(1) << 33) - 101})
      for (size_t count : {size_t(13), size_t(300)}) {
        std::vector<double> filled(count);
        rng.fillNormal(filled.data(), filled.size(), first);
        std::vector<float> filledF(count);
        rng.fillNormal(filledF.data(), filledF.size(), first);
        for (size_t i = 0; i < filled.size(); ++i) {
          double scalar = rng.normal(first + i);
          ASSERT_EQ(std::memcmp(&filled[i], &scalar, sizeof(double)), 0)
              << "draw " << first + i << " of a fill of " << count;
          ASSERT_EQ(filledF[i], static_cast<float>(scalar));
        }
      }
}

TEST(CounterRNG, FloatFillOfManyDrawsMatchesScalarDrawsBitForBit) {
  // The float fill may take a vectorised transform (libmvec) that checks
  // every value against the rounding to float: 2^20 draws of two streams,
  // each the float of the scalar double draw, bit for bit.
  for (CounterRNG rng : {CounterRNG(42, 0), CounterRNG(7, (1ull << 32) + 1)}) {
    std::vector<float> filled(size_t(1) << 20);
    rng.fillNormal(filled.data(), filled.size(), 3);
    size_t differ = 0;
    for (size_t i = 0; i < filled.size(); ++i) {
      float scalar = static_cast<float>(rng.normal(3 + i));
      differ += std::memcmp(&filled[i], &scalar, sizeof(float)) != 0;
    }
    EXPECT_EQ(differ, 0u);
  }
}

TEST(CounterRNG, FillOfFewDrawsMatchesScalarDraws) {
  CounterRNG rng(1234, 5);
  for (uint64_t first : {0u, 1u, 6u, 7u}) {
    std::vector<double> filled(13);
    rng.fillNormal(filled.data(), filled.size(), first);
    std::vector<float> filledF(13);
    rng.fillNormal(filledF.data(), filledF.size(), first);
    for (size_t i = 0; i < filled.size(); ++i) {
      double scalar = rng.normal(first + i);
      EXPECT_EQ(std::memcmp(&filled[i], &scalar, sizeof(double)), 0);
      EXPECT_EQ(filledF[i], static_cast<float>(scalar));
    }
  }
}

TEST(CounterRNG, UniformInOpenUnitInterval) {
  EXPECT_GT(bitsToOpenUnit(0), 0.0);
  EXPECT_LT(bitsToOpenUnit(~uint64_t(0)), 1.0);
  CounterRNG rng(9, 0);
  std::vector<double> u(100000);
  rng.fillUniform(u.data(), u.size());
  double mean = 0, var = 0;
  for (double x : u) {
    ASSERT_GT(x, 0.0);
    ASSERT_LT(x, 1.0);
    mean += x;
  }
  mean /= u.size();
  for (double x : u)
    var += (x - mean) * (x - mean);
  var /= u.size() - 1;
  // Standard error of the mean: sqrt(1/12/N) ~ 9e-4.
  EXPECT_NEAR(mean, 0.5, 5e-3);
  EXPECT_NEAR(var, 1.0 / 12.0, 2e-3);
}

TEST(CounterRNG, NormalMoments) {
  CounterRNG rng(2024, 3);
  const size_t n = 200000;
  std::vector<double> z(n);
  rng.fillNormal(z.data(), n);
  double m1 = 0, m2 = 0, m3 = 0, m4 = 0;
  for (double x : z) {
    m1 += x;
    m2 += x * x;
    m3 += x * x * x;
    m4 += x * x * x * x;
  }
  m1 /= n, m2 /= n, m3 /= n, m4 /= n;
  EXPECT_NEAR(m1, 0.0, 0.01);
  EXPECT_NEAR(m2, 1.0, 0.015);
  EXPECT_NEAR(m3, 0.0, 0.03);
  EXPECT_NEAR(m4, 3.0, 0.06);
}
