//===- RandomProjectionTest.cpp - Tests of the projection samplers --------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Sampling/RandomProjection.h"

#include "aimc/Support/CounterRNG.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace aimc;

namespace {

std::vector<double> sample(ProjectionKind kind, int64_t s, int64_t d,
                           uint64_t seed) {
  std::string error;
  std::optional<std::vector<double>> omega =
      sampleProjection(kind, s, d, seed, &error);
  EXPECT_TRUE(omega.has_value()) << error;
  return omega ? *omega : std::vector<double>();
}

double rowDot(const std::vector<double> &m, int64_t d, int64_t a, int64_t b) {
  double dot = 0.0;
  for (int64_t k = 0; k < d; ++k)
    dot += m[a * d + k] * m[b * d + k];
  return dot;
}

const ProjectionKind kAllKinds[] = {
    ProjectionKind::Gaussian, ProjectionKind::TruncatedGaussian,
    ProjectionKind::Orthogonal, ProjectionKind::StructuredOrthogonal};

TEST(RandomProjection, GaussianMoments) {
  std::vector<double> omega = sample(ProjectionKind::Gaussian, 400, 250, 7);
  double mean = 0.0, var = 0.0;
  for (double x : omega)
    mean += x;
  mean /= omega.size();
  for (double x : omega)
    var += (x - mean) * (x - mean);
  var /= omega.size() - 1;
  // 1e5 samples: the standard error of the mean is 0.0032, of the variance
  // 0.0045.
  EXPECT_NEAR(mean, 0.0, 0.015);
  EXPECT_NEAR(var, 1.0, 0.02);
}

TEST(RandomProjection, GaussianIsCounterRNGStream) {
  std::vector<double> omega = sample(ProjectionKind::Gaussian, 3, 5, 11);
  CounterRNG rng(11, kGaussianStream);
  for (int64_t i = 0; i < 15; ++i)
    EXPECT_EQ(omega[i], rng.normal(i));
}

TEST(RandomProjection, TruncatedNeverBeyondThree) {
  std::vector<double> gaussian = sample(ProjectionKind::Gaussian, 500, 200, 3);
  std::vector<double> truncated =
      sample(ProjectionKind::TruncatedGaussian, 500, 200, 3);
  int64_t redrawn = 0;
  for (size_t i = 0; i < truncated.size(); ++i) {
    ASSERT_LE(std::fabs(truncated[i]), 3.0);
    if (std::fabs(gaussian[i]) <= 3.0)
      EXPECT_EQ(truncated[i], gaussian[i]);
    else
      ++redrawn;
  }
  // P(|N(0,1)| > 3) = 0.0027: about 270 of 1e5 entries are redrawn.
  EXPECT_GT(redrawn, 150);
  EXPECT_LT(redrawn, 400);
}

TEST(RandomProjection, OrthogonalBlocksAreOrthogonal) {
  const int64_t d = 16, s = 40; // Blocks of 16, 16 and 8 rows.
  std::vector<double> omega = sample(ProjectionKind::Orthogonal, s, d, 42);
  for (int64_t block = 0; block * d < s; ++block) {
    int64_t first = block * d, last = std::min(s, first + d);
    for (int64_t a = first; a < last; ++a)
      for (int64_t b = first; b < last; ++b) {
        double na = std::sqrt(rowDot(omega, d, a, a));
        double nb = std::sqrt(rowDot(omega, d, b, b));
        EXPECT_NEAR(rowDot(omega, d, a, b) / (na * nb), a == b ? 1.0 : 0.0,
                    1e-5)
            << "rows " << a << ", " << b;
      }
  }
  // Rows of different blocks are not orthogonal in general.
  double cross = rowDot(omega, d, 0, d) /
                 std::sqrt(rowDot(omega, d, 0, 0) * rowDot(omega, d, d, d));
  EXPECT_GT(std::fabs(cross), 1e-5);
}

TEST(RandomProjection, OrthogonalRowNormsAreChi) {
  // E[chi(d)^2] = d.
  const int64_t d = 8, s = 8 * 500;
  std::vector<double> omega = sample(ProjectionKind::Orthogonal, s, d, 5);
  double meanNorm2 = 0.0;
  for (int64_t i = 0; i < s; ++i)
    meanNorm2 += rowDot(omega, d, i, i);
  meanNorm2 /= s;
  EXPECT_NEAR(meanNorm2, 8.0, 0.25); // Standard error 0.063.
}

TEST(RandomProjection, StructuredOrthogonalScale) {
  const int64_t d = 16, s = 32;
  std::vector<double> omega =
      sample(ProjectionKind::StructuredOrthogonal, s, d, 9);
  for (int64_t block = 0; block < 2; ++block)
    for (int64_t a = 0; a < d; ++a)
      for (int64_t b = 0; b < d; ++b)
        EXPECT_NEAR(rowDot(omega, d, block * d + a, block * d + b),
                    a == b ? 16.0 : 0.0, 1e-9);
}

TEST(RandomProjection, StructuredOrthogonalPadsToPowerOfTwo) {
  // d = 12 pads to d' = 16: a block has 16 rows of which 12 columns are kept,
  // so the kept columns are orthogonal with squared norm d' = 16.
  const int64_t d = 12, s = 16;
  std::vector<double> omega =
      sample(ProjectionKind::StructuredOrthogonal, s, d, 1);
  for (int64_t a = 0; a < d; ++a)
    for (int64_t b = 0; b < d; ++b) {
      double dot = 0.0;
      for (int64_t i = 0; i < s; ++i)
        dot += omega[i * d + a] * omega[i * d + b];
      EXPECT_NEAR(dot, a == b ? 16.0 : 0.0, 1e-9);
    }
}

TEST(RandomProjection, SingleColumn) {
  // d = 1: an ORF block is [sign] * chi(1) norm, a SORF block is [+-1].
  std::vector<double> orf = sample(ProjectionKind::Orthogonal, 6, 1, 3);
  CounterRNG normRng(3, kOrthogonalStreamBase + 1);
  EXPECT_DOUBLE_EQ(std::fabs(orf[0]), std::fabs(normRng.normal(0)));
  std::vector<double> sorf =
      sample(ProjectionKind::StructuredOrthogonal, 6, 1, 3);
  for (double x : sorf)
    EXPECT_EQ(std::fabs(x), 1.0);
}

TEST(RandomProjection, SameSeedIsBitIdentical) {
  for (ProjectionKind kind : kAllKinds) {
    std::vector<double> a = sample(kind, 37, 10, 1234);
    std::vector<double> b = sample(kind, 37, 10, 1234);
    ASSERT_EQ(a.size(), b.size());
    EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(double)), 0)
        << getProjectionKindName(kind);
    std::vector<float> fa(a.size()), fb(a.size());
    ASSERT_TRUE(sampleProjection(kind, 37, 10, 1234, fa.data()));
    ASSERT_TRUE(sampleProjection(kind, 37, 10, 1234, fb.data()));
    EXPECT_EQ(std::memcmp(fa.data(), fb.data(), fa.size() * sizeof(float)), 0);
    for (size_t i = 0; i < a.size(); ++i)
      EXPECT_EQ(fa[i], static_cast<float>(a[i]));
  }
}

TEST(RandomProjection, DifferentSeedsDiffer) {
  for (ProjectionKind kind : kAllKinds) {
    std::vector<double> a = sample(kind, 37, 10, 1);
    std::vector<double> b = sample(kind, 37, 10, 2);
    EXPECT_NE(std::memcmp(a.data(), b.data(), a.size() * sizeof(double)), 0)
        << getProjectionKindName(kind);
  }
}

TEST(RandomProjection, PrefixIsStable) {
  // Asking for fewer rows gives a prefix of the larger matrix.
  for (ProjectionKind kind : kAllKinds) {
    std::vector<double> big = sample(kind, 40, 12, 77);
    std::vector<double> small = sample(kind, 21, 12, 77);
    EXPECT_EQ(
        std::memcmp(big.data(), small.data(), small.size() * sizeof(double)), 0)
        << getProjectionKindName(kind);
  }
}

TEST(RandomProjection, RowPiecesAreTheMatrix) {
  // Rows sampled in pieces (aligned to blocks or not, double or float,
  // 300 Gaussian rows reach the vectorised Philox chunks) are the rows of
  // the whole matrix, bit for bit.
  for (ProjectionKind kind : kAllKinds) {
    int64_t s = 300, d = 12;
    std::vector<double> whole = sample(kind, s, d, 5);
    std::vector<float> wholeF(s * d);
    ASSERT_TRUE(sampleProjection(kind, s, d, 5, wholeF.data()));
    for (int64_t piece : {int64_t(1), int64_t(7), int64_t(16), int64_t(64)}) {
      std::vector<double> rows(s * d);
      std::vector<float> rowsF(s * d);
      for (int64_t first = 0; first < s; first += piece) {
        int64_t count = std::min(piece, s - first);
        std::string error;
        ASSERT_TRUE(sampleProjectionRows(kind, first, count, d, 5,
                                         rows.data() + first * d, &error))
            << error;
        ASSERT_TRUE(sampleProjectionRows(kind, first, count, d, 5,
                                         rowsF.data() + first * d, &error))
            << error;
      }
      EXPECT_EQ(
          std::memcmp(rows.data(), whole.data(), whole.size() * sizeof(double)),
          0)
          << getProjectionKindName(kind) << " in pieces of " << piece;
      EXPECT_EQ(std::memcmp(rowsF.data(), wholeF.data(),
                            wholeF.size() * sizeof(float)),
                0)
          << getProjectionKindName(kind) << " in pieces of " << piece;
    }
  }
  EXPECT_EQ(getProjectionBlockRows(ProjectionKind::Gaussian, 12), 1);
  EXPECT_EQ(getProjectionBlockRows(ProjectionKind::Orthogonal, 12), 12);
  EXPECT_EQ(getProjectionBlockRows(ProjectionKind::StructuredOrthogonal, 12),
            16);
  std::string error;
  double buffer[4];
  EXPECT_FALSE(sampleProjectionRows(ProjectionKind::Gaussian, -1, 1, 4, 1,
                                    buffer, &error));
  EXPECT_NE(error.find("first row"), std::string::npos) << error;
  error.clear();
  EXPECT_FALSE(sampleProjectionRows(ProjectionKind::Gaussian, int64_t(1) << 30,
                                    1, 4, 1, buffer, &error));
  EXPECT_NE(error.find("entries"), std::string::npos) << error;
}

TEST(RandomProjection, RejectsBadShapes) {
  std::string error;
  EXPECT_FALSE(sampleProjection(ProjectionKind::Gaussian, 0, 4, 1, &error));
  EXPECT_NE(error.find("must be positive"), std::string::npos) << error;
  error.clear();
  EXPECT_FALSE(sampleProjection(ProjectionKind::Orthogonal, 4, -1, 1, &error));
  EXPECT_NE(error.find("must be positive"), std::string::npos) << error;
  error.clear();
  double buffer[4];
  EXPECT_FALSE(sampleProjection(ProjectionKind::StructuredOrthogonal, -2, 2, 1,
                                buffer, &error));
  EXPECT_FALSE(error.empty());
  error.clear();
  EXPECT_FALSE(sampleProjection(ProjectionKind::Gaussian, int64_t(1) << 40,
                                int64_t(1) << 40, 1, &error));
  EXPECT_NE(error.find("entries"), std::string::npos) << error;
  EXPECT_EQ(checkProjectionShape(3, 4), "");
}

TEST(RandomProjection, Phases) {
  const int64_t n = 100000;
  std::vector<double> phases(n), again(n);
  ASSERT_TRUE(samplePhases(n, 5, phases.data()));
  ASSERT_TRUE(samplePhases(n, 5, again.data()));
  EXPECT_EQ(std::memcmp(phases.data(), again.data(), n * sizeof(double)), 0);
  double mean = 0.0;
  for (double b : phases) {
    ASSERT_GT(b, 0.0);
    ASSERT_LT(b, 2.0 * M_PI);
    mean += b;
  }
  mean /= n;
  EXPECT_NEAR(mean, M_PI, 0.03); // Standard error 0.0057.
  CounterRNG rng(5, kPhaseStream);
  EXPECT_EQ(phases[17], 2.0 * M_PI * rng.uniform(17));
  std::vector<double> other(n);
  ASSERT_TRUE(samplePhases(n, 6, other.data()));
  EXPECT_NE(std::memcmp(phases.data(), other.data(), n * sizeof(double)), 0);
  std::string error;
  EXPECT_FALSE(samplePhases(0, 5, phases.data(), &error));
  EXPECT_NE(error.find("phase count"), std::string::npos) << error;
}

TEST(RandomProjection, KindNames) {
  EXPECT_STREQ(getProjectionKindName(ProjectionKind::Gaussian), "gaussian");
  EXPECT_STREQ(getProjectionKindName(ProjectionKind::StructuredOrthogonal),
               "structured_orthogonal");
}

} // namespace
