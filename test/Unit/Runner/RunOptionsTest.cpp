//===- RunOptionsTest.cpp - The one table of run options ------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// aimc::RunOptions, its checks and the run-time table are generated from
// aimc/Runner/RunOptions.def: defaults, range messages, the markdown page.
//
//===----------------------------------------------------------------------===//

#include "aimc/Runner/RunOptions.h"

#include "llvm/ADT/StringSet.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace aimc;

namespace {

TEST(RunOptionsTest, DefaultsAreTheTables) {
  RunOptions options;
  EXPECT_EQ(options.entry, "");
  EXPECT_EQ(options.chip, "");
  EXPECT_EQ(options.partitionPolicy, "projections");
  EXPECT_EQ(options.minSize, 0);
  EXPECT_EQ(options.numChips, 1);
  EXPECT_TRUE(options.approximateMath);
  EXPECT_EQ(options.seed, 0u);
  EXPECT_EQ(options.tInferenceSeconds, 0.0);
  EXPECT_TRUE(options.driftCompensation);
  EXPECT_EQ(options.validateSettings(), "");
  EXPECT_EQ(options.validate(), "no entry function given (--entry=NAME)");
}

TEST(RunOptionsTest, RangesComeFromTheTable) {
  RunOptions options;
  options.numChips = 0;
  EXPECT_EQ(options.validateSettings(),
            "the number of chips must be >= 1, got 0");
  options.numChips = 1025;
  EXPECT_EQ(options.validateSettings(),
            "the number of chips must be at most 1024, got 1025");
  options.numChips = 1024;
  EXPECT_EQ(options.validateSettings(), "");
  options.minSize = -1;
  EXPECT_EQ(options.validateSettings(),
            "the minimum analog matmul size must be >= 0, got -1");
  options.minSize = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(options.validateSettings(), "");
  options.partitionPolicy = "some";
  EXPECT_EQ(options.validateSettings(),
            "unknown partition policy 'some' (expected projections, "
            "attention or all)");
  options.partitionPolicy = "attention";
  for (double t : {-1.0, 1e11, std::nan(""), HUGE_VAL}) {
    options.tInferenceSeconds = t;
    EXPECT_EQ(options.validateSettings().rfind(
                  "the inference time must be a finite number of seconds "
                  ">= 0 and at most 1e10",
                  0),
              0u)
        << t;
  }
  options.tInferenceSeconds = 1e10;
  EXPECT_EQ(options.validateSettings(), "");
  options.chip = "tpu";
  EXPECT_NE(options.validateSettings().find("unknown chip 'tpu'"),
            std::string::npos);
}

TEST(RunOptionsTest, TableAndMarkdown) {
  llvm::StringSet<> flags, python;
  std::string text;
  llvm::raw_string_ostream os(text);
  printRunOptionsMarkdown(os);
  for (const RunOptionInfo &info : getRunOptionInfos()) {
    EXPECT_TRUE(flags.insert(info.flag).second) << info.flag;
    if (*info.python) {
      EXPECT_TRUE(python.insert(info.python).second) << info.python;
    }
    EXPECT_NE(text.find(std::string("| `--") + info.flag + "` |"),
              std::string::npos)
        << info.flag;
  }
  EXPECT_EQ(getRunOptionInfos().size(), 9u);
  EXPECT_TRUE(flags.contains("t-inference"));
  EXPECT_TRUE(python.contains("num_chips"));
  EXPECT_FALSE(python.contains("entry"));
  EXPECT_NE(
      text.find("| `--chips` | `num_chips` | compile | `1` | [1, 1024] |"),
      std::string::npos);
}

} // namespace
