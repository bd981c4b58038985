//===- DeterminismTest.cpp - Bit-identical results
//-------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The same seed gives bit-identical outputs whatever the batch splitting and
// the thread count; a different seed gives different outputs.
//
//===----------------------------------------------------------------------===//

#include "TestUtils.h"

#include "aimc/Executor/TiledMatmul.h"

#include <cstring>

using namespace aimc;
using namespace aimc::exec;
using namespace aimc::exec::test;

namespace {
constexpr int64_t K = 200, N = 130, B = 1024;

/// Runs B inputs on a fresh HERMES chip, split at `cuts`, with `threads`.
std::vector<float> runSplit(ExecutorConfig c, const std::vector<int64_t> &cuts,
                            int64_t threads) {
  auto chip = makeChip(c);
  std::vector<float> w = gaussian(K, N, 1);
  EXPECT_TRUE(chip->programTile(3, 5, 10, 20, view(w, K, N)).ok());
  std::vector<float> xc = gaussian(64, K, 4);
  EXPECT_TRUE(chip->calibrateTile(3, view(xc, 64, K)).ok());
  std::vector<float> x = gaussian(B, K, 2), y(B * N, -1.0f);
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    int64_t b0 = cuts[i], nb = cuts[i + 1] - cuts[i];
    EXPECT_TRUE(chip->mvm(3, {x.data() + b0 * K, nb, K, K, 1},
                          {y.data() + b0 * N, nb, N, N, 1}, threads)
                    .ok());
  }
  return y;
}

bool bitIdentical(const std::vector<float> &a, const std::vector<float> &b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}
} // namespace

class Determinism : public ::testing::TestWithParam<ReadNoiseMode> {};

TEST_P(Determinism, BatchSplitsAndThreadCountsGiveIdenticalOutputs) {
  ExecutorConfig c = ExecutorConfig::hermes();
  c.readNoiseMode = GetParam();
  c.seed = 99;
  std::vector<float> whole = runSplit(c, {0, B}, 2);
  EXPECT_TRUE(bitIdentical(whole, runSplit(c, {0, 256, 512, 768, B}, 2)));
  EXPECT_TRUE(bitIdentical(whole, runSplit(c, {0, B}, 1)));
  EXPECT_TRUE(
      bitIdentical(whole, runSplit(c, {0, 1, 4, 21, 100, 101, 555, B}, 1)));
  EXPECT_TRUE(bitIdentical(whole, runSplit(c, {0, 3, 700, B}, 3)));
  c.seed = 100;
  EXPECT_FALSE(bitIdentical(whole, runSplit(c, {0, B}, 2)));
}

INSTANTIATE_TEST_SUITE_P(ReadNoiseModes, Determinism,
                         ::testing::Values(ReadNoiseMode::ColumnMean,
                                           ReadNoiseMode::Exact),
                         [](const auto &info) {
                           return info.param == ReadNoiseMode::Exact
                                      ? "Exact"
                                      : "ColumnMean";
                         });

TEST(Determinism, IdealConfigIsSplitIndependentToo) {
  ExecutorConfig c = ExecutorConfig::ideal();
  std::vector<float> whole = runSplit(c, {0, B}, 2);
  EXPECT_TRUE(
      bitIdentical(whole, runSplit(c, {0, 1, 2, 3, 5, 8, 13, 999, B}, 1)));
}

TEST(Determinism, TiledMatmulIsThreadIndependent) {
  const int64_t KK = 600, NN = 700, BB = 96;
  std::vector<float> w = gaussian(KK, NN, 1);
  std::vector<float> x = gaussian(BB, KK, 2);
  std::vector<std::vector<float>> outs;
  for (int64_t threads : {1, 2, 4}) {
    auto chip = makeChip(ExecutorConfig::hermes());
    MappedMatrix m;
    ASSERT_TRUE(mapMatrix(*chip, view(w, KK, NN), 0, 0, m).ok());
    ASSERT_TRUE(calibrateMatrix(*chip, m, view(x, BB, KK)).ok());
    std::vector<float> y(BB * NN);
    ASSERT_TRUE(
        matmul(*chip, m, view(x, BB, KK), view(y, BB, NN), threads).ok());
    outs.push_back(y);
  }
  EXPECT_TRUE(bitIdentical(outs[0], outs[1]));
  EXPECT_TRUE(bitIdentical(outs[0], outs[2]));
}

TEST(Determinism, ReprogrammingIdenticalWeightsKeepsTheState) {
  auto chip = makeChip(ExecutorConfig::hermes());
  std::vector<float> w = gaussian(K, N, 1);
  ASSERT_TRUE(chip->programTile(0, 0, 0, 0, view(w, K, N)).ok());
  std::vector<float> x = gaussian(8, K, 2), y(8 * N);
  ASSERT_TRUE(chip->mvm(0, view(x, 8, K), view(y, 8, N)).ok());
  ASSERT_TRUE(chip->programTile(0, 0, 0, 0, view(w, K, N)).ok());
  EXPECT_EQ(chip->getTile(0)->getRowCounter(), 8u);
}

TEST(Determinism, EveryRowQuantumIsSplitIndependent) {
  for (int64_t quantum : {1, 3, 8, 16}) {
    ExecutorConfig c = ExecutorConfig::hermes();
    c.integerCrossbar = false; // the floating-point path uses the quantum
    c.gemmRowQuantum = quantum;
    std::vector<float> whole = runSplit(c, {0, B}, 2);
    EXPECT_TRUE(bitIdentical(whole, runSplit(c, {0, 5, 6, 77, 500, B}, 1)))
        << "quantum " << quantum;
  }
  ExecutorConfig bad = ExecutorConfig::hermes();
  bad.gemmRowQuantum = -1;
  EXPECT_NE(bad.validate(), "");
}
