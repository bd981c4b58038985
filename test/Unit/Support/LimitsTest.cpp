//===- LimitsTest.cpp - Resource limits of the compiler -------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Support/Limits.h"

#include <gtest/gtest.h>

#include <string>

using namespace aimc;

TEST(Limits, ParseByteCount) {
  EXPECT_EQ(parseByteCount("4096"), 4096u);
  EXPECT_EQ(parseByteCount("8GiB"), uint64_t(8) << 30);
  EXPECT_EQ(parseByteCount("3M"), uint64_t(3) << 20);
  EXPECT_EQ(parseByteCount("1KiB"), 1024u);
  EXPECT_EQ(parseByteCount("2T"), uint64_t(2) << 40);
  EXPECT_FALSE(parseByteCount(""));
  EXPECT_FALSE(parseByteCount("0"));
  EXPECT_FALSE(parseByteCount("-1"));
  EXPECT_FALSE(parseByteCount("12 GB"));
  EXPECT_FALSE(parseByteCount("99999999999999999999999"));
  EXPECT_FALSE(parseByteCount("5000000TiB"));
}

TEST(Limits, WeightBudget) {
  EXPECT_EQ(getWeightBudgetBytes(), kDefaultWeightBudgetBytes);
  EXPECT_EQ(checkWeightBudget(kDefaultWeightBudgetBytes, "x"), "");
  std::string message = checkWeightBudget(uint64_t(8) << 30, "sampling");
  EXPECT_EQ(message, "sampling needs 8 GiB of weights, more than the weight "
                     "budget of 2 GiB (raise it with "
                     "--aimc-weight-budget=<bytes>, or "
                     "aimc.set_weight_budget() in Python)");
  setWeightBudgetBytes(uint64_t(16) << 30);
  EXPECT_EQ(checkWeightBudget(uint64_t(8) << 30, "sampling"), "");
  setWeightBudgetBytes(0);
  EXPECT_EQ(getWeightBudgetBytes(), kDefaultWeightBudgetBytes);
  EXPECT_EQ(saturatingMul(uint64_t(1) << 40, uint64_t(1) << 40), UINT64_MAX);
  EXPECT_EQ(saturatingAdd(UINT64_MAX, 1), UINT64_MAX);
  EXPECT_NE(checkWeightBudget(UINT64_MAX, "x").find("more than 16 EiB"),
            std::string::npos);
}

TEST(Limits, NestingDepth) {
  EXPECT_FALSE(checkNestingDepth("module { func.func @f() { return } }"));
  std::string deep = std::string(300, '[') + std::string(300, ']');
  std::optional<NestingError> error = checkNestingDepth("\n  " + deep);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->line, 2u);
  EXPECT_EQ(error->column, 3u + kMaxNestingDepth);
  // Closers never bank depth, strings and comments do not count.
  EXPECT_FALSE(
      checkNestingDepth(std::string(1000, ']') + std::string(200, '[')));
  EXPECT_FALSE(checkNestingDepth("\"" + std::string(1000, '{') + "\\\"\""));
  EXPECT_FALSE(checkNestingDepth("// " + std::string(1000, '(') + "\nx"));
  // "->" closes nothing.
  std::string arrows;
  for (int i = 0; i < 300; ++i)
    arrows += "<->";
  EXPECT_TRUE(checkNestingDepth(arrows));
  EXPECT_TRUE(checkNestingDepth(std::string(257, '<'), 256));
  EXPECT_FALSE(checkNestingDepth(std::string(256, '<'), 256));
}

TEST(Limits, KnownParserCrashes) {
  // MLIR 22's linalg.transpose parser segfaults on `permutation = 0`
  // (found by aimc-ir-fuzzer).
  std::optional<NestingError> error = checkBeforeParsing(
      "func.func @f() {\n  linalg.transpose ins(%x) outs(%y) permutation = 0");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->line, 2u);
  EXPECT_EQ(error->column, 37u);
  EXPECT_TRUE(checkKnownParserCrashes("dimensions =\n  }"));
  EXPECT_FALSE(checkKnownParserCrashes("permutation = [1, 0]"));
  EXPECT_FALSE(checkKnownParserCrashes("dimensions=[0]"));
  EXPECT_FALSE(checkKnownParserCrashes("permutation = [ ]"));
  EXPECT_FALSE(checkKnownParserCrashes("permutation = [-1 ,2]"));
  // A malformed list crashes the parser as well (a second fuzzer find).
  EXPECT_TRUE(checkKnownParserCrashes("permutation = [1ensor<4x2xf32>)"));
  EXPECT_TRUE(checkKnownParserCrashes("permutation = [1, ]"));
  EXPECT_FALSE(checkKnownParserCrashes("// dimensions = 3\n"));
  EXPECT_FALSE(checkKnownParserCrashes("{a = \"permutation = 0\"}"));
}
