//===- ApproximateMathTest.cpp - Accuracy of aimc-approximate-math --------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The digital feature maps compute sin, cos and exp with inline polynomials
// (aimc-approximate-math). These tests run the JIT-compiled functions on a
// dense grid and bound their error against double-precision libm.
//
//===----------------------------------------------------------------------===//

#include "aimc/Runner/RunSession.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>

using namespace aimc;

namespace {

constexpr const char *kModel = R"mlir(
func.func @sin(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = math.sin %x : tensor<?xf32>
  return %y : tensor<?xf32>
}
func.func @cos(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = math.cos %x : tensor<?xf32>
  return %y : tensor<?xf32>
}
func.func @exp(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = math.exp %x : tensor<?xf32>
  return %y : tensor<?xf32>
}
)mlir";

std::unique_ptr<RunSession> createSession(bool approximate) {
  RunOptions options;
  options.chip = "ideal";
  options.approximateMath = approximate;
  auto session = RunSession::createFromSource(kModel, options, "math.mlir");
  EXPECT_TRUE(static_cast<bool>(session))
      << llvm::toString(session.takeError());
  return session ? std::move(*session) : nullptr;
}

/// `count` evenly spaced float32 points in [lo, hi].
NpyArray grid(double lo, double hi, int64_t count) {
  NpyArray x(NpyDType::Float32, {count});
  for (int64_t i = 0; i < count; ++i)
    x.data<float>()[i] =
        static_cast<float>(lo + (hi - lo) * i / static_cast<double>(count - 1));
  return x;
}

std::vector<float> call(RunSession &session, const std::string &entry,
                        const NpyArray &x) {
  auto y = session.run(entry, {x});
  EXPECT_TRUE(static_cast<bool>(y)) << llvm::toString(y.takeError());
  if (!y)
    return {};
  return (*y)[0].values<float>();
}

/// Largest |f(x) - ref(x)| / scale(x) over the grid.
double maxError(const NpyArray &x, const std::vector<float> &y,
                const std::function<double(double)> &ref,
                const std::function<double(double)> &scale) {
  double worst = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    double xi = x.data<float>()[i];
    worst = std::max(worst, std::fabs(y[i] - ref(xi)) / scale(xi));
  }
  return worst;
}

double one(double) { return 1.0; }

TEST(ApproximateMath, SinAndCosAbsoluteError) {
  std::unique_ptr<RunSession> session = createSession(true);
  ASSERT_TRUE(session);
  auto sin = [](double v) { return std::sin(v); };
  auto cos = [](double v) { return std::cos(v); };
  // The range of RFF arguments sqrt(2 gamma) z in practice, then far out:
  // the two-constant reduction keeps the error near one float32 ulp of
  // the result (6e-8 below 1) in both.
  NpyArray near = grid(-64, 64, 400001);
  double sinNear = maxError(near, call(*session, "sin", near), sin, one);
  double cosNear = maxError(near, call(*session, "cos", near), cos, one);
  NpyArray far = grid(-10000, 10000, 400001);
  double sinFar = maxError(far, call(*session, "sin", far), sin, one);
  double cosFar = maxError(far, call(*session, "cos", far), cos, one);
  EXPECT_LT(sinNear, 2e-7);
  EXPECT_LT(cosNear, 2e-7);
  EXPECT_LT(sinFar, 2e-7);
  EXPECT_LT(cosFar, 2e-7);
  std::printf("[ measured ] max |error| on [-64, 64]: sin %.3g, cos %.3g; "
              "on [-1e4, 1e4]: sin %.3g, cos %.3g\n",
              sinNear, cosNear, sinFar, cosFar);
}

/// Floats of every biased exponent 0..maxExponent (subnormals included),
/// `perExponent` seeded random mantissas each (a 64-bit LCG from `seed`),
/// both signs.
static std::vector<float> floatsOfEveryExponent(uint32_t maxExponent,
                                                int perExponent,
                                                uint64_t seed) {
  std::vector<float> values;
  uint64_t state = seed;
  for (uint32_t exponent = 0; exponent <= maxExponent; ++exponent)
    for (int i = 0; i < perExponent; ++i)
      for (uint32_t sign : {0u, 1u}) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        uint32_t mantissa = static_cast<uint32_t>(state >> 41) & 0x7fffff;
        uint32_t bits = (sign << 31) | (exponent << 23) | mantissa;
        float value;
        std::memcpy(&value, &bits, sizeof(value));
        values.push_back(value);
      }
  return values;
}

TEST(ApproximateMath, SinAndCosWholeFloat32Range) {
  // Every biased exponent from the subnormals (0) to the largest finite
  // floats (254), 64 seeded random mantissas each, both signs: the exact
  // range reduction keeps sin and cos within about one float32 ulp of the
  // result everywhere (the two-constant reduction failed above ~2.7e7,
  // e.g. cos(1e9) = 13.29, cos(1e20) = -inf).
  std::unique_ptr<RunSession> session = createSession(true);
  ASSERT_TRUE(session);
  std::vector<float> values =
      floatsOfEveryExponent(254, 64, 0x9e3779b97f4a7c15ull);
  // The values the issue reported, and the largest finite floats.
  for (float value : {1e9f, 1e20f, -1e20f, 2.7e7f, 3.4028235e38f,
                      -3.4028235e38f, 1.4e-45f, 16777216.0f, 8192.0f})
    values.push_back(value);
  NpyArray x = NpyArray::fromValues<float>(
      {static_cast<int64_t>(values.size())}, values);
  auto sin = [](double v) { return std::sin(v); };
  auto cos = [](double v) { return std::cos(v); };
  double sinError = maxError(x, call(*session, "sin", x), sin, one);
  double cosError = maxError(x, call(*session, "cos", x), cos, one);
  EXPECT_LT(sinError, 2e-7);
  EXPECT_LT(cosError, 2e-7);
  std::printf("[ measured ] max |error| over all float32 exponents (%zu "
              "points): sin %.3g, cos %.3g\n",
              values.size(), sinError, cosError);
}

TEST(ApproximateMath, TableFreeReductionGivesTheSameBits) {
  // A loop whose arguments all lie below 2^26 takes the table-free range
  // reduction; one argument at or above 2^26 (or NaN, inf) sends the whole
  // call through the table. Every value below 2^26 must give the same bits
  // either way: all biased exponents 0..152 (subnormals to just below 2^26),
  // 256 seeded random mantissas each, both signs, the edges, and a dense
  // grid of the RFF range.
  std::unique_ptr<RunSession> session = createSession(true);
  ASSERT_TRUE(session);
  std::vector<float> values =
      floatsOfEveryExponent(152, 256, 0x2545f4914f6cdd1dull);
  for (float value : {0.0f, -0.0f, 1.4e-45f, 67108860.0f, -67108860.0f,
                      16777216.0f, 0.785398185f, 1.57079637f, 3.14159274f})
    values.push_back(value);
  for (int i = 0; i <= 200000; ++i)
    values.push_back(static_cast<float>(-50.0 + 100.0 * i / 200000.0));
  const int64_t n = static_cast<int64_t>(values.size());
  NpyArray small = NpyArray::fromValues<float>({n}, values);
  for (float big : {67108864.0f, -1e30f, std::numeric_limits<float>::infinity(),
                    std::numeric_limits<float>::quiet_NaN()}) {
    std::vector<float> withBig = values;
    withBig.push_back(big);
    NpyArray mixed = NpyArray::fromValues<float>({n + 1}, withBig);
    for (const char *entry : {"sin", "cos"}) {
      std::vector<float> fast = call(*session, entry, small);
      std::vector<float> table = call(*session, entry, mixed);
      ASSERT_EQ(fast.size(), values.size());
      ASSERT_EQ(table.size(), values.size() + 1);
      int64_t differ = 0;
      for (int64_t i = 0; i < n; ++i)
        differ += std::memcmp(&fast[i], &table[i], sizeof(float)) != 0;
      EXPECT_EQ(differ, 0) << entry << " with " << big;
    }
  }
}

TEST(ApproximateMath, ExpRelativeError) {
  std::unique_ptr<RunSession> session = createSession(true);
  ASSERT_TRUE(session);
  NpyArray x = grid(-80, 80, 400001);
  double error = maxError(
      x, call(*session, "exp", x), [](double v) { return std::exp(v); },
      [](double v) { return std::exp(v); });
  // float32 ulps are 2^-24 ... 2^-23 (6e-8 ... 1.2e-7) relative.
  EXPECT_LT(error, 2.5e-7);
  std::printf("[ measured ] max relative error of exp on [-80, 80]: %.3g\n",
              error);
}

TEST(ApproximateMath, SpecialValues) {
  std::unique_ptr<RunSession> session = createSession(true);
  ASSERT_TRUE(session);
  float nan = std::numeric_limits<float>::quiet_NaN();
  NpyArray x = NpyArray::fromValues<float>({5}, {0.0f, -0.0f, nan, -100, 100});
  std::vector<float> sin = call(*session, "sin", x);
  std::vector<float> cos = call(*session, "cos", x);
  std::vector<float> exp = call(*session, "exp", x);
  ASSERT_EQ(exp.size(), 5u);
  EXPECT_EQ(sin[0], 0.0f);
  EXPECT_FALSE(std::signbit(sin[0]));
  // sin(-0) = -0, as libm (IEEE 754).
  EXPECT_EQ(sin[1], 0.0f);
  EXPECT_TRUE(std::signbit(sin[1]));
  EXPECT_EQ(cos[0], 1.0f);
  EXPECT_EQ(cos[1], 1.0f);
  EXPECT_EQ(exp[0], 1.0f);
  EXPECT_TRUE(std::isnan(sin[2]) && std::isnan(cos[2]) && std::isnan(exp[2]));
  NpyArray inf = NpyArray::fromValues<float>(
      {2}, {std::numeric_limits<float>::infinity(),
            -std::numeric_limits<float>::infinity()});
  for (const char *entry : {"sin", "cos"})
    for (float value : call(*session, entry, inf))
      EXPECT_TRUE(std::isnan(value)) << entry << "(+-inf)";
  EXPECT_EQ(exp[3], 0.0f);
  EXPECT_TRUE(std::isinf(exp[4]) && exp[4] > 0);
}

TEST(ApproximateMath, LibmWhenDisabled) {
  // approximateMath = false calls libm: correctly reduced, so the float32
  // result is within an ulp or two of the double value even far out.
  std::unique_ptr<RunSession> session = createSession(false);
  ASSERT_TRUE(session);
  NpyArray far = grid(-1000, 1000, 100001);
  EXPECT_LT(maxError(
                far, call(*session, "sin", far),
                [](double v) { return std::sin(v); }, one),
            2e-7);
}

} // namespace
