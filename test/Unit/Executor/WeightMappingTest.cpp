//===- WeightMappingTest.cpp - Clipping, weight scaling, initial ADC range ===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The documented weight mapping of docs/Executor.md ("Programming"): weights
// clipped at clipSigmas standard deviations of the block, scaled per column
// or per tile so that the largest |w| maps to g_max, and the uncalibrated
// ADC range outputRangeFactor * max_j ||w_j||_2 over the normalised columns.
// Every expectation is computed here from the weights.
//
//===----------------------------------------------------------------------===//

#include "TestUtils.h"

#include <algorithm>

using namespace aimc;
using namespace aimc::exec;
using namespace aimc::exec::test;

namespace {
constexpr int64_t K = 64, N = 16;

/// Gaussian weights with two outliers: +40 at (3, 2) and -25 at (10, 7).
std::vector<float> weightsWithOutliers() {
  std::vector<float> w = gaussian(K, N, 5);
  w[3 * N + 2] = 40.0f;
  w[10 * N + 7] = -25.0f;
  return w;
}

/// Population standard deviation of all entries.
double blockStd(const std::vector<float> &w) {
  double mean = 0, sq = 0;
  for (float v : w)
    mean += v;
  mean /= w.size();
  for (float v : w)
    sq += (v - mean) * (v - mean);
  return std::sqrt(sq / w.size());
}

std::unique_ptr<Executor> programmed(const ExecutorConfig &c,
                                     const std::vector<float> &w) {
  auto chip = makeChip(c);
  EXPECT_TRUE(chip->programTile(0, 0, 0, 0, view(w, K, N)).ok());
  return chip;
}

/// The normalised targets a mapping with clip level `clip` and the given
/// scaling must produce, and the column scales.
void expectedMapping(const std::vector<float> &w, double clip, bool perTile,
                     std::vector<double> &norm, std::vector<double> &scale) {
  scale.assign(N, 0.0);
  for (int64_t k = 0; k < K; ++k)
    for (int64_t j = 0; j < N; ++j)
      scale[j] =
          std::max(scale[j], std::min(std::fabs(double(w[k * N + j])), clip));
  if (perTile)
    std::fill(scale.begin(), scale.end(),
              *std::max_element(scale.begin(), scale.end()));
  norm.assign(K * N, 0.0);
  for (int64_t k = 0; k < K; ++k)
    for (int64_t j = 0; j < N; ++j)
      norm[k * N + j] =
          std::max(-clip, std::min(clip, double(w[k * N + j]))) / scale[j];
}

void expectMapping(const Tile &tile, const std::vector<double> &norm,
                   const std::vector<double> &scale) {
  for (int64_t j = 0; j < N; ++j)
    EXPECT_NEAR(tile.columnScales()[j], scale[j], 1e-6 * scale[j])
        << "column " << j;
  for (int64_t i = 0; i < K * N; ++i)
    EXPECT_NEAR(tile.targetWeights()[i], norm[i], 1e-6) << "entry " << i;
}
} // namespace

TEST(WeightMapping, ClipsAtClipSigmasStandardDeviationsOfTheBlock) {
  std::vector<float> w = weightsWithOutliers();
  ExecutorConfig c = ExecutorConfig::ideal();
  c.chip.clipSigmas = 3.0;
  auto chip = programmed(c, w);
  const Tile &tile = *chip->getTile(0);
  double clip = 3.0 * blockStd(w);
  ASSERT_LT(clip, 25.0); // both outliers are clipped
  ASSERT_GT(clip, 3.0);  // and (almost) nothing else
  std::vector<double> norm, scale;
  expectedMapping(w, clip, /*perTile=*/false, norm, scale);
  EXPECT_NEAR(tile.columnScales()[2], clip, 1e-6 * clip);
  EXPECT_NEAR(tile.columnScales()[7], clip, 1e-6 * clip);
  expectMapping(tile, norm, scale);
  // The original weights are kept unclipped.
  EXPECT_EQ(tile.originalWeights(), w);

  // The ideal MVM computes x clip(W).
  std::vector<float> clipped(w);
  for (float &v : clipped)
    v = static_cast<float>(std::max(-clip, std::min(clip, double(v))));
  std::vector<float> x = gaussian(32, K, 6), y(32 * N);
  ASSERT_TRUE(chip->mvm(0, view(x, 32, K), view(y, 32, N)).ok());
  EXPECT_LT(relativeError(y, reference(x, clipped, 32, K, N)), 1e-5);
  EXPECT_GT(relativeError(y, reference(x, w, 32, K, N)), 0.1);

  // clipSigmas = 5 clips at 5 sigma; 0 does not clip.
  c.chip.clipSigmas = 5.0;
  chip = programmed(c, w);
  expectedMapping(w, 5.0 * blockStd(w), false, norm, scale);
  expectMapping(*chip->getTile(0), norm, scale);
  c.chip.clipSigmas = 0;
  chip = programmed(c, w);
  expectedMapping(w, INFINITY, false, norm, scale);
  EXPECT_FLOAT_EQ(chip->getTile(0)->columnScales()[2], 40.0f);
  expectMapping(*chip->getTile(0), norm, scale);
}

TEST(WeightMapping, PerColumnAndPerTileScaling) {
  std::vector<float> w = gaussian(K, N, 7);
  for (int64_t j = 0; j < N; ++j) // columns of very different magnitudes
    for (int64_t k = 0; k < K; ++k)
      w[k * N + j] *= static_cast<float>(1 + j);
  ExecutorConfig c = ExecutorConfig::ideal();
  std::vector<double> norm, scale;

  c.chip.weightScaling = WeightScaling::PerColumn;
  auto chip = programmed(c, w);
  expectedMapping(w, INFINITY, /*perTile=*/false, norm, scale);
  expectMapping(*chip->getTile(0), norm, scale);
  // Every column reaches +-1 (its largest |w| maps to g_max).
  for (int64_t j = 0; j < N; ++j) {
    double largest = 0;
    for (int64_t k = 0; k < K; ++k)
      largest = std::max(
          largest,
          std::fabs(double(chip->getTile(0)->targetWeights()[k * N + j])));
    EXPECT_NEAR(largest, 1.0, 1e-6) << j;
  }

  c.chip.weightScaling = WeightScaling::PerTile;
  chip = programmed(c, w);
  expectedMapping(w, INFINITY, /*perTile=*/true, norm, scale);
  expectMapping(*chip->getTile(0), norm, scale);
  // Only the widest column reaches 1; the first stays near 1/16 of it.
  double first = 0;
  for (int64_t k = 0; k < K; ++k)
    first = std::max(
        first, std::fabs(double(chip->getTile(0)->targetWeights()[k * N])));
  EXPECT_LT(first, 0.2);

  // Either way the ideal MVM computes x W.
  std::vector<float> x = gaussian(16, K, 8), y(16 * N);
  ASSERT_TRUE(chip->mvm(0, view(x, 16, K), view(y, 16, N)).ok());
  EXPECT_LT(relativeError(y, reference(x, w, 16, K, N)), 1e-5);
}

// Per-tile scaling puts more relative programming noise on small columns:
// a column scaled 1/16 of the tile's largest sees its noise grow ~16-fold
// relative to its weights (the noise floor of G = 0 dominates).
TEST(WeightMapping, PerTileScalingRaisesTheNoiseOfSmallColumns) {
  std::vector<float> w = gaussian(K, N, 7);
  for (int64_t k = 0; k < K; ++k)
    w[k * N + (N - 1)] *= 16.0f;
  ExecutorConfig c = ExecutorConfig::ideal();
  c.chip.noiseModel = NoiseModelKind::Hermes;
  c.chip.progNoiseScale = 1;
  auto error = [&](WeightScaling s) {
    c.chip.weightScaling = s;
    auto chip = programmed(c, w);
    const Tile &tile = *chip->getTile(0);
    double num = 0, den = 0;
    for (int64_t k = 0; k < K; ++k) { // column 0, in weight units
      double scale = tile.columnScales()[0];
      double d = tile.effectiveWeights()[k * N] * scale - w[k * N];
      num += d * d;
      den += double(w[k * N]) * w[k * N];
    }
    return std::sqrt(num / den);
  };
  double perColumn = error(WeightScaling::PerColumn);
  double perTile = error(WeightScaling::PerTile);
  EXPECT_GT(perTile, 4 * perColumn);
}

TEST(WeightMapping, InitialOutputRangeIsFactorTimesTheLargestColumnNorm) {
  std::vector<float> w = weightsWithOutliers();
  for (double factor : {1.0, 2.5}) {
    ExecutorConfig c = ExecutorConfig::ideal();
    c.chip.quantizeOutputs = true;
    c.chip.outputRangeFactor = factor;
    c.chip.clipSigmas = 3.0;
    auto chip = programmed(c, w);
    const Tile &tile = *chip->getTile(0);
    // From the mapping computed here, not from the tile.
    std::vector<double> norm, scale;
    expectedMapping(w, 3.0 * blockStd(w), false, norm, scale);
    double largest = 0;
    for (int64_t j = 0; j < N; ++j) {
      double n2 = 0;
      for (int64_t k = 0; k < K; ++k)
        n2 += norm[k * N + j] * norm[k * N + j];
      largest = std::max(largest, std::sqrt(n2));
    }
    EXPECT_NEAR(tile.getOutputRange(), factor * largest, 1e-5 * largest)
        << "factor " << factor;
  }
  // A static range is taken as given.
  ExecutorConfig c = ExecutorConfig::ideal();
  c.chip.quantizeOutputs = true;
  c.chip.outputRange = 3.0;
  c.chip.outputRangeFactor = 2.5;
  EXPECT_FLOAT_EQ(programmed(c, w)->getTile(0)->getOutputRange(), 3.0f);
}
