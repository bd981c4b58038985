//===- ConvertersTest.cpp - DAC and ADC quantisation ----------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "TestUtils.h"

#include "aimc/Executor/Converters.h"

#include <algorithm>
#include <limits>

using namespace aimc;
using namespace aimc::exec;
using namespace aimc::exec::test;

TEST(Quantizer, LevelBoundariesRoundHalfAwayFromZero) {
  Quantizer q{true, 127, 1.0f};
  // Exactly between levels 3 and 4 (3.5 / 127) rounds up, just below rounds
  // down; negative values mirror.
  float half = 3.5f / 127.0f;
  EXPECT_EQ(q.level(half), 4.0f);
  EXPECT_EQ(q.level(std::nextafter(half, 0.0f)), 3.0f);
  EXPECT_EQ(q.level(-half), -4.0f);
  EXPECT_EQ(q.level(0.0f), 0.0f);
  EXPECT_EQ(q.level(0.49f / 127.0f), 0.0f);
  EXPECT_EQ(q.quantize(10.0f / 127.0f), 10.0f / 127.0f);
}

TEST(Quantizer, ValuesOutsideTheRangeClip) {
  Quantizer q{true, 127, 2.0f};
  EXPECT_EQ(q.level(2.0f), 127.0f);
  EXPECT_EQ(q.level(5.0f), 127.0f);
  EXPECT_EQ(q.level(-1e30f), -127.0f);
  EXPECT_FLOAT_EQ(q.quantize(3.0f), 2.0f);
  EXPECT_FLOAT_EQ(q.lsb(), 2.0f / 127.0f);
  Quantizer off{false, 127, 2.0f};
  EXPECT_EQ(off.quantize(3.0f), 3.0f);
  std::vector<float> v = {-3.0f, 0.5f, 1.01f / 127.0f * 2.0f};
  q.quantize(v.data(), v.size());
  EXPECT_FLOAT_EQ(v[0], -2.0f);
  EXPECT_FLOAT_EQ(v[1], 32.0f * 2.0f / 127.0f); // 31.75 -> 32
  EXPECT_FLOAT_EQ(v[2], 2.0f / 127.0f);
}

// A NaN can reach a converter only from an overflow upstream; it must map
// to a level (0) instead of reaching the float-to-int conversion, which is
// undefined for NaN (found by aimc-capi-fuzzer, test/Fuzz/replay.test).
TEST(Quantizer, NaNMapsToLevelZeroAndInfinitiesSaturate) {
  const float nan = std::numeric_limits<float>::quiet_NaN(),
              inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(clampUnit(nan), 0.0f);
  EXPECT_EQ(clampUnit(inf), 1.0f);
  EXPECT_EQ(clampUnit(-inf), -1.0f);
  EXPECT_EQ(clampUnit(-0.25f), -0.25f);
  EXPECT_EQ(clampUnit(-1.0f), -1.0f);
  Quantizer q{true, 127, 2.0f};
  EXPECT_EQ(q.level(nan), 0.0f);
  EXPECT_EQ(q.level(inf), 127.0f);
  EXPECT_EQ(q.level(-inf), -127.0f);
  std::vector<float> v = {nan, inf, -inf, 1.0f};
  q.quantize(v.data(), v.size());
  EXPECT_EQ(v[0], 0.0f);
  EXPECT_FLOAT_EQ(v[1], 2.0f);
  EXPECT_FLOAT_EQ(v[2], -2.0f);
  EXPECT_FLOAT_EQ(v[3], 64.0f * 2.0f / 127.0f); // 63.5 -> 64
}

TEST(Quantizer, AbsPercentile) {
  std::vector<float> v = {-5, 1, 2, 3, 4};
  EXPECT_EQ(absPercentile(v.data(), v.size(), 100), 5.0);
  EXPECT_EQ(absPercentile(v.data(), v.size(), 80), 4.0);
  EXPECT_EQ(absPercentile(v.data(), v.size(), 20), 1.0);
}

namespace {
/// A 1 x 1 tile holding weight 1 with static ranges and only the converters
/// on: the MVM returns ADC(DAC(x)).
std::unique_ptr<Executor> converterChip(bool dac, bool adc, double inRange,
                                        double outRange) {
  ExecutorConfig c = ExecutorConfig::ideal();
  c.chip.quantizeInputs = dac;
  c.chip.quantizeOutputs = adc;
  c.chip.inputRange = inRange;
  c.chip.outputRange = outRange;
  auto chip = makeChip(c);
  float one = 1.0f;
  EXPECT_TRUE(chip->programTile(0, 0, 0, 0, {&one, 1, 1, 1, 1}).ok());
  return chip;
}

float run(Executor &chip, float x) {
  float y = 0;
  EXPECT_TRUE(chip.mvm(0, {&x, 1, 1, 1, 1}, {&y, 1, 1, 1, 1}).ok());
  return y;
}
} // namespace

TEST(Converters, DACLevelsAndClippingThroughTheMVM) {
  auto chip = converterChip(true, false, 2.0, 0);
  float lsb = 2.0f / 127.0f;
  EXPECT_FLOAT_EQ(run(*chip, 10 * lsb), 10 * lsb);
  EXPECT_FLOAT_EQ(run(*chip, 10.5f * lsb), 11 * lsb);
  EXPECT_FLOAT_EQ(run(*chip, 10.49f * lsb), 10 * lsb);
  EXPECT_FLOAT_EQ(run(*chip, -10.5f * lsb), -11 * lsb);
  EXPECT_FLOAT_EQ(run(*chip, 2.5f), 2.0f);
  EXPECT_FLOAT_EQ(run(*chip, -7.0f), -2.0f);
}

TEST(Converters, ADCLevelsAndClippingThroughTheMVM) {
  // Input range 1 (DAC off): the normalised output equals x, digitised over
  // an output range of 0.5.
  auto chip = converterChip(false, true, 1.0, 0.5);
  float lsb = 0.5f / 127.0f;
  EXPECT_FLOAT_EQ(run(*chip, 3 * lsb), 3 * lsb);
  EXPECT_FLOAT_EQ(run(*chip, 3.6f * lsb), 4 * lsb);
  EXPECT_FLOAT_EQ(run(*chip, -3.4f * lsb), -3 * lsb);
  EXPECT_FLOAT_EQ(run(*chip, 0.7f), 0.5f);
  EXPECT_FLOAT_EQ(run(*chip, -0.7f), -0.5f);
}

// The smallest input range a chip accepts (the smallest normal float32)
// with the DAC off: an input of 5 overflows to inf, and inf times the zero
// weight of row 1 gives NaN in the crossbar. The ADC saturates (row 0 alone)
// or maps the NaN to 0, never to garbage from an undefined conversion.
TEST(Converters, OverflowUpstreamOfTheADCSaturatesOrGivesZero) {
  ExecutorConfig c = ExecutorConfig::ideal();
  c.chip.quantizeInputs = false;
  c.chip.quantizeOutputs = true;
  c.chip.inputRange = std::numeric_limits<float>::min();
  c.chip.outputRange = 0.5;
  ASSERT_EQ(c.validate(), "");
  auto chip = makeChip(c);
  float w[2] = {1.0f, 0.0f};
  ASSERT_TRUE(chip->programTile(0, 0, 0, 0, {w, 2, 1, 1, 1}).ok());
  float y = 1;
  float x1[2] = {5.0f, 0.0f}; // inf * 1 + 0 * 0: inf, saturates
  ASSERT_TRUE(chip->mvm(0, {x1, 1, 2, 2, 1}, {&y, 1, 1, 1, 1}).ok());
  EXPECT_EQ(y, 0.5f * std::numeric_limits<float>::min());
  float x2[2] = {5.0f, 5.0f}; // inf * 1 + inf * 0: NaN, level 0
  ASSERT_TRUE(chip->mvm(0, {x2, 1, 2, 2, 1}, {&y, 1, 1, 1, 1}).ok());
  EXPECT_EQ(y, 0.0f);
}

// Ranges that are positive as doubles but 0 or denormal as float32 are
// refused: by the chip's parameter table and by per-tile settings.
TEST(Converters, RangesBelowTheSmallestNormalFloatAreRefused) {
  ExecutorConfig c = ExecutorConfig::ideal();
  c.chip.inputRange = 1e-320;
  EXPECT_NE(c.validate().find("input_range must be 0 or at least"),
            std::string::npos)
      << c.validate();
  c.chip.inputRange = 1.0;
  c.chip.outputRange = 1e-39; // a float32 denormal
  EXPECT_NE(c.validate().find("output_range must be 0 or at least"),
            std::string::npos)
      << c.validate();
  c.chip.outputRange = 0; // 0 still means "from the column norms"
  EXPECT_EQ(c.validate(), "");
  TileSettings t;
  t.inputRange = 2e-323;
  EXPECT_NE(t.validate().find("input range must be in [1.17549e-38, 1e12]"),
            std::string::npos)
      << t.validate();
  t.inputRange = std::numeric_limits<float>::min();
  EXPECT_EQ(t.validate(), "");
  t.inputRange = 1e13;
  EXPECT_NE(t.validate(), "");
  t.inputRange = 1e12;
  EXPECT_EQ(t.validate(), "");
  // Noise factors up to the chip's own bound (1e3); beyond, sampled
  // conductances can overflow float32.
  t.noiseScale = 1e186;
  EXPECT_NE(t.validate().find("noise scale must be in [0, 1000]"),
            std::string::npos)
      << t.validate();
  t.noiseScale = 1e3;
  EXPECT_EQ(t.validate(), "");
}

// Zero weights under a tiny (valid) noise factor: every effective weight is
// programming noise of about 1e-38, a float32 denormal. The integer crossbar
// divided by a step of 0 and converted inf to an integer (found by
// aimc-capi-fuzzer, test/Fuzz/Inputs/capi/denormal-noise-column); the
// column is now represented with the smallest normal step, and the outputs
// stay as tiny as the weights. (The undefined conversion itself is caught
// under UBSan, scripts/run-sanitizers.sh; here the outputs must stay tiny.)
TEST(Converters, IntegerCrossbarRepresentsDenormalWeightColumns) {
  ExecutorConfig c = ExecutorConfig::hermes();
  c.chip.drift = false;
  c.readNoiseMode = ReadNoiseMode::ColumnMean;
  auto chip = makeChip(c);
  TileSettings tiny;
  tiny.noiseScale = 1e-37;
  ASSERT_TRUE(chip->configureTile(0, tiny).ok());
  std::vector<float> w(16 * 9, 0.0f);
  ASSERT_TRUE(chip->programTile(0, 0, 0, 0, view(w, 16, 9)).ok());
  const Tile &tile = *chip->getTile(0);
  ASSERT_TRUE(tile.usesIntegerCrossbar());
  float maxAbs = 0;
  for (float v : tile.effectiveWeights())
    maxAbs = std::max(maxAbs, std::fabs(v));
  EXPECT_GT(maxAbs, 0.0f);
  EXPECT_LT(maxAbs, std::numeric_limits<float>::min());
  std::vector<float> x = uniform(4, 16, 3), y(4 * 9, 1.0f);
  ASSERT_TRUE(chip->mvm(0, view(x, 4, 16), view(y, 4, 9)).ok());
  for (float v : y)
    EXPECT_LT(std::fabs(v), 1e-30f);
}

TEST(Converters, CalibratedInputRangeIsTheMaxAbsOrPercentile) {
  ExecutorConfig c = ExecutorConfig::hermes();
  c.chip.inputRangeMode = Calibration::MaxAbs;
  auto chip = makeChip(c);
  std::vector<float> w = gaussian(16, 8, 1);
  ASSERT_TRUE(chip->programTile(0, 0, 0, 0, view(w, 16, 8)).ok());
  std::vector<float> x = gaussian(100, 16, 2);
  x[37] = 9.0f;
  ASSERT_TRUE(chip->calibrateTile(0, view(x, 100, 16)).ok());
  EXPECT_FLOAT_EQ(chip->getTile(0)->getInputRange(), 9.0f);

  c.chip.inputRangeMode = Calibration::Percentile;
  c.chip.inputPercentile = 99.0;
  auto chip2 = makeChip(c);
  ASSERT_TRUE(chip2->programTile(0, 0, 0, 0, view(w, 16, 8)).ok());
  ASSERT_TRUE(chip2->calibrateTile(0, view(x, 100, 16)).ok());
  EXPECT_LT(chip2->getTile(0)->getInputRange(), 9.0f);
  // Independently of absPercentile: the nearest-rank 99th percentile of the
  // 1600 magnitudes is the 1584th smallest (ceil(0.99 * 1600)), i.e. the
  // 17th largest, found by a full sort.
  std::vector<float> sorted(x.size());
  for (size_t i = 0; i < x.size(); ++i)
    sorted[i] = std::fabs(x[i]);
  std::sort(sorted.begin(), sorted.end());
  ASSERT_EQ(sorted.size(), 1600u);
  EXPECT_FLOAT_EQ(chip2->getTile(0)->getInputRange(), sorted[1583]);
  EXPECT_LT(sorted[1583], sorted[1599]);
  // 50th percentile: the 800th smallest.
  c.chip.inputPercentile = 50.0;
  auto chip3 = makeChip(c);
  ASSERT_TRUE(chip3->programTile(0, 0, 0, 0, view(w, 16, 8)).ok());
  ASSERT_TRUE(chip3->calibrateTile(0, view(x, 100, 16)).ok());
  EXPECT_FLOAT_EQ(chip3->getTile(0)->getInputRange(), sorted[799]);
}
