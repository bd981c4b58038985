//===- BufferCacheTest.cpp - Tests of the generated code's heap buffers ---===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Runner/BufferCache.h"
#include "aimc/InitAll.h"
#include "aimc/Runner/Runner.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

using namespace mlir;
using namespace aimc;

TEST(BufferCache, ReusesLargeBuffersInsideAScope) {
  BufferCache cache;
  size_t big = size_t(1) << 20;
  void *first, *second;
  {
    BufferCache::Scope scope(cache);
    first = aimc_jit_malloc(big);
    ASSERT_NE(first, nullptr);
    std::memset(first, 1, big); // the whole buffer is usable
    aimc_jit_free(first);
    EXPECT_EQ(cache.getStats().cachedBytes, big);
    // The same size (rounded to 4 KiB) gets the same buffer back.
    second = aimc_jit_malloc(big - 100);
    EXPECT_EQ(second, first);
    // Small buffers pass through to malloc.
    void *small = aimc_jit_malloc(100);
    ASSERT_NE(small, nullptr);
    aimc_jit_free(small);
  }
  BufferCacheStats stats = cache.getStats();
  EXPECT_EQ(stats.largeRequests, 2u);
  EXPECT_EQ(stats.reused, 1u);
  EXPECT_EQ(stats.cachedBytes, 0u);
  // Freed after the scope ended: it goes back to its own cache.
  aimc_jit_free(second);
  EXPECT_EQ(cache.getStats().cachedBytes, big);
  // Outside any scope nothing is cached.
  void *outside = aimc_jit_malloc(big);
  ASSERT_NE(outside, nullptr);
  aimc_jit_free(outside);
  EXPECT_EQ(cache.getStats().largeRequests, 2u);
  aimc_jit_free(nullptr);
}

TEST(BufferCache, HonoursAlignmentAndTheByteLimit) {
  BufferCache cache(/*maxCachedBytes=*/size_t(3) << 20);
  BufferCache::Scope scope(cache);
  for (size_t alignment : {8, 16, 64, 128, 4096}) {
    for (size_t size : {size_t(24), size_t(1) << 20}) {
      void *p = aimc_jit_aligned_alloc(alignment, size);
      ASSERT_NE(p, nullptr);
      EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % alignment, 0u)
          << alignment << " " << size;
      std::memset(p, 0, size);
      aimc_jit_free(p);
    }
  }
  EXPECT_EQ(aimc_jit_aligned_alloc(3, 64), nullptr);
  EXPECT_EQ(aimc_jit_malloc(SIZE_MAX - 8), nullptr);
  // Two 2 MiB buffers released: only the first fits under 3 MiB.
  void *a = aimc_jit_malloc(size_t(2) << 20);
  void *b = aimc_jit_malloc(size_t(2) << 20);
  aimc_jit_free(a);
  aimc_jit_free(b);
  EXPECT_LE(cache.getStats().cachedBytes, size_t(3) << 20);
}

namespace {
/// A digital module with a 2 MiB intermediate and a 2 MiB result.
constexpr llvm::StringLiteral kModule = R"mlir(
  func.func @f(%x: tensor<1024x512xf32>) -> tensor<1024x512xf32> {
    %e = tensor.empty() : tensor<1024x512xf32>
    %y = linalg.add ins(%x, %x : tensor<1024x512xf32>, tensor<1024x512xf32>)
                    outs(%e : tensor<1024x512xf32>) -> tensor<1024x512xf32>
    %z = linalg.mul ins(%y, %x : tensor<1024x512xf32>, tensor<1024x512xf32>)
                    outs(%e : tensor<1024x512xf32>) -> tensor<1024x512xf32>
    return %z : tensor<1024x512xf32>
  }
)mlir";
} // namespace

TEST(BufferCache, CompiledCallsReuseTheirBuffers) {
  DialectRegistry registry;
  registerAllDialects(registry);
  MLIRContext context(registry);
  context.disableMultithreading();
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(kModule, &context);
  ASSERT_TRUE(module);
  RunOptions options;
  options.entry = "f";
  llvm::Expected<EntrySignature> signature = getEntrySignature(*module, "f");
  ASSERT_TRUE(static_cast<bool>(signature));
  ASSERT_TRUE(succeeded(lowerForExecution(*module, options)));
  options.chip = "hermes";
  llvm::Expected<std::unique_ptr<RunBackend>> created =
      createRunBackend(options);
  ASSERT_TRUE(static_cast<bool>(created))
      << llvm::toString(created.takeError());
  RunBackend *backend = created->get();
  llvm::Expected<std::unique_ptr<JitModule>> jit =
      JitModule::create(*module, *backend);
  ASSERT_TRUE(static_cast<bool>(jit)) << llvm::toString(jit.takeError());
  std::vector<float> values(1024 * 512);
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = static_cast<float>(i % 97) - 48.0f;
  for (int call = 0; call < 3; ++call) {
    std::vector<NpyArray> inputs = {
        NpyArray::fromValues<float>({1024, 512}, values)};
    RunReport report;
    llvm::Expected<std::vector<NpyArray>> results =
        (*jit)->callEntry(*signature, inputs, *backend, report);
    ASSERT_TRUE(static_cast<bool>(results))
        << llvm::toString(results.takeError());
    std::vector<float> out = (*results)[0].values<float>();
    for (size_t i = 0; i < out.size(); i += 4099)
      ASSERT_EQ(out[i], 2 * values[i] * values[i]) << i;
  }
  BufferCacheStats stats = (*jit)->getBufferCacheStats();
  // Every large buffer of the second and third calls came from the cache.
  ASSERT_GT(stats.largeRequests, 0u);
  EXPECT_EQ(stats.reused, stats.largeRequests * 2 / 3);
  EXPECT_GT(stats.cachedBytes, 0u);
}
