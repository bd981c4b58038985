//===- ExecuteTest.cpp - Tests of JIT execution through a run backend -----===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// A stand-in analog backend implements the aimc_rt_* C ABI with exact float
// arithmetic, which proves the plug-in path the simulated executor will
// use: runtime symbols registered with the JIT, calls from generated code
// with memref descriptors, statistics and errors flowing into the run.
//
//===----------------------------------------------------------------------===//

#include "aimc/InitAll.h"
#include "aimc/Runner/Runner.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

using namespace mlir;
using namespace aimc;

namespace {

/// The 2-D f32 memref descriptor of the runtime ABI.
struct MemRef2DF32 {
  float *allocated;
  float *aligned;
  int64_t offset;
  int64_t sizes[2];
  int64_t strides[2];
  float &at(int64_t i, int64_t j) {
    return aligned[offset + i * strides[0] + j * strides[1]];
  }
};

/// Exact float "chip": program_tile stores the weights, mvm multiplies.
class ExactBackend : public RunBackend {
public:
  std::string describe() const override { return "exact test"; }
  void addRuntimeSymbols(RuntimeSymbolMap &symbols) override {
    symbols["_mlir_ciface_aimc_rt_program_tile"] =
        reinterpret_cast<void *>(&programTile);
    symbols["_mlir_ciface_aimc_rt_mvm"] = reinterpret_cast<void *>(&mvm);
  }
  // Generated code passes the handle bound here to every runtime call.
  void bindChip(void **handle) override { *handle = this; }
  llvm::Error beforeCall() override {
    if (failBefore)
      return llvm::createStringError("chip not ready");
    return llvm::Error::success();
  }
  llvm::Error afterCall(RunReport &report) override {
    if (!error.empty())
      return llvm::createStringError(error);
    for (auto &[tile, count] : mvmCounts) {
      AnalogOpStats stats;
      stats.name = "tile" + std::to_string(tile);
      stats.tiles = 1;
      stats.mvms = count;
      report.analogOps.push_back(stats);
      report.totals.analog.mvms += count;
    }
    return llvm::Error::success();
  }

  bool failBefore = false;
  std::string error;
  std::map<int64_t, std::vector<std::vector<float>>> weights;
  std::map<int64_t, uint64_t> mvmCounts;

private:
  static void programTile(ExactBackend *current, int64_t tile, int64_t core,
                          int64_t row, int64_t col, MemRef2DF32 *w) {
    std::vector<std::vector<float>> &stored = current->weights[tile];
    stored.assign(w->sizes[0], std::vector<float>(w->sizes[1]));
    for (int64_t k = 0; k < w->sizes[0]; ++k)
      for (int64_t n = 0; n < w->sizes[1]; ++n)
        stored[k][n] = w->at(k, n);
  }
  static void mvm(ExactBackend *current, int64_t tile, MemRef2DF32 *x,
                  MemRef2DF32 *y) {
    auto found = current->weights.find(tile);
    if (found == current->weights.end()) {
      if (current->error.empty())
        current->error = "tile " + std::to_string(tile) + " not programmed";
      return;
    }
    const std::vector<std::vector<float>> &w = found->second;
    for (int64_t b = 0; b < x->sizes[0]; ++b) {
      for (int64_t n = 0; n < y->sizes[1]; ++n) {
        float sum = 0;
        for (int64_t k = 0; k < x->sizes[1]; ++k)
          sum += x->at(b, k) * w[k][n];
        y->at(b, n) = sum;
      }
      ++current->mvmCounts[tile];
    }
  }
};

constexpr llvm::StringLiteral kAnalogModule = R"mlir(
  func.func private @aimc_rt_program_tile(i64, i64, i64, i64,
      memref<?x?xf32, strided<[?, ?], offset: ?>>) attributes {llvm.emit_c_interface}
  func.func private @aimc_rt_mvm(i64, memref<?x?xf32, strided<[?, ?], offset: ?>>,
      memref<?x?xf32, strided<[?, ?], offset: ?>>) attributes {llvm.emit_c_interface}
  memref.global "private" constant @w : memref<3x2xf32> =
      dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]>

  func.func @f(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
    %tile = arith.constant 7 : i64
    %zero = arith.constant 0 : i64
    %w = memref.get_global @w : memref<3x2xf32>
    %w_dyn = memref.cast %w : memref<3x2xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
    call @aimc_rt_program_tile(%tile, %zero, %zero, %zero, %w_dyn)
        : (i64, i64, i64, i64, memref<?x?xf32, strided<[?, ?], offset: ?>>) -> ()
    %x_buf = bufferization.to_buffer %x : tensor<4x3xf32> to memref<4x3xf32>
    %y_buf = memref.alloc() : memref<4x2xf32>
    %x_dyn = memref.cast %x_buf : memref<4x3xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
    %y_dyn = memref.cast %y_buf : memref<4x2xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
    call @aimc_rt_mvm(%tile, %x_dyn, %y_dyn)
        : (i64, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>) -> ()
    %y = bufferization.to_tensor %y_buf restrict : memref<4x2xf32> to tensor<4x2xf32>
    return %y : tensor<4x2xf32>
  }
)mlir";

class ExecuteTest : public ::testing::Test {
protected:
  ExecuteTest() : context(makeRegistry()) {
    context.disableMultithreading();
    module = parseSourceString<ModuleOp>(kAnalogModule, &context);
    options.entry = "f";
  }
  static DialectRegistry makeRegistry() {
    DialectRegistry registry;
    aimc::registerAllDialects(registry);
    return registry;
  }
  llvm::Expected<std::vector<NpyArray>> run(RunBackend &backend) {
    llvm::Expected<EntrySignature> signature =
        getEntrySignature(*module, options.entry);
    if (!signature)
      return signature.takeError();
    if (failed(lowerForExecution(*module, options)))
      return llvm::createStringError("lowering failed");
    return executeEntry(*module, *signature, inputs, backend, report);
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  RunOptions options;
  RunReport report;
  std::vector<NpyArray> inputs = {NpyArray::fromValues<float>(
      {4, 3}, {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, -1, 0.5})};
};

} // namespace

TEST_F(ExecuteTest, RuntimeCallsReachTheBackend) {
  ASSERT_TRUE(module);
  ExactBackend backend;
  llvm::Expected<std::vector<NpyArray>> results = run(backend);
  ASSERT_TRUE(static_cast<bool>(results))
      << llvm::toString(results.takeError());
  ASSERT_EQ(results->size(), 1u);
  EXPECT_EQ((*results)[0].describe(), "float32[4x2]");
  // y = x . W with W = [[1, 2], [3, 4], [5, 6]].
  EXPECT_EQ((*results)[0].values<float>(),
            (std::vector<float>{1, 2, 3, 4, 5, 6, 0.5, 1}));
  ASSERT_EQ(backend.weights.count(7), 1u);
  EXPECT_EQ(backend.weights[7][2][1], 6.0f);
  ASSERT_EQ(report.analogOps.size(), 1u);
  EXPECT_EQ(report.analogOps[0].name, "tile7");
  EXPECT_EQ(report.analogOps[0].mvms, 4);
  EXPECT_EQ(report.totals.analog.mvms, 4);
  EXPECT_GT(report.compileSeconds, 0);
  EXPECT_GT(report.wallSeconds, 0);
}

TEST_F(ExecuteTest, RecordedRuntimeErrorFailsTheRun) {
  ASSERT_TRUE(module);
  ExactBackend backend;
  backend.error = "ADC saturated on every column";
  llvm::Expected<std::vector<NpyArray>> results = run(backend);
  ASSERT_FALSE(static_cast<bool>(results));
  EXPECT_EQ(llvm::toString(results.takeError()),
            "ADC saturated on every column");
}

TEST_F(ExecuteTest, BackendRefusingToStartFailsTheRun) {
  ASSERT_TRUE(module);
  ExactBackend backend;
  backend.failBefore = true;
  llvm::Expected<std::vector<NpyArray>> results = run(backend);
  ASSERT_FALSE(static_cast<bool>(results));
  EXPECT_EQ(llvm::toString(results.takeError()), "chip not ready");
}

TEST_F(ExecuteTest, DigitalOnlyBackendRejectsAnalogModules) {
  ASSERT_TRUE(module);
  std::unique_ptr<RunBackend> backend = createDigitalOnlyBackend();
  llvm::Expected<std::vector<NpyArray>> results = run(*backend);
  ASSERT_FALSE(static_cast<bool>(results));
  EXPECT_NE(llvm::toString(results.takeError())
                .find("analog runtime function "
                      "@_mlir_ciface_aimc_rt_program_tile, which the "
                      "digital-only backend does not provide"),
            std::string::npos);
}
