//===- CrossbarPackingTest.cpp - Tests of the 2-D crossbar packing --------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/AIMC/Transforms/CrossbarPacking.h"
#include "aimc/Support/CounterRNG.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>

using namespace aimc;

namespace {
/// Random blocks of 1..rows x 1..cols, from a seeded generator.
std::vector<PackBlock> randomBlocks(size_t n, int64_t rows, int64_t cols,
                                    uint64_t seed) {
  CounterRNG rng(seed, 0);
  std::vector<PackBlock> blocks(n);
  for (size_t i = 0; i < n; ++i) {
    blocks[i].rows = 1 + static_cast<int64_t>(rng.uniform(2 * i) * rows);
    blocks[i].cols = 1 + static_cast<int64_t>(rng.uniform(2 * i + 1) * cols);
    blocks[i].rows = std::min(blocks[i].rows, rows);
    blocks[i].cols = std::min(blocks[i].cols, cols);
  }
  return blocks;
}

/// Checks that every block lies inside its crossbar and that no two blocks
/// of one crossbar intersect (cell by cell).
void expectValidPacking(const std::vector<PackBlock> &blocks,
                        const PackResult &result, int64_t rows, int64_t cols) {
  ASSERT_EQ(result.slots.size(), blocks.size());
  std::map<int64_t, std::vector<uint8_t>> cells;
  int64_t area = 0;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const PackSlot &slot = result.slots[i];
    ASSERT_GE(slot.crossbar, 0);
    ASSERT_LT(slot.crossbar, result.numCrossbars);
    ASSERT_GE(slot.row, 0);
    ASSERT_GE(slot.col, 0);
    ASSERT_LE(slot.row + blocks[i].rows, rows);
    ASSERT_LE(slot.col + blocks[i].cols, cols);
    std::vector<uint8_t> &used = cells[slot.crossbar];
    used.resize(rows * cols, 0);
    for (int64_t r = 0; r < blocks[i].rows; ++r)
      for (int64_t c = 0; c < blocks[i].cols; ++c) {
        uint8_t &cell = used[(slot.row + r) * cols + slot.col + c];
        ASSERT_EQ(cell, 0) << "block " << i << " overlaps another";
        cell = 1;
      }
    area += blocks[i].rows * blocks[i].cols;
  }
  EXPECT_EQ(result.usedCells, area);
  // No crossbar index is skipped.
  EXPECT_EQ(static_cast<int64_t>(cells.size()), result.numCrossbars);
}
} // namespace

TEST(CrossbarPacking, RaggedMatrixBlocks) {
  // The blocks of a 300 x 600 matrix on 256 x 256 crossbars.
  std::vector<PackBlock> blocks = {{256, 256}, {44, 256}, {256, 256},
                                   {44, 256},  {256, 88}, {44, 88}};
  PackResult result = packBlocks(blocks, 256, 256);
  expectValidPacking(blocks, result, 256, 256);
  EXPECT_EQ(result.numCrossbars, 4);
  // 256x88 and 44x88 share a crossbar.
  EXPECT_EQ(result.slots[4].crossbar, result.slots[5].crossbar);
  EXPECT_EQ(result.slots[5].col, 88);
}

TEST(CrossbarPacking, SmallBlocksFillOneCrossbar) {
  std::vector<PackBlock> blocks(16, PackBlock{64, 64});
  PackResult result = packBlocks(blocks, 256, 256);
  expectValidPacking(blocks, result, 256, 256);
  EXPECT_EQ(result.numCrossbars, 1);
  EXPECT_EQ(result.usedCells, 256 * 256);
}

TEST(CrossbarPacking, EmptyInput) {
  PackResult result = packBlocks({}, 256, 256);
  EXPECT_EQ(result.numCrossbars, 0);
  EXPECT_EQ(result.usedCells, 0);
}

TEST(CrossbarPacking, RandomBlocksNeverOverlap) {
  for (uint64_t seed : {1u, 2u, 3u}) {
    std::vector<PackBlock> blocks = randomBlocks(500, 64, 48, seed);
    PackResult result = packBlocks(blocks, 64, 48);
    expectValidPacking(blocks, result, 64, 48);
    // At least the area bound, and shelf packing wastes less than 3x.
    int64_t lowerBound = (result.usedCells + 64 * 48 - 1) / (64 * 48);
    EXPECT_GE(result.numCrossbars, lowerBound);
    EXPECT_LE(result.numCrossbars, 3 * lowerBound);
  }
}

TEST(CrossbarPacking, DeterministicForEqualInput) {
  std::vector<PackBlock> blocks = randomBlocks(300, 256, 256, 7);
  PackResult a = packBlocks(blocks, 256, 256), b = packBlocks(blocks, 256, 256);
  ASSERT_EQ(a.numCrossbars, b.numCrossbars);
  for (size_t i = 0; i < blocks.size(); ++i) {
    EXPECT_EQ(a.slots[i].crossbar, b.slots[i].crossbar);
    EXPECT_EQ(a.slots[i].row, b.slots[i].row);
    EXPECT_EQ(a.slots[i].col, b.slots[i].col);
  }
}

TEST(CrossbarPacking, ManyBlocksArePackedValidly) {
  // 4096 and 100000 random blocks on HERMES-sized crossbars. The packing is
  // O(n log n); its speed is printed for information only (speed goals are
  // measured by benchmarks, never asserted on wall time). The smaller set is
  // checked cell by cell; the larger one for consistency of its counts.
  for (size_t n : {size_t(4096), size_t(100000)}) {
    std::vector<PackBlock> blocks = randomBlocks(n, 256, 256, 11);
    auto start = std::chrono::steady_clock::now();
    PackResult result = packBlocks(blocks, 256, 256);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    ASSERT_EQ(result.slots.size(), n);
    if (n <= 4096) {
      expectValidPacking(blocks, result, 256, 256);
    } else {
      int64_t area = 0;
      for (const PackBlock &b : blocks)
        area += b.rows * b.cols;
      EXPECT_EQ(result.usedCells, area);
      // Never more crossbars than blocks, never fewer than the area needs.
      EXPECT_LE(result.numCrossbars, static_cast<int64_t>(n));
      EXPECT_GE(result.numCrossbars * 256 * 256, area);
    }
    std::printf("packed %zu blocks into %lld crossbars in %.4f s\n", n,
                static_cast<long long>(result.numCrossbars), seconds);
  }
}
