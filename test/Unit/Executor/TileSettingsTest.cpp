//===- TileSettingsTest.cpp - Per-tile settings of compiled runs ----------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Executor::configureTile / aimc_rt_configure_tile: an MVM's
// #aimc.mvm_config (read mode, input range calibration, noise scale) applied
// to one tile, and the calibration of a tile on its first MVM batch.
//
//===----------------------------------------------------------------------===//

#include "TestUtils.h"

#include "aimc-c/Executor.h"
#include "aimc-c/RuntimeABI.h"
#include "aimc/Executor/CHandle.h"

#include <algorithm>
#include <cstring>

using namespace aimc;
using namespace aimc::exec;
using namespace aimc::exec::test;

namespace {

constexpr int64_t K = 64, N = 32, B = 128;

/// Programs tile 0 (configured with `settings` first) and runs `x` on it.
std::vector<float> runConfigured(const ExecutorConfig &config,
                                 const TileSettings *settings,
                                 const std::vector<float> &w,
                                 const std::vector<float> &x,
                                 std::unique_ptr<Executor> *keep = nullptr) {
  std::unique_ptr<Executor> chip = makeChip(config);
  if (settings)
    EXPECT_TRUE(chip->configureTile(0, *settings).ok());
  EXPECT_TRUE(chip->programTile(0, 0, 0, 0, view(w, K, N)).ok());
  std::vector<float> y(B * N);
  EXPECT_TRUE(chip->mvm(0, view(x, B, K), view(y, B, N)).ok());
  if (keep)
    *keep = std::move(chip);
  return y;
}

/// Relative error of x W on a HERMES tile with `settings` (or none).
double hermesError(const TileSettings *settings, const std::vector<float> &w,
                   const std::vector<float> &x) {
  return relativeError(runConfigured(ExecutorConfig::hermes(), settings, w, x),
                       reference(x, w, B, K, N));
}

TEST(TileSettings, FirstBatchCalibratesTheInputRange) {
  std::vector<float> w = gaussian(K, N, 1), x = gaussian(B, K, 2, 3.0);
  TileSettings settings; // max_abs
  std::unique_ptr<Executor> chip = makeChip(ExecutorConfig::hermes());
  ASSERT_TRUE(chip->configureTile(0, settings).ok());
  ASSERT_TRUE(chip->programTile(0, 0, 0, 0, view(w, K, N)).ok());
  EXPECT_TRUE(chip->isCalibrationPending(0));
  EXPECT_FLOAT_EQ(chip->getTile(0)->getInputRange(), 1.0f);
  std::vector<float> y(B * N);
  ASSERT_TRUE(chip->mvm(0, view(x, B, K), view(y, B, N)).ok());
  EXPECT_FALSE(chip->isCalibrationPending(0));
  float largest = 0;
  for (float v : x)
    largest = std::max(largest, std::fabs(v));
  EXPECT_FLOAT_EQ(chip->getTile(0)->getInputRange(), largest);
  // A later, larger batch does not recalibrate.
  std::vector<float> x2 = gaussian(B, K, 3, 10.0);
  ASSERT_TRUE(chip->mvm(0, view(x2, B, K), view(y, B, N)).ok());
  EXPECT_FLOAT_EQ(chip->getTile(0)->getInputRange(), largest);
}

TEST(TileSettings, CalibratedFirstBatchBeatsTheDefaultRange) {
  // Inputs of magnitude ~3 clip at the uncalibrated range 1.
  std::vector<float> w = gaussian(K, N, 1), x = gaussian(B, K, 2, 3.0);
  TileSettings settings;
  double calibrated = hermesError(&settings, w, x);
  double uncalibrated = hermesError(nullptr, w, x);
  EXPECT_LT(calibrated, 0.2);
  EXPECT_GT(uncalibrated, 2 * calibrated);
}

TEST(TileSettings, FixedAndPercentileRanges) {
  std::vector<float> w = gaussian(K, N, 1), x = gaussian(B, K, 2);
  std::unique_ptr<Executor> chip;
  TileSettings fixed;
  fixed.inputRangeMode = Calibration::Fixed;
  fixed.inputRange = 2.5;
  runConfigured(ExecutorConfig::hermes(), &fixed, w, x, &chip);
  EXPECT_FLOAT_EQ(chip->getTile(0)->getInputRange(), 2.5f);

  TileSettings percentile;
  percentile.inputRangeMode = Calibration::Percentile;
  percentile.inputPercentile = 50;
  runConfigured(ExecutorConfig::hermes(), &percentile, w, x, &chip);
  std::vector<float> magnitudes;
  for (float v : x)
    magnitudes.push_back(std::fabs(v));
  std::sort(magnitudes.begin(), magnitudes.end());
  float median = magnitudes[magnitudes.size() / 2];
  EXPECT_NEAR(chip->getTile(0)->getInputRange(), median, 0.02 * median);
}

// noiseScale 0 removes programming and read noise and nothing else: the
// outputs equal, bit for bit, those of a chip whose configuration turns these
// two sources off (same drift draws, same converters). With the noise on the
// error is several times larger (measured 0.046 without, 0.132 with).
TEST(TileSettings, NoiseScaleZeroLeavesQuantisationAndDriftOnly) {
  std::vector<float> w = gaussian(K, N, 1), x = gaussian(B, K, 2);
  TileSettings quiet;
  quiet.noiseScale = 0;
  TileSettings loud;
  ExecutorConfig noNoise = ExecutorConfig::hermes();
  noNoise.chip.progNoiseScale = 0;
  noNoise.chip.readNoiseScale = 0;
  std::vector<float> scaledOff =
      runConfigured(ExecutorConfig::hermes(), &quiet, w, x);
  std::vector<float> switchedOff = runConfigured(noNoise, &loud, w, x);
  EXPECT_EQ(scaledOff, switchedOff);
  ExecutorConfig noDrift = noNoise;
  noDrift.chip.drift = false;
  EXPECT_NE(runConfigured(noDrift, &loud, w, x), scaledOff);
  double quantised = hermesError(&quiet, w, x);
  double noisy = hermesError(&loud, w, x);
  EXPECT_GT(noisy, 2 * quantised);
}

TEST(TileSettings, FourPhaseModeCostsFourPhaseFigures) {
  std::vector<float> w = gaussian(K, N, 1), x = gaussian(B, K, 2);
  std::unique_ptr<Executor> chip;
  TileSettings settings;
  settings.mode = MVMMode::FourPhase;
  runConfigured(ExecutorConfig::ideal(), &settings, w, x, &chip);
  AnalogStats stats;
  ASSERT_TRUE(chip->getTileStats(0, stats).ok());
  ChipModel hermes = ChipModel::hermes();
  EXPECT_DOUBLE_EQ(stats.latencyS, B * hermes.fourPhaseLatencyNs * 1e-9);
  EXPECT_NEAR(stats.energyJ,
              B * hermes.fourPhaseEnergyNJ * 1e-9 * K * N /
                  hermes.cellsPerCrossbar(),
              1e-18);
}

TEST(TileSettings, ConfiguringAfterProgrammingEqualsConfiguringFirst) {
  std::vector<float> w = gaussian(K, N, 1), x = gaussian(B, K, 2);
  TileSettings settings;
  settings.noiseScale = 0.5;
  settings.inputRangeMode = Calibration::Percentile;
  settings.inputPercentile = 99;
  std::vector<float> first =
      runConfigured(ExecutorConfig::hermes(), &settings, w, x);

  std::unique_ptr<Executor> chip = makeChip(ExecutorConfig::hermes());
  ASSERT_TRUE(chip->programTile(0, 0, 0, 0, view(w, K, N)).ok());
  ASSERT_TRUE(chip->configureTile(0, settings).ok());
  std::vector<float> y(B * N);
  ASSERT_TRUE(chip->mvm(0, view(x, B, K), view(y, B, N)).ok());
  EXPECT_EQ(std::memcmp(first.data(), y.data(), y.size() * sizeof(float)), 0);
}

TEST(TileSettings, InvalidSettingsAreRefused) {
  std::unique_ptr<Executor> chip = makeChip(ExecutorConfig::hermes());
  TileSettings bad;
  bad.inputPercentile = 0;
  Status status = chip->configureTile(3, bad);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.getMessage(),
            "configure tile 3: input percentile must be in (0, 100], got "
            "0.000000");
  bad = TileSettings();
  bad.noiseScale = -1;
  EXPECT_FALSE(chip->configureTile(3, bad).ok());
  bad = TileSettings();
  bad.inputRange = 0;
  EXPECT_FALSE(chip->configureTile(3, bad).ok());
  EXPECT_FALSE(chip->configureTile(-1, TileSettings()).ok());
}

TEST(TileSettings, RuntimeABIRecordsBadConfigurations) {
  AIMCExecutorConfig config = aimc_executor_config_ideal();
  AIMCExecutor *chip = aimc_executor_create(&config);
  ASSERT_NE(chip, nullptr);
  aimc_rt_configure_tile(chip, 5, /*mode=*/0, /*calibration=*/7, 99.9, 1.0,
                         1.0);
  EXPECT_STREQ(aimc_executor_first_error(chip),
               "configure tile 5: mode 0 / calibration 7 unknown (expected "
               "mode 0 or 1, calibration 0 max_abs, 1 percentile or 2 fixed)");
  aimc_executor_clear_errors(chip);
  EXPECT_EQ(aimc_executor_configure_tile(chip, 5, 1, AIMC_CALIBRATION_FIXED,
                                         99.9, 4.0, 1.0),
            0);
  std::vector<float> w = gaussian(K, N, 1);
  ASSERT_EQ(aimc_executor_program_tile(chip, 5, 0, 0, 0, w.data(), K, N, N), 0);
  EXPECT_FLOAT_EQ(getExecutor(chip)->getTile(5)->getInputRange(), 4.0f);
  aimc_executor_destroy(chip);
}

} // namespace
