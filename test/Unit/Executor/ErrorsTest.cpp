//===- ErrorsTest.cpp - Bad input is rejected with a clear message --------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "TestUtils.h"

#include <limits>

using namespace aimc;
using namespace aimc::exec;
using namespace aimc::exec::test;

namespace {
::testing::AssertionResult failsWith(const Status &s, const std::string &text) {
  if (s.ok())
    return ::testing::AssertionFailure() << "succeeded, expected: " << text;
  if (s.getMessage().find(text) == std::string::npos)
    return ::testing::AssertionFailure()
           << "message '" << s.getMessage() << "' lacks '" << text << "'";
  return ::testing::AssertionSuccess();
}

struct ErrorsFixture : public ::testing::Test {
  void SetUp() override {
    chip = makeChip(ExecutorConfig::hermes());
    ASSERT_TRUE(chip->programTile(0, 2, 0, 0, view(w, 64, 32)).ok());
  }
  std::unique_ptr<Executor> chip;
  std::vector<float> w = gaussian(64, 32, 1);
};
} // namespace

TEST_F(ErrorsFixture, ShapeMismatches) {
  std::vector<float> x(4 * 64), y(4 * 32);
  EXPECT_TRUE(failsWith(chip->mvm(0, view(x, 4, 63), view(y, 4, 32)),
                        "input has 63 columns but the tile has 64 rows"));
  EXPECT_TRUE(failsWith(chip->mvm(0, view(x, 4, 64), view(y, 4, 31)),
                        "output has 31 columns"));
  EXPECT_TRUE(failsWith(chip->mvm(0, view(x, 4, 64), view(y, 3, 32)),
                        "output has 3 rows but the input has 4"));
  EXPECT_TRUE(failsWith(chip->calibrateTile(0, view(x, 4, 60)),
                        "inputs have 60 columns"));
  EXPECT_TRUE(failsWith(chip->mvm(9, view(x, 4, 64), view(y, 4, 32)),
                        "tile 9 has not been programmed"));
}

TEST_F(ErrorsFixture, PlacementErrors) {
  std::vector<float> big = gaussian(257, 10, 2);
  EXPECT_TRUE(failsWith(chip->programTile(1, 0, 0, 0, view(big, 257, 10)),
                        "is larger than a 256x256 crossbar"));
  EXPECT_TRUE(failsWith(chip->programTile(1, 64, 0, 0, view(w, 64, 32)),
                        "core 64 does not exist"));
  EXPECT_TRUE(failsWith(chip->programTile(1, -1, 0, 0, view(w, 64, 32)),
                        "core -1 does not exist"));
  EXPECT_TRUE(failsWith(chip->programTile(1, 0, 200, 0, view(w, 64, 32)),
                        "does not fit inside"));
  EXPECT_TRUE(failsWith(chip->programTile(1, 2, 63, 31, view(w, 64, 32)),
                        "overlaps tile 0"));
  // Next to it is fine; so is reprogramming tile 0 in place.
  EXPECT_TRUE(chip->programTile(1, 2, 64, 0, view(w, 64, 32)).ok());
  EXPECT_TRUE(chip->programTile(0, 2, 0, 0, view(w, 64, 32)).ok());
  EXPECT_TRUE(failsWith(chip->programTile(-3, 0, 0, 0, view(w, 64, 32)),
                        "non-negative"));
}

TEST_F(ErrorsFixture, NonFiniteValues) {
  std::vector<float> bad = w;
  bad[5 * 32 + 7] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_TRUE(failsWith(chip->programTile(1, 3, 0, 0, view(bad, 64, 32)),
                        "weight (5, 7) is not finite"));
  bad[5 * 32 + 7] = std::numeric_limits<float>::infinity();
  EXPECT_TRUE(failsWith(chip->programTile(1, 3, 0, 0, view(bad, 64, 32)),
                        "weight (5, 7) is not finite"));
  std::vector<float> x(2 * 64, 0.5f), y(2 * 32);
  x[64 + 3] = -std::numeric_limits<float>::infinity();
  EXPECT_TRUE(failsWith(chip->mvm(0, view(x, 2, 64), view(y, 2, 32)),
                        "input (1, 3) is not finite"));
  EXPECT_TRUE(failsWith(chip->calibrateTile(0, view(x, 2, 64)),
                        "input (1, 3) is not finite"));
  EXPECT_TRUE(failsWith(chip->setInferenceTime(-1), "non-negative"));
  EXPECT_TRUE(failsWith(chip->countDigital(7, 1), "unknown operation kind 7"));
}

TEST_F(ErrorsFixture, FirstAndLastErrorsAreRecorded) {
  EXPECT_EQ(chip->getFirstError(), "");
  std::vector<float> x(64), y(32);
  (void)chip->mvm(5, view(x, 1, 64), view(y, 1, 32));
  (void)chip->countDigital(9, 1);
  EXPECT_NE(chip->getFirstError().find("tile 5"), std::string::npos);
  EXPECT_NE(chip->getLastError().find("kind 9"), std::string::npos);
  chip->clearErrors();
  EXPECT_EQ(chip->getFirstError(), "");
  EXPECT_EQ(chip->getLastError(), "");
}

TEST(Errors, InvalidConfigurations) {
  std::string error;
  ExecutorConfig c;
  c.chip.numCores = 0;
  EXPECT_FALSE(Executor::create(c, error));
  EXPECT_NE(error.find("cores must be in [1, 65536], got 0"),
            std::string::npos);
  c = ExecutorConfig();
  c.tInference = -5;
  EXPECT_FALSE(Executor::create(c, error));
  EXPECT_NE(error.find("inference time"), std::string::npos);
  c = ExecutorConfig();
  c.chip.devicesPerWeight = 6; // 3 per polarity: no HERMES fit
  EXPECT_FALSE(Executor::create(c, error));
  EXPECT_NE(error.find("1 or 2 devices"), std::string::npos);
  c.chip.noiseModel = NoiseModelKind::PCMLike; // any count is fine there
  EXPECT_TRUE(Executor::create(c, error)) << error;
}
