//===- RunSessionTest.cpp - Tests of the persistent session API -----------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Runner/RunSession.h"
#include "aimc/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <thread>

using namespace mlir;
using namespace aimc;

namespace {

/// y = cos(x W) with W (300 x 20) = 0.01 * (k - j): two row blocks on the
/// HERMES geometry (2 tiles), plus a digital-only entry.
std::string model() {
  std::string w = "dense<[";
  for (int k = 0; k < 300; ++k) {
    w += k ? ", [" : "[";
    for (int j = 0; j < 20; ++j)
      w += (j ? ", " : "") + std::to_string(0.01 * ((k % 7) - j % 5));
    w += "]";
  }
  w += "]>";
  return R"mlir(
func.func @features(%x: tensor<?x300xf32>) -> tensor<?x20xf32> {
  %w = arith.constant )mlir" +
         w + R"mlir( : tensor<300x20xf32>
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %b = tensor.dim %x, %c0 : tensor<?x300xf32>
  %e = tensor.empty(%b) : tensor<?x20xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<?x20xf32>) -> tensor<?x20xf32>
  %z = linalg.matmul ins(%x, %w : tensor<?x300xf32>, tensor<300x20xf32>) outs(%acc : tensor<?x20xf32>) -> tensor<?x20xf32>
  %phi = math.cos %z : tensor<?x20xf32>
  return %phi : tensor<?x20xf32>
}
func.func @double(%x: tensor<3xf32>) -> tensor<3xf32> {
  %y = arith.addf %x, %x : tensor<3xf32>
  return %y : tensor<3xf32>
}
)mlir";
}

/// The float reference cos(x W) of model().
std::vector<double> reference(const NpyArray &x) {
  int64_t rows = x.shape[0];
  std::vector<double> y(rows * 20, 0.0);
  const float *data = x.data<float>();
  for (int64_t b = 0; b < rows; ++b)
    for (int j = 0; j < 20; ++j) {
      double sum = 0;
      for (int k = 0; k < 300; ++k)
        sum += static_cast<double>(data[b * 300 + k]) *
               static_cast<float>(0.01 * ((k % 7) - j % 5));
      y[b * 20 + j] = std::cos(sum);
    }
  return y;
}

NpyArray input(int64_t rows, float phase) {
  NpyArray x(NpyDType::Float32, {rows, 300});
  for (int64_t i = 0; i < rows * 300; ++i)
    x.data<float>()[i] = std::sin(0.37f * i + phase);
  return x;
}

double maxError(const NpyArray &y, const std::vector<double> &ref) {
  double error = 0;
  for (size_t i = 0; i < ref.size(); ++i)
    error = std::max(error, std::fabs(y.data<float>()[i] - ref[i]));
  return error;
}

bool sameBits(const NpyArray &a, const NpyArray &b) {
  return a.shape == b.shape && a.bytes == b.bytes;
}

RunOptions options(const std::string &chip, uint64_t seed = 0) {
  RunOptions o;
  o.chip = chip;
  o.seed = seed;
  return o;
}

std::unique_ptr<RunSession> create(const RunOptions &o) {
  auto session = RunSession::createFromSource(model(), o, "model.mlir");
  EXPECT_TRUE(static_cast<bool>(session))
      << llvm::toString(session.takeError());
  return session ? std::move(*session) : nullptr;
}

TEST(RunSession, CompilesOnceAndRunsManyTimes) {
  std::unique_ptr<RunSession> session = create(options("ideal"));
  ASSERT_TRUE(session);
  EXPECT_EQ(session->getEntryNames(),
            (std::vector<std::string>{"features", "double"}));
  EXPECT_EQ(session->getNumTiles(), 2);
  EXPECT_GT(session->getCompileSeconds(), 0);

  for (int call = 0; call < 3; ++call) {
    NpyArray x = input(4 + call, call);
    std::vector<double> ref = reference(x);
    auto y = session->run("features", {x});
    ASSERT_TRUE(static_cast<bool>(y)) << llvm::toString(y.takeError());
    ASSERT_EQ(y->size(), 1u);
    EXPECT_EQ((*y)[0].shape, (std::vector<int64_t>{4 + call, 20}));
    EXPECT_LT(maxError((*y)[0], ref), 1e-4);
  }
  RunReport report = session->report();
  EXPECT_EQ(report.calls, 3);
  EXPECT_EQ(report.entry, "features");
  EXPECT_EQ(report.chip, "#aimc.chip<\"ideal\">");
  EXPECT_TRUE(report.chipModel == ChipModel::ideal());
  ASSERT_EQ(report.analogOps.size(), 1u);
  EXPECT_EQ(report.analogOps[0].name, "model.mlir:9:8"); // the matmul
  EXPECT_EQ(report.analogOps[0].tiles, 2);
  // Two tiles, 4 + 5 + 6 rows each.
  EXPECT_EQ(report.totals.analog.mvms, 30);
  EXPECT_EQ(report.inputs[0].type, "float32[6x300]");
  EXPECT_EQ(report.outputs[0].type, "float32[6x20]");
  // The partial sums (15 x 20 adds) and cos (15 x 20) were counted.
  ASSERT_TRUE(report.countsDigitalOps);
  EXPECT_EQ(report.totals.digitalOps[0], 300); // add
  EXPECT_EQ(report.totals.digitalOps[2], 300); // transcendental
  EXPECT_GT(report.totals.digitalEnergyJ, 0);
  EXPECT_GT(report.wallSeconds, 0);

  session->resetStats();
  report = session->report();
  EXPECT_EQ(report.calls, 0);
  EXPECT_EQ(report.totals.analog.mvms, 0);
  EXPECT_EQ(report.totals.digitalOps[0], 0);
  EXPECT_EQ(session->getNumTiles(), 2); // still programmed

  // A digital-only entry of the same module.
  NpyArray v = NpyArray::fromValues<float>({3}, {1, 2, 3});
  auto doubled = session->run("double", {v});
  ASSERT_TRUE(static_cast<bool>(doubled));
  EXPECT_EQ((*doubled)[0].values<float>(), (std::vector<float>{2, 4, 6}));
  EXPECT_EQ(session->report().totals.analog.mvms, 0);
}

TEST(RunSession, SameSeedSameSequenceSameBits) {
  NpyArray x1 = input(8, 0), x2 = input(8, 1);
  std::unique_ptr<RunSession> a = create(options("hermes", 5));
  std::unique_ptr<RunSession> b = create(options("hermes", 5));
  std::unique_ptr<RunSession> c = create(options("hermes", 6));
  ASSERT_TRUE(a && b && c);
  auto a1 = a->run("features", {x1});
  // Interleaving another session does not disturb either chip.
  auto b1 = b->run("features", {x1});
  auto c1 = c->run("features", {x1});
  auto a2 = a->run("features", {x1});
  auto b2 = b->run("features", {x1});
  ASSERT_TRUE(a1 && b1 && c1 && a2 && b2);
  EXPECT_TRUE(sameBits((*a1)[0], (*b1)[0]));
  EXPECT_TRUE(sameBits((*a2)[0], (*b2)[0]));
  // Another seed, other noise; the same chip reads fresh read noise.
  EXPECT_FALSE(sameBits((*a1)[0], (*c1)[0]));
  EXPECT_FALSE(sameBits((*a1)[0], (*a2)[0]));
  // And the noise is bounded: cos(z) within 0.3 of the reference.
  EXPECT_LT(maxError((*a1)[0], reference(x1)), 0.3);
  // Results depend on the sequence of calls only: a fresh session given x2
  // first differs from one given x1 before (the read-noise stream moved on,
  // and the first batch calibrated the tiles).
  std::unique_ptr<RunSession> d = create(options("hermes", 5));
  ASSERT_TRUE(d);
  auto d1 = d->run("features", {x2});
  auto a3 = a->run("features", {x2});
  ASSERT_TRUE(d1 && a3);
  EXPECT_FALSE(sameBits((*d1)[0], (*a3)[0]));
}

TEST(RunSession, TwoSessionsInTwoThreadsEqualSerialRuns) {
  // Each module reaches its own chip through its handle: sessions running
  // at the same time give the bits they give alone.
  NpyArray x = input(8, 0);
  std::vector<std::vector<NpyArray>> serial(2), parallel(2);
  for (int i = 0; i < 2; ++i) {
    std::unique_ptr<RunSession> s = create(options("hermes", 7 + i));
    ASSERT_TRUE(s);
    for (int call = 0; call < 5; ++call) {
      auto y = s->run("features", {x});
      ASSERT_TRUE(static_cast<bool>(y));
      serial[i].push_back((*y)[0]);
    }
  }
  std::unique_ptr<RunSession> sessions[2] = {create(options("hermes", 7)),
                                             create(options("hermes", 8))};
  ASSERT_TRUE(sessions[0] && sessions[1]);
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i)
    threads.emplace_back([&, i] {
      for (int call = 0; call < 5; ++call) {
        auto y = sessions[i]->run("features", {x});
        if (y)
          parallel[i].push_back((*y)[0]);
        else
          llvm::consumeError(y.takeError());
      }
    });
  for (std::thread &t : threads)
    t.join();
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(parallel[i].size(), 5u);
    for (int call = 0; call < 5; ++call)
      EXPECT_TRUE(sameBits(serial[i][call], parallel[i][call])) << i << call;
  }
  EXPECT_FALSE(sameBits(serial[0][0], serial[1][0]));
}

TEST(RunSession, CreateLeavesTheModuleUnchanged) {
  DialectRegistry registry;
  registerAllDialects(registry);
  MLIRContext context(registry);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(model(), &context);
  ASSERT_TRUE(module);
  std::string before;
  llvm::raw_string_ostream(before) << *module;
  auto session = RunSession::create(*module, options("ideal"));
  ASSERT_TRUE(static_cast<bool>(session))
      << llvm::toString(session.takeError());
  std::string after;
  llvm::raw_string_ostream(after) << *module;
  EXPECT_EQ(before, after);
  auto y = (*session)->run("features", {input(2, 0)});
  ASSERT_TRUE(static_cast<bool>(y));
}

/// A 2 x 4 projection on a chip of one 2 x 2 crossbar: two blocks.
constexpr llvm::StringLiteral kTinyChipModel = R"mlir(
module attributes {aimc.chip = #aimc.chip<"tiny", cores = 1, rows = 2, cols = 2>} {
  func.func @f(%x: tensor<1x2xf32>) -> tensor<1x4xf32> {
    %w = arith.constant dense<1.0> : tensor<2x4xf32>
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<1x4xf32>
    %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4xf32>) -> tensor<1x4xf32>
    %z = linalg.matmul ins(%x, %w : tensor<1x2xf32>, tensor<2x4xf32>) outs(%acc : tensor<1x4xf32>) -> tensor<1x4xf32>
    %y = math.exp %z : tensor<1x4xf32>
    return %y : tensor<1x4xf32>
  }
})mlir";

std::string errorOf(llvm::Expected<std::unique_ptr<RunSession>> session) {
  if (session)
    return "no error";
  return llvm::toString(session.takeError());
}

TEST(RunSession, CreationErrors) {
  EXPECT_EQ(errorOf(RunSession::createFromSource(model(), options("analog"))),
            "--chip: unknown chip 'analog'; expected a preset (hermes, pcm, "
            "ideal) or #aimc.chip<...> attribute text");
  std::string parse = errorOf(RunSession::createFromSource(
      "func.func @f(", options("ideal"), "broken.mlir"));
  EXPECT_EQ(parse.rfind("cannot parse 'broken.mlir':\nbroken.mlir:1:", 0), 0u)
      << parse;
  EXPECT_EQ(errorOf(RunSession::createFromFile("/no/such/model.mlir",
                                               options("ideal")))
                .rfind("cannot read module '/no/such/model.mlir': ", 0),
            0u);
  // Two 2x2 blocks on a chip with one crossbar: too large.
  std::string tooLarge = errorOf(
      RunSession::createFromSource(kTinyChipModel, options(""), "tiny.mlir"));
  EXPECT_NE(tooLarge.find("compiling the module failed:\ntiny.mlir:8:10: "
                          "error: 'aimc.tile' op aimc-place: the model needs "
                          "2 crossbars but 1 chip(s) 'tiny' have 1"),
            std::string::npos)
      << tooLarge;
  // It fits two chips, ideal ones of the module's geometry.
  RunOptions two = options("#aimc.chip<\"ideal\", cores = 1, rows = 2, "
                           "cols = 2>");
  two.numChips = 2;
  EXPECT_EQ(errorOf(RunSession::createFromSource(kTinyChipModel, two)),
            "no error");
  // The ideal preset has another geometry than the module's.
  EXPECT_NE(
      errorOf(RunSession::createFromSource(kTinyChipModel, options("ideal")))
          .find("with another geometry (1 cores of 2x2 vs 64 cores of "
                "256x256)"),
      std::string::npos);
}

TEST(RunSession, RunErrors) {
  std::unique_ptr<RunSession> session = create(options("hermes"));
  ASSERT_TRUE(session);
  auto unknown = session->run("nope", {});
  ASSERT_FALSE(static_cast<bool>(unknown));
  EXPECT_EQ(llvm::toString(unknown.takeError()),
            "unknown entry function @nope; the module defines @features, "
            "@double");
  auto shape = session->run("features", {input(2, 0), input(2, 0)});
  ASSERT_FALSE(static_cast<bool>(shape));
  EXPECT_EQ(llvm::toString(shape.takeError()),
            "@features takes 1 argument(s) but 2 input(s) were given");

  NpyArray bad = input(2, 0);
  bad.data<float>()[5] = NAN;
  auto nan = session->run("features", {bad});
  ASSERT_FALSE(static_cast<bool>(nan));
  EXPECT_EQ(llvm::toString(nan.takeError()),
            "the simulated hermes chip reported an error: mvm on tile 0: "
            "input (0, 5) is not finite");
  // The session stays usable.
  auto good = session->run("features", {input(2, 0)});
  EXPECT_TRUE(static_cast<bool>(good)) << llvm::toString(good.takeError());
  auto signature = session->getSignature("features");
  ASSERT_TRUE(static_cast<bool>(signature));
  EXPECT_EQ(signature->args[0].str(), "float32[?x300]");
}

TEST(RunSession, InferenceTimeMovesTheProgrammedChip) {
  NpyArray calibration = input(8, 0), x = input(8, 1);
  // Moving to t before any call equals programming at t.
  RunOptions late = options("hermes", 3);
  late.tInferenceSeconds = 86400.0 * 365;
  std::unique_ptr<RunSession> atT = create(late);
  std::unique_ptr<RunSession> moved = create(options("hermes", 3));
  ASSERT_TRUE(atT && moved);
  ASSERT_FALSE(
      static_cast<bool>(moved->setInferenceTime(late.tInferenceSeconds)));
  EXPECT_EQ(moved->getOptions().tInferenceSeconds, late.tInferenceSeconds);
  EXPECT_EQ(moved->report().tInferenceSeconds, late.tInferenceSeconds);
  auto a = atT->run("features", {calibration});
  auto b = moved->run("features", {calibration});
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(sameBits((*a)[0], (*b)[0]));

  // Calibrated at t = 0, then read a year later: the same devices, drifted
  // (other outputs), still near the reference with drift compensation.
  std::unique_ptr<RunSession> fresh = create(options("hermes", 3));
  ASSERT_TRUE(fresh);
  ASSERT_TRUE(static_cast<bool>(fresh->run("features", {calibration})));
  std::map<int64_t, uint64_t> position = fresh->getReadNoisePositions();
  EXPECT_EQ(position.size(), 2u);
  EXPECT_EQ(position.begin()->second, 8u);
  auto now = fresh->run("features", {x});
  ASSERT_FALSE(static_cast<bool>(fresh->setReadNoisePositions(position)));
  auto again = fresh->run("features", {x});
  ASSERT_TRUE(now && again);
  // Same position, same input: the same read noise.
  EXPECT_TRUE(sameBits((*now)[0], (*again)[0]));
  ASSERT_FALSE(
      static_cast<bool>(fresh->setInferenceTime(late.tInferenceSeconds)));
  ASSERT_FALSE(static_cast<bool>(fresh->setReadNoisePositions(position)));
  auto drifted = fresh->run("features", {x});
  ASSERT_TRUE(static_cast<bool>(drifted));
  EXPECT_FALSE(sameBits((*now)[0], (*drifted)[0]));
  EXPECT_LT(maxError((*drifted)[0], reference(x)), 0.3);
  // Back to t = 0: the outputs of t = 0 again.
  ASSERT_FALSE(static_cast<bool>(fresh->setInferenceTime(0.0)));
  ASSERT_FALSE(static_cast<bool>(fresh->setReadNoisePositions(position)));
  auto back = fresh->run("features", {x});
  ASSERT_TRUE(static_cast<bool>(back));
  EXPECT_TRUE(sameBits((*now)[0], (*back)[0]));

  // Errors change nothing.
  llvm::Error negative = fresh->setInferenceTime(-1.0);
  ASSERT_TRUE(static_cast<bool>(negative));
  EXPECT_EQ(llvm::toString(std::move(negative)),
            "the inference time must be a finite number of seconds >= 0 and "
            "at most 1e10 (about 317 years; the drift model ends there), got "
            "-1");
  EXPECT_EQ(fresh->getOptions().tInferenceSeconds, 0.0);
  llvm::Error unknown = fresh->setReadNoisePositions({{7, 0}});
  ASSERT_TRUE(static_cast<bool>(unknown));
  EXPECT_EQ(llvm::toString(std::move(unknown)),
            "set read-noise positions: no tile 7");
}

TEST(RunSession, ReprogramEqualsANewSession) {
  NpyArray x1 = input(8, 0), x2 = input(8, 1);
  RunOptions late = options("hermes", 9);
  late.tInferenceSeconds = 3600.0;
  std::unique_ptr<RunSession> reused = create(options("hermes", 5));
  std::unique_ptr<RunSession> fresh = create(late);
  ASSERT_TRUE(reused && fresh);
  auto before = reused->run("features", {x1});
  ASSERT_TRUE(static_cast<bool>(before));
  // A new chip with seed 9 at t = 1 hour, the compiled code kept: the bits
  // of a session created with those options, call after call.
  ASSERT_FALSE(
      static_cast<bool>(reused->reprogram(late.seed, late.tInferenceSeconds)));
  EXPECT_EQ(reused->getOptions().seed, 9u);
  EXPECT_EQ(reused->report().tInferenceSeconds, 3600.0);
  EXPECT_EQ(reused->report().calls, 0);
  EXPECT_EQ(reused->report().totals.analog.mvms, 0);
  EXPECT_EQ(reused->getNumTiles(), fresh->getNumTiles());
  for (const NpyArray &x : {x1, x2, x1}) {
    auto a = reused->run("features", {x});
    auto b = fresh->run("features", {x});
    ASSERT_TRUE(a && b);
    EXPECT_TRUE(sameBits((*a)[0], (*b)[0]));
  }
  EXPECT_EQ(reused->report().totals.analog.mvms,
            fresh->report().totals.analog.mvms);
  // Back to seed 5 at t = 0: the first outputs again.
  ASSERT_FALSE(static_cast<bool>(reused->reprogram(5, 0.0)));
  auto again = reused->run("features", {x1});
  ASSERT_TRUE(static_cast<bool>(again));
  EXPECT_TRUE(sameBits((*before)[0], (*again)[0]));
  // A bad time changes nothing.
  llvm::Error negative = reused->reprogram(7, -1.0);
  ASSERT_TRUE(static_cast<bool>(negative));
  llvm::consumeError(std::move(negative));
  EXPECT_EQ(reused->getOptions().seed, 5u);
  auto still = reused->run("features", {x1});
  ASSERT_TRUE(static_cast<bool>(still));
  EXPECT_FALSE(sameBits((*before)[0], (*still)[0])); // read noise moved on
  EXPECT_LT(maxError((*still)[0], reference(x1)), 0.3);
}

TEST(RunSession, DriftCompensationCanBeSwitchedOff) {
  NpyArray calibration = input(8, 0), x = input(8, 1);
  RunOptions off = options("hermes", 3);
  off.driftCompensation = false;
  std::unique_ptr<RunSession> with = create(options("hermes", 3));
  std::unique_ptr<RunSession> without = create(off);
  ASSERT_TRUE(with && without);
  for (RunSession *session : {with.get(), without.get()}) {
    ASSERT_TRUE(static_cast<bool>(session->run("features", {calibration})));
    ASSERT_FALSE(static_cast<bool>(session->setInferenceTime(3.15e8)));
  }
  auto a = with->run("features", {x});
  auto b = without->run("features", {x});
  ASSERT_TRUE(a && b);
  EXPECT_FALSE(sameBits((*a)[0], (*b)[0]));
}

} // namespace
