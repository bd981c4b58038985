//===- CalibrationTest.cpp - Affine correction and drift compensation -----===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "TestUtils.h"

using namespace aimc;
using namespace aimc::exec;
using namespace aimc::exec::test;

namespace {
constexpr int64_t K = 128, N = 64;

/// Calibrates on 512 vectors and returns the relative error on 256 others.
double calibratedError(const ExecutorConfig &c, Executor *&out,
                       std::unique_ptr<Executor> &holder) {
  holder = makeChip(c);
  out = holder.get();
  std::vector<float> w = gaussian(K, N, 1);
  EXPECT_TRUE(holder->programTile(0, 0, 0, 0, view(w, K, N)).ok());
  std::vector<float> xc = uniform(512, K, 2);
  EXPECT_TRUE(holder->calibrateTile(0, view(xc, 512, K)).ok());
  std::vector<float> x = uniform(256, K, 3), y(256 * N);
  EXPECT_TRUE(holder->mvm(0, view(x, 256, K), view(y, 256, N)).ok());
  return relativeError(y, reference(x, w, 256, K, N));
}
} // namespace

TEST(Calibration, AffineCorrectionRecoversKnownColumnErrors) {
  ExecutorConfig c = ExecutorConfig::ideal();
  c.chip.quantizeInputs = true;
  c.chip.quantizeOutputs = true;
  c.chip.inputRangeMode = Calibration::MaxAbs;
  c.chip.outputRangeMode = Calibration::MaxAbs;
  c.chip.outputMargin = 1.3; // headroom for the gain errors
  c.chip.adcGainSigma = 0.1;
  c.chip.adcOffsetSigmaLSB = 4.0;
  Executor *plain, *fitted;
  std::unique_ptr<Executor> h1, h2;
  c.chip.affineCalibration = false;
  double before = calibratedError(c, plain, h1);
  c.chip.affineCalibration = true;
  double after = calibratedError(c, fitted, h2);
  EXPECT_GT(before, 0.05);
  EXPECT_LT(after, 0.02);
  EXPECT_LT(after, before / 3);
  // The fit inverts the drawn gain and offset: a_j g_j = 1 and
  // a_j o_j LSB + b_j = 0 (normalised units).
  const Tile &t = *fitted->getTile(0);
  float lsb = t.getOutputRange() / 127.0f;
  for (int64_t j = 0; j < N; ++j) {
    EXPECT_NEAR(t.affineScale()[j] * t.adcGains()[j], 1.0, 0.01) << j;
    EXPECT_NEAR(t.affineScale()[j] * t.adcOffsetsLSB()[j] * lsb +
                    t.affineOffset()[j],
                0.0, 0.3 * lsb)
        << j;
  }
}

namespace {
/// sum |y| / sum |x W| for a HERMES chip with only drift.
double meanOutputRatio(bool compensate, double t, double *alpha = nullptr) {
  ExecutorConfig c = quiet(NoiseModelKind::Hermes);
  c.chip.drift = true;
  c.tInference = t;
  c.chip.driftCompensation = compensate;
  auto chip = makeChip(c);
  std::vector<float> w = gaussian(K, N, 1);
  EXPECT_TRUE(chip->programTile(0, 0, 0, 0, view(w, K, N)).ok());
  std::vector<float> x = uniform(256, K, 3), y(256 * N);
  EXPECT_TRUE(chip->mvm(0, view(x, 256, K), view(y, 256, N)).ok());
  std::vector<double> ref = reference(x, w, 256, K, N);
  double num = 0, den = 0;
  for (size_t i = 0; i < ref.size(); ++i) {
    num += std::fabs(y[i]);
    den += std::fabs(ref[i]);
  }
  if (alpha)
    *alpha = chip->getTile(0)->getDriftCompensation();
  return num / den;
}
} // namespace

TEST(Calibration, GlobalDriftCompensationRestoresTheMeanOutput) {
  for (double t : {3600.0, 86400.0, 86400.0 * 365}) {
    double raw = meanOutputRatio(false, t);
    double alpha = 0;
    double compensated = meanOutputRatio(true, t, &alpha);
    EXPECT_LT(raw, 0.9) << t;
    EXPECT_GT(alpha, 1.1) << t;
    EXPECT_NEAR(alpha * raw, 1.0, 0.03) << t;
    EXPECT_NEAR(compensated, 1.0, 0.03) << t;
  }
}

TEST(Calibration, SetInferenceTimeRedoesTheCompensation) {
  ExecutorConfig c = quiet(NoiseModelKind::Hermes);
  c.chip.drift = true;
  c.chip.driftCompensation = true;
  c.tInference = 60;
  auto chip = makeChip(c);
  std::vector<float> w = gaussian(K, N, 1);
  ASSERT_TRUE(chip->programTile(0, 0, 0, 0, view(w, K, N)).ok());
  float early = chip->getTile(0)->getDriftCompensation();
  ASSERT_TRUE(chip->setInferenceTime(86400.0 * 30).ok());
  float late = chip->getTile(0)->getDriftCompensation();
  EXPECT_GT(late, early * 1.2f);
  std::vector<float> x = uniform(256, K, 3), y(256 * N);
  ASSERT_TRUE(chip->mvm(0, view(x, 256, K), view(y, 256, N)).ok());
  EXPECT_LT(relativeError(y, reference(x, w, 256, K, N)), 0.2);
}
