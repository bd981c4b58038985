//===- AccountingTest.cpp - Energy, latency and operation counts ----------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "TestUtils.h"

#include "aimc/Executor/TiledMatmul.h"

using namespace aimc;
using namespace aimc::exec;
using namespace aimc::exec::test;

namespace {
/// All 64 cores each run `B` full 256 x 256 MVMs.
RunStats fullChipRun(MVMMode mode, int64_t B) {
  ExecutorConfig c = ExecutorConfig::ideal();
  c.mode = mode;
  auto chip = makeChip(c);
  std::vector<float> w = gaussian(256, 256, 1);
  std::vector<float> x = uniform(B, 256, 2), y(B * 256);
  for (int64_t core = 0; core < 64; ++core) {
    EXPECT_TRUE(chip->programTile(core, core, 0, 0, view(w, 256, 256)).ok());
    EXPECT_TRUE(chip->mvm(core, view(x, B, 256), view(y, B, 256)).ok());
  }
  return chip->getStats();
}
} // namespace

TEST(Accounting, HermesPeakFiguresOnePhase) {
  RunStats s = fullChipRun(MVMMode::OnePhase, 10);
  EXPECT_EQ(s.analog.mvms, 640);
  EXPECT_DOUBLE_EQ(s.chipUtilization, 1.0);
  EXPECT_NEAR(s.analog.tops(), 63.1, 0.05);
  EXPECT_NEAR(s.analog.topsPerWatt(), 9.76, 0.005);
  EXPECT_NEAR(s.analog.tops() / ChipModel::hermes().peakTOPS(), 1.0, 1e-12);
  EXPECT_NEAR(s.analog.topsPerWatt() / ChipModel::hermes().peakTOPSPerWatt(),
              1.0, 1e-12);
}

TEST(Accounting, HermesPeakFiguresFourPhase) {
  RunStats s = fullChipRun(MVMMode::FourPhase, 10);
  EXPECT_NEAR(s.analog.tops(), 16.1, 0.05);
  EXPECT_NEAR(s.analog.topsPerWatt(), 2.48, 0.005);
}

TEST(Accounting, PartialTilesScaleEnergyNotLatency) {
  auto chip = makeChip(ExecutorConfig::ideal());
  std::vector<float> w = gaussian(128, 64, 1);
  ASSERT_TRUE(chip->programTile(7, 3, 64, 32, view(w, 128, 64)).ok());
  std::vector<float> x = uniform(10, 128, 2), y(10 * 64);
  ASSERT_TRUE(chip->mvm(7, view(x, 10, 128), view(y, 10, 64)).ok());
  AnalogStats t;
  ASSERT_TRUE(chip->getTileStats(7, t).ok());
  EXPECT_EQ(t.mvms, 10);
  EXPECT_DOUBLE_EQ(t.operations, 2.0 * 128 * 64 * 10);
  EXPECT_NEAR(t.energyJ, 13.43e-9 * (128.0 * 64 / 65536) * 10, 1e-20);
  EXPECT_NEAR(t.latencyS, 133e-9 * 10, 1e-18);
  EXPECT_DOUBLE_EQ(t.utilization, 0.125);
  // A partial tile keeps the full-crossbar TOPS/W (energy scales with the
  // cells) but not the TOPS (latency does not).
  EXPECT_NEAR(t.topsPerWatt(), ChipModel::hermes().peakTOPSPerWatt(), 1e-9);
  EXPECT_NEAR(t.tops(), ChipModel::hermes().peakTOPS() / 64 * 0.125, 1e-9);
  RunStats s = chip->getStats();
  EXPECT_DOUBLE_EQ(s.chipUtilization, 128.0 * 64 / (64.0 * 65536));
  chip->resetStats();
  EXPECT_EQ(chip->getStats().analog.mvms, 0);
}

TEST(Accounting, CoresRunInParallelTilesOnOneCoreDoNot) {
  auto chip = makeChip(ExecutorConfig::ideal());
  std::vector<float> w = gaussian(64, 64, 1);
  ASSERT_TRUE(chip->programTile(0, 0, 0, 0, view(w, 64, 64)).ok());
  ASSERT_TRUE(chip->programTile(1, 0, 64, 64, view(w, 64, 64)).ok());
  ASSERT_TRUE(chip->programTile(2, 1, 0, 0, view(w, 64, 64)).ok());
  std::vector<float> x = uniform(5, 64, 2), y(5 * 64);
  for (int64_t tile : {0, 1, 2})
    ASSERT_TRUE(chip->mvm(tile, view(x, 5, 64), view(y, 5, 64)).ok());
  RunStats s = chip->getStats();
  EXPECT_NEAR(s.analog.latencyS, 2 * 5 * 133e-9, 1e-18); // core 0: two tiles
  EXPECT_EQ(s.analog.tiles, 3);
  // 3 * 64 * 64 cells on the crossbars of two cores; of the chip's 64.
  EXPECT_DOUBLE_EQ(s.analog.utilization, 3.0 * 64 * 64 / (2 * 65536));
  EXPECT_DOUBLE_EQ(s.chipUtilization, 3.0 * 64 * 64 / (64 * 65536));
  // A group of tiles (an analog op) in the same structure: tiles 1 and 2 are
  // on different cores, so they take one tile's time.
  AnalogStats group = chip->getAnalogStats({1, 2, 99}); // 99: not programmed
  EXPECT_EQ(group.tiles, 2);
  EXPECT_EQ(group.mvms, 10);
  EXPECT_DOUBLE_EQ(group.operations, 2.0 * 64 * 64 * 10);
  EXPECT_NEAR(group.latencyS, 5 * 133e-9, 1e-18);
  EXPECT_DOUBLE_EQ(group.utilization, 2.0 * 64 * 64 / (2 * 65536));
  AnalogStats one;
  ASSERT_TRUE(chip->getTileStats(1, one).ok());
  EXPECT_DOUBLE_EQ(group.energyJ, 2 * one.energyJ);
}

TEST(Accounting, DigitalWorkIsCostedPerKind) {
  auto chip = makeChip(ExecutorConfig::ideal());
  ASSERT_TRUE(chip->countDigital(0, 1000).ok());
  ASSERT_TRUE(chip->countDigital(1, 500).ok());
  ASSERT_TRUE(chip->countDigital(2, 10).ok());
  ASSERT_TRUE(chip->countDigital(3, 4).ok());
  RunStats s = chip->getStats();
  // Literal costs (from the 14 nm figures of docs/Executor.md, the chip
  // model's defaults): add 0.27 pJ, multiply 1.38 pJ, transcendental
  // 8.28 pJ, other 0.1 pJ; 64 cores x 8 GOPS.
  const ChipModel &d = chip->getConfig().chip;
  EXPECT_EQ(d.digitalEnergyPJ(0), 0.27);
  EXPECT_EQ(d.digitalEnergyPJ(1), 1.38);
  EXPECT_EQ(d.digitalEnergyPJ(2), 8.28);
  EXPECT_EQ(d.digitalEnergyPJ(3), 0.1);
  EXPECT_EQ(d.digitalOpsPerSecond(), 512e9);
  EXPECT_DOUBLE_EQ(s.digitalOpsTotal(), 1514);
  // 1000 x 0.27 + 500 x 1.38 + 10 x 8.28 + 4 x 0.1 = 1043.2 pJ.
  EXPECT_NEAR(s.digitalEnergyJ, 1043.2e-12, 1e-24);
  // 1514 ops / 512e9 ops/s.
  EXPECT_NEAR(s.digitalTimeS, 2.95703125e-9, 1e-24);
  EXPECT_NEAR(s.totalTOPSPerWatt(), 1514 / 1043.2e-12 * 1e-12, 1e-9);
}

TEST(Accounting, TiledMatmulChargesPartialSums) {
  auto chip = makeChip(ExecutorConfig::ideal());
  const int64_t K = 600, N = 300, B = 8;
  std::vector<float> w = gaussian(K, N, 1);
  MappedMatrix m;
  ASSERT_TRUE(mapMatrix(*chip, view(w, K, N), 0, 0, m).ok());
  EXPECT_EQ(m.parts.size(), 6u); // 3 row blocks x 2 column blocks
  std::vector<float> x = uniform(B, K, 2), y(B * N);
  ASSERT_TRUE(matmul(*chip, m, view(x, B, K), view(y, B, N)).ok());
  RunStats s = chip->getStats();
  EXPECT_DOUBLE_EQ(s.digitalOps[0], double(B) * N * 2);
  EXPECT_EQ(s.analog.mvms, 6 * B);
  EXPECT_DOUBLE_EQ(s.analog.operations, 2.0 * K * N * B);
}

TEST(Accounting, ReprogrammedTilesKeepTheirWorkInTheTotals) {
  auto chip = makeChip(ExecutorConfig::ideal());
  std::vector<float> w1 = gaussian(32, 32, 1), w2 = gaussian(32, 32, 2);
  std::vector<float> x = uniform(4, 32, 3), y(4 * 32);
  ASSERT_TRUE(chip->programTile(0, 5, 0, 0, view(w1, 32, 32)).ok());
  ASSERT_TRUE(chip->mvm(0, view(x, 4, 32), view(y, 4, 32)).ok());
  ASSERT_TRUE(chip->programTile(0, 5, 0, 0, view(w2, 32, 32)).ok());
  ASSERT_TRUE(chip->mvm(0, view(x, 4, 32), view(y, 4, 32)).ok());
  RunStats s = chip->getStats();
  EXPECT_EQ(s.analog.mvms, 8);
  EXPECT_NEAR(s.analog.latencyS, 8 * 133e-9, 1e-18);
  AnalogStats t;
  ASSERT_TRUE(chip->getTileStats(0, t).ok());
  EXPECT_EQ(t.mvms, 4); // the current tile only
  chip->resetStats();
  EXPECT_EQ(chip->getStats().analog.mvms, 0);
}
