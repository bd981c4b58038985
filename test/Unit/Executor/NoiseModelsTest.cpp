//===- NoiseModelsTest.cpp - PCM device models against their formulas -----===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// An oracle independent of the code under test. The DeviceModel functions
// are checked against literal values of aihwkit's expressions (pcm.py,
// hermes.py) evaluated outside aimc; each noise source is then sampled
// through a programmed tile, and its sample mean and standard deviation are
// compared with formulas evaluated here from the aihwkit constants of
// AihwkitReference.h (g_max, t0, t_read and the fits as literals). No
// expectation is read from the chip's DeviceModel, so a wrong constant or a
// scaled source in the executor fails these tests.
//
// Tolerances are derived from the number of draws: a level has
// n = 255 rows x 32 columns = 8160 cells, so the standard error of a sample
// mean is sigma / sqrt(n) and that of a sample standard deviation of a
// near-normal sample is sigma / sqrt(2 n) = 0.78% of sigma. The means are
// compared at 5 standard errors, the standard deviations at 5% (6.4
// standard errors); for the read noise through the MVM path (B = 20000
// repeated reads) the standard error of a sample variance is
// sqrt(2 / B) = 1% and it is compared at 5%. Each bound is far inside the
// 25-30% a x0.7 or x1.3 scaled source moves the standard deviation.
//
//===----------------------------------------------------------------------===//

#include "AihwkitReference.h"
#include "TestUtils.h"

#include "aimc/Executor/NoiseModels.h"

using namespace aimc;
using namespace aimc::exec;
using namespace aimc::exec::test;
using namespace aimc::exec::test::aihwkit;

// The literals below are aihwkit's expressions evaluated independently
// (in Python, from the constants of pcm.py and hermes.py).
TEST(DeviceModel, ProgrammingPolynomials) {
  EXPECT_NEAR(DeviceModel::hermes(2).programmingSigma(0.5 * 20.7),
              0.99101320375, 1e-9);
  EXPECT_NEAR(DeviceModel::hermes(1).programmingSigma(0.3 * 10.35),
              0.67905745376, 1e-9);
  EXPECT_NEAR(DeviceModel::pcmLike(1).programmingSigma(0.4 * 25), 0.861784,
              1e-9);
  // g_max below the fitted reference scales the polynomial by g_max / 25.
  DeviceModel pcm = DeviceModel::pcmLike(1);
  pcm.gMax = 20;
  EXPECT_NEAR(pcm.programmingSigma(10), 0.762164, 1e-9);
  EXPECT_EQ(DeviceModel::none(2).programmingSigma(5), 0);
}

TEST(DeviceModel, DriftDistributions) {
  DriftDistribution low = DeviceModel::hermes(2).driftDistribution(0.05 * 20.7);
  EXPECT_NEAR(low.mean, 0.09773483898653945, 1e-12);
  EXPECT_NEAR(low.std, 0.029350067600581693, 1e-12);
  DriftDistribution high = DeviceModel::hermes(2).driftDistribution(0.5 * 20.7);
  EXPECT_NEAR(high.mean, 0.0564, 1e-12);
  EXPECT_NEAR(high.std, 0.009, 1e-12);
  EXPECT_NEAR(DeviceModel::hermes(1).driftDistribution(0.5 * 10.35).std,
              0.012075, 1e-12);
  DriftDistribution pcm = DeviceModel::pcmLike(1).driftDistribution(0.2 * 25);
  EXPECT_NEAR(pcm.mean, 0.049346287642728554, 1e-12);
  EXPECT_NEAR(pcm.std, 0.014217973905426257, 1e-12);
  // Zero conductance hits the clamps, never log(0).
  EXPECT_NEAR(DeviceModel::hermes(2).driftDistribution(0).mean, 0.13, 1e-12);
  EXPECT_NEAR(DeviceModel::hermes(2).driftFactor(0.07, 86400),
              0.6725694723931527, 1e-12);
  EXPECT_EQ(DeviceModel::hermes(2).driftFactor(0.07, 0), 1.0);
}

TEST(DeviceModel, ReadNoiseCoefficients) {
  EXPECT_NEAR(DeviceModel::hermes(2).readNoiseQs(0.5 * 20.7), 0.0167125, 1e-12);
  EXPECT_NEAR(DeviceModel::hermes(1).readNoiseQs(0.5 * 10.35), 0.0217, 1e-12);
  EXPECT_NEAR(DeviceModel::hermes(2).readNoiseQs(0.1 * 20.7),
              0.020040245588030334, 1e-12);
  EXPECT_NEAR(DeviceModel::pcmLike(1).readNoiseQs(0.3 * 25),
              0.019246592735152692, 1e-12);
  EXPECT_NEAR(DeviceModel::hermes(2).readNoiseTimeFactor(86400),
              5.016174159069988, 1e-9);
}

TEST(DeviceModel, Validation) {
  EXPECT_EQ(DeviceModel::hermes(2).validate(), "");
  EXPECT_NE(DeviceModel::hermes(3).validate(), "");
  DeviceModel m = DeviceModel::hermes(2);
  m.gMax = 25;
  EXPECT_NE(m.validate().find("exceeds the characterised maximum"),
            std::string::npos);
  ExecutorConfig c;
  c.chip.gMax = 30;
  EXPECT_NE(c.validate(), "");
}

namespace {
/// Normalised levels sampled per test; columns are grouped by level.
const double kLevels[] = {0.2, 0.5, 0.8};
constexpr int64_t kRows = 256, kColsPerLevel = 32;

/// Weights whose row 0 is 1 (fixing the column scale) and whose other rows
/// equal the column's level, so that every device below row 0 has target
/// conductance level * g_max.
std::vector<float> levelWeights() {
  int64_t N = kColsPerLevel * 3;
  std::vector<float> w(kRows * N);
  for (int64_t k = 0; k < kRows; ++k)
    for (int64_t j = 0; j < N; ++j)
      w[k * N + j] =
          k == 0 ? 1.0f : static_cast<float>(kLevels[j / kColsPerLevel]);
  return w;
}

/// Samples of the effective weight (normalised) of the devices at `level`.
std::vector<double> samplesAt(const Tile &tile, int level) {
  int64_t N = tile.cols();
  std::vector<double> s;
  for (int64_t k = 1; k < kRows; ++k)
    for (int64_t j = level * kColsPerLevel; j < (level + 1) * kColsPerLevel;
         ++j)
      s.push_back(tile.effectiveWeights()[k * N + j]);
  return s;
}

const Tile &programLevels(Executor &chip) {
  std::vector<float> w = levelWeights();
  EXPECT_TRUE(
      chip.programTile(0, 0, 0, 0, view(w, kRows, 3 * kColsPerLevel)).ok());
  return *chip.getTile(0);
}

constexpr double kInvSqrt2Pi = 0.3989422804014327;

/// The executor configuration of a test: 4 devices per weight, i.e. two
/// PCM-like devices per polarity, or one HERMES unit cell of two devices
/// (aihwkit's HERMES num_devices = 2).
ExecutorConfig quietChip(NoiseModelKind model) {
  ExecutorConfig c = quiet(model);
  c.chip.devicesPerWeight = 4;
  return c;
}
/// The aihwkit model that configuration must simulate.
Ref referenceOf(NoiseModelKind model) {
  return model == NoiseModelKind::Hermes ? Ref::Hermes2 : Ref::PCM;
}
/// Independent units per polarity of that configuration (two PCM devices
/// are programmed independently; a HERMES cell is one unit).
double unitsOf(NoiseModelKind model) {
  return model == NoiseModelKind::Hermes ? 1.0 : 2.0;
}
} // namespace

class ProgrammingNoise : public ::testing::TestWithParam<NoiseModelKind> {};

TEST_P(ProgrammingNoise, MeanAndStdFollowThePolynomial) {
  ExecutorConfig c = quietChip(GetParam());
  c.chip.progNoiseScale = 1.0;
  auto chip = makeChip(c);
  const Tile &tile = programLevels(*chip);
  const Ref r = referenceOf(GetParam());
  const double gMax = constantsOf(r).gMax, U = unitsOf(GetParam());
  // G- has target 0: a normal clamped at 0 with sigma_0.
  double s0 = refProgSigma(r, 0);
  double negMean = s0 * kInvSqrt2Pi;
  double negVar = s0 * s0 * (0.5 - kInvSqrt2Pi * kInvSqrt2Pi);
  for (int level = 0; level < 3; ++level) {
    double g = kLevels[level] * gMax;
    double sg = refProgSigma(r, g);
    double mean = (g - negMean) / gMax;
    double std = std::sqrt((sg * sg + negVar) / U) / gMax;
    Moments m = moments(samplesAt(tile, level));
    EXPECT_NEAR(m.mean, mean, 5 * std / std::sqrt(double(m.n)))
        << "level " << kLevels[level];
    EXPECT_NEAR(m.std / std, 1.0, 0.05) << "level " << kLevels[level];
  }
}

namespace {
std::string modelName(NoiseModelKind m) {
  return m == NoiseModelKind::Hermes ? "Hermes" : "PCMLike";
}
std::string timeName(double t) {
  return std::to_string(static_cast<int64_t>(t)) + "s";
}
} // namespace

INSTANTIATE_TEST_SUITE_P(Models, ProgrammingNoise,
                         ::testing::Values(NoiseModelKind::Hermes,
                                           NoiseModelKind::PCMLike),
                         [](const auto &info) {
                           return modelName(info.param);
                         });

namespace {
/// E[T^-|mu + sigma z|^p] for a standard normal z, by quadrature.
double driftMoment(double mean, double std, double T, int power) {
  double sum = 0, dz = 1e-3;
  for (double z = -9; z <= 9; z += dz) {
    double nu = std::fabs(mean + std * z);
    sum += std::exp(-0.5 * z * z) * kInvSqrt2Pi * std::pow(T, -power * nu) * dz;
  }
  return sum;
}
} // namespace

class Drift
    : public ::testing::TestWithParam<std::tuple<NoiseModelKind, double>> {};

TEST_P(Drift, MeanAndStdFollowTheNuDistribution) {
  auto [model, t] = GetParam();
  ExecutorConfig c = quietChip(model);
  c.chip.drift = true;
  c.tInference = t;
  auto chip = makeChip(c);
  const Tile &tile = programLevels(*chip);
  const Ref r = referenceOf(model);
  const double gMax = constantsOf(r).gMax, t0 = constantsOf(r).t0,
               U = unitsOf(model);
  double T = (t + t0) / t0;
  for (int level = 0; level < 3; ++level) {
    auto [nuMean, nuStd] = refNu(r, kLevels[level] * gMax);
    double m1 = driftMoment(nuMean, nuStd, T, 1);
    double m2 = driftMoment(nuMean, nuStd, T, 2);
    double mean = kLevels[level] * m1;
    double std = kLevels[level] * std::sqrt((m2 - m1 * m1) / U);
    Moments m = moments(samplesAt(tile, level));
    EXPECT_NEAR(m.mean, mean, 5 * std / std::sqrt(double(m.n)) + 1e-6)
        << "level " << kLevels[level] << " t " << t;
    EXPECT_NEAR(m.std / std, 1.0, 0.06)
        << "level " << kLevels[level] << " t " << t;
  }
}

INSTANTIATE_TEST_SUITE_P(
    ModelsAndTimes, Drift,
    ::testing::Combine(::testing::Values(NoiseModelKind::Hermes,
                                         NoiseModelKind::PCMLike),
                       ::testing::Values(1000.0, 86400.0, 86400.0 * 365)),
    [](const auto &info) {
      return modelName(std::get<0>(info.param)) + "_" +
             timeName(std::get<1>(info.param));
    });

class ReadNoiseVariance : public ::testing::TestWithParam<double> {};

TEST_P(ReadNoiseVariance, PerWeightVarianceFollowsTheOneOverFFit) {
  double t = GetParam();
  ExecutorConfig c = quietChip(NoiseModelKind::Hermes);
  c.chip.readNoiseScale = 1.0;
  c.tInference = t;
  auto chip = makeChip(c);
  const Tile &tile = programLevels(*chip);
  // HERMES-2 from aihwkit's hermes.py: g_max 20.7 uS, t0 300 s, t_read 512 ns.
  const double gMax = 20.7, t0 = 300.0, tRead = 512e-9;
  int64_t N = tile.cols();
  for (int level = 0; level < 3; ++level) {
    double g = kLevels[level] * gMax;
    double sigma = g * refQs(Ref::Hermes2, g) *
                   std::sqrt(std::log((t + t0 + tRead) / (2 * tRead)));
    double expected = sigma * sigma / (gMax * gMax);
    int64_t j = level * kColsPerLevel;
    EXPECT_NEAR(tile.readNoiseVariance()[5 * N + j] / expected, 1.0, 1e-5);
  }
}

INSTANTIATE_TEST_SUITE_P(Times, ReadNoiseVariance,
                         ::testing::Values(0.0, 3600.0, 86400.0 * 30),
                         [](const auto &info) { return timeName(info.param); });

class ReadNoiseMVM
    : public ::testing::TestWithParam<std::tuple<ReadNoiseMode, double>> {};

// Per-MVM read noise sampled through the MVM path: the output variance over
// repeated reads of one input equals sum_k x_k^2 sigma_kj^2 (exact mode) or
// ||x||^2 mean_k sigma_kj^2 (column-mean mode), in output units.
TEST_P(ReadNoiseMVM, OutputVarianceMatchesTheModel) {
  auto [mode, t] = GetParam();
  ExecutorConfig c = quietChip(NoiseModelKind::Hermes);
  c.chip.readNoiseScale = 1.0;
  c.readNoiseMode = mode;
  c.tInference = t;
  auto chip = makeChip(c);
  const int64_t K = 64, N = 8, B = 20000;
  std::vector<float> w = gaussian(K, N, 1);
  ASSERT_TRUE(chip->programTile(0, 0, 0, 0, view(w, K, N)).ok());
  const Tile &tile = *chip->getTile(0);
  const double gMax = constantsOf(Ref::Hermes2).gMax;
  std::vector<float> x1 = uniform(1, K, 2);
  std::vector<float> x(B * K);
  for (int64_t b = 0; b < B; ++b)
    std::copy(x1.begin(), x1.end(), x.begin() + b * K);
  std::vector<float> y(B * N);
  ASSERT_TRUE(chip->mvm(0, view(x, B, K), view(y, B, N)).ok());
  double tf = refTimeFactor(Ref::Hermes2, t);
  for (int64_t j = 0; j < N; ++j) {
    double s = tile.columnScales()[j];
    // Independent evaluation of the per-device variances from the formula.
    double exact = 0, colMean = 0, norm2 = 0;
    for (int64_t k = 0; k < K; ++k) {
      double g = std::fabs(tile.targetWeights()[k * N + j]) * gMax;
      double sigma = g * refQs(Ref::Hermes2, g) * tf / gMax;
      exact += double(x1[k]) * x1[k] * sigma * sigma;
      colMean += sigma * sigma / K;
      norm2 += double(x1[k]) * x1[k];
    }
    double var =
        (mode == ReadNoiseMode::Exact ? exact : norm2 * colMean) * s * s;
    std::vector<double> col(B);
    for (int64_t b = 0; b < B; ++b)
      col[b] = y[b * N + j];
    Moments m = moments(col);
    double mean = 0;
    for (int64_t k = 0; k < K; ++k)
      mean += double(x1[k]) * tile.effectiveWeights()[k * N + j] * s;
    EXPECT_NEAR(m.mean, mean, 5 * std::sqrt(var / B)) << "column " << j;
    EXPECT_NEAR(m.std * m.std / var, 1.0, 0.05) << "column " << j;
  }
}

INSTANTIATE_TEST_SUITE_P(
    ModesAndTimes, ReadNoiseMVM,
    ::testing::Combine(::testing::Values(ReadNoiseMode::Exact,
                                         ReadNoiseMode::ColumnMean),
                       ::testing::Values(60.0, 86400.0)),
    [](const auto &info) {
      return std::string(std::get<0>(info.param) == ReadNoiseMode::Exact
                             ? "Exact"
                             : "ColumnMean") +
             "_" + timeName(std::get<1>(info.param));
    });

// The same statistics on the exact-integer crossbar (DAC on), where the
// read noise is added in integer units before the q_j / L scaling.
TEST(ReadNoiseMVMInteger, OutputVarianceMatchesTheModel) {
  ExecutorConfig c = quietChip(NoiseModelKind::Hermes);
  c.chip.readNoiseScale = 1.0;
  c.chip.quantizeInputs = true; // static input range 1
  c.tInference = 86400;
  auto chip = makeChip(c);
  const int64_t K = 64, N = 8, B = 20000;
  std::vector<float> w = gaussian(K, N, 1);
  ASSERT_TRUE(chip->programTile(0, 0, 0, 0, view(w, K, N)).ok());
  const Tile &tile = *chip->getTile(0);
  ASSERT_TRUE(tile.usesIntegerCrossbar());
  const double gMax = constantsOf(Ref::Hermes2).gMax;
  std::vector<float> x1 = uniform(1, K, 2), xq(K);
  for (int64_t k = 0; k < K; ++k)
    xq[k] = std::round(x1[k] * 127.0f) / 127.0f;
  std::vector<float> x(B * K), y(B * N);
  for (int64_t b = 0; b < B; ++b)
    std::copy(x1.begin(), x1.end(), x.begin() + b * K);
  ASSERT_TRUE(chip->mvm(0, view(x, B, K), view(y, B, N)).ok());
  double tf = refTimeFactor(Ref::Hermes2, 86400);
  for (int64_t j = 0; j < N; ++j) {
    double s = tile.columnScales()[j], colMean = 0, norm2 = 0, mean = 0;
    for (int64_t k = 0; k < K; ++k) {
      double g = std::fabs(tile.targetWeights()[k * N + j]) * gMax;
      double sigma = g * refQs(Ref::Hermes2, g) * tf / gMax;
      colMean += sigma * sigma / K;
      norm2 += double(xq[k]) * xq[k];
      mean += double(xq[k]) * tile.effectiveWeights()[k * N + j] * s;
    }
    double var = norm2 * colMean * s * s;
    std::vector<double> col(B);
    for (int64_t b = 0; b < B; ++b)
      col[b] = y[b * N + j];
    Moments m = moments(col);
    EXPECT_NEAR(m.mean, mean, 5 * std::sqrt(var / B) + 2e-3 * std::fabs(mean))
        << "column " << j;
    EXPECT_NEAR(m.std * m.std / var, 1.0, 0.05) << "column " << j;
  }
}
