//===- CommandLineTest.cpp - One-line command-line errors -----------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Support/CommandLine.h"

#include "llvm/Support/CommandLine.h"

#include <gtest/gtest.h>

#include <cstdio>

using namespace aimc;

namespace {

llvm::cl::opt<int64_t> count("aimc-test-count", llvm::cl::init(3));
llvm::cl::opt<uint64_t> seed("aimc-test-seed", llvm::cl::init(0));
llvm::cl::opt<bool> flag("aimc-test-flag", llvm::cl::init(false));
llvm::cl::opt<std::string> name("aimc-test-name", llvm::cl::init(""));

/// Runs parseCommandLine on `args` (after the program name) and returns
/// whether it succeeded and what it printed on stderr.
std::pair<bool, std::string> parse(std::vector<const char *> args) {
  args.insert(args.begin(), "/some/dir/aimc-tool");
  llvm::cl::ResetAllOptionOccurrences();
  testing::internal::CaptureStderr();
  bool ok = parseCommandLine(static_cast<int>(args.size()), args.data(),
                             "test tool\n", "aimc-tool");
  return {ok, testing::internal::GetCapturedStderr()};
}

TEST(CommandLineTest, GoodFlagsParseSilently) {
  auto [ok, err] =
      parse({"--aimc-test-count=7", "--aimc-test-seed=9", "--aimc-test-flag"});
  EXPECT_TRUE(ok);
  EXPECT_EQ(err, "");
  EXPECT_EQ(count, 7);
  EXPECT_EQ(seed, 9u);
  EXPECT_TRUE(flag);
}

TEST(CommandLineTest, BadValuesAreOneErrorLine) {
  auto [ok, err] = parse({"--aimc-test-count=abc"});
  EXPECT_FALSE(ok);
  EXPECT_EQ(err, "aimc-tool: error: --aimc-test-count: 'abc' is not a "
                 "valid integer (see 'aimc-tool --help')\n");
  std::tie(ok, err) = parse({"--aimc-test-seed=-1"});
  EXPECT_FALSE(ok);
  EXPECT_EQ(err, "aimc-tool: error: --aimc-test-seed: '-1' is not a "
                 "valid non-negative integer (see 'aimc-tool --help')\n");
  std::tie(ok, err) = parse({"--aimc-test-flag=maybe"});
  EXPECT_FALSE(ok);
  EXPECT_EQ(err, "aimc-tool: error: --aimc-test-flag: 'maybe' is not a "
                 "boolean (true, false, 1 or 0) (see 'aimc-tool --help')\n");
  std::tie(ok, err) = parse({"--aimc-test-name"});
  EXPECT_FALSE(ok);
  EXPECT_EQ(err, "aimc-tool: error: --aimc-test-name: requires a value "
                 "(see 'aimc-tool --help')\n");
}

TEST(CommandLineTest, HugeBadValueIsCutNotACrash) {
  // 100 KB of value: the rewording must neither recurse per character (as
  // std::regex does, which overflowed the stack) nor echo all of it.
  std::string value(100000, 'x');
  std::string arg = "--aimc-test-count=" + value;
  auto [ok, err] = parse({arg.c_str()});
  EXPECT_FALSE(ok);
  EXPECT_EQ(err, "aimc-tool: error: --aimc-test-count: '" +
                     std::string(200, 'x') +
                     "...' (100000 characters) is not a valid integer (see "
                     "'aimc-tool --help')\n");
  EXPECT_EQ(formatCommandLineErrors("aimc-run: for the --policy option: "
                                    "Cannot find option named '" +
                                        value + "'!\n",
                                    "aimc-run"),
            "--policy: unknown value '" + std::string(200, 'x') +
                "...' (100000 characters)");
}

TEST(CommandLineTest, UnknownArgumentIsOneErrorLine) {
  auto [ok, err] = parse({"--aimc-test-cuont=1"});
  EXPECT_FALSE(ok);
  EXPECT_EQ(err.rfind("aimc-tool: error: unknown command line argument "
                      "'--aimc-test-cuont=1'",
                      0),
            0u)
      << err;
  EXPECT_NE(err.find("did you mean '--aimc-test-count=1'?"), std::string::npos)
      << err;
  EXPECT_EQ(err.find('\n'), err.size() - 1) << err;
  EXPECT_EQ(err.find("/some/dir"), std::string::npos) << err;
}

TEST(CommandLineTest, FormatsEveryLineOfTheParser) {
  EXPECT_EQ(formatCommandLineErrors(
                "aimc-run: Not enough positional command line arguments "
                "specified!\nMust specify at least 1 positional argument: "
                "See: /usr/bin/aimc-run --help\n",
                "aimc-run"),
            "not enough positional command line arguments specified; must "
            "specify at least 1 positional argument");
  EXPECT_EQ(formatCommandLineErrors("aimc-run: for the --policy option: "
                                    "Cannot find option named 'x'!\n",
                                    "aimc-run"),
            "--policy: unknown value 'x'");
  EXPECT_EQ(formatCommandLineErrors("aimc-opt: for the -o option: may only "
                                    "occur zero or one times!\n",
                                    "aimc-opt"),
            "-o: may only occur zero or one times");
  EXPECT_EQ(formatCommandLineErrors("", "aimc-run"), "invalid command line");
}

TEST(CommandLineTest, CaptureStderrCapturesAndRestores) {
  testing::internal::CaptureStderr();
  std::string captured = captureStderr([] {
    llvm::errs() << "from llvm::errs\n";
    std::fprintf(stderr, "from stdio\n");
  });
  llvm::errs() << "after\n";
  std::string outside = testing::internal::GetCapturedStderr();
  EXPECT_EQ(captured, "from llvm::errs\nfrom stdio\n");
  EXPECT_EQ(outside, "after\n");
}

} // namespace
