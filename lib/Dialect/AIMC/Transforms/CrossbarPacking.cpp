//===- CrossbarPacking.cpp - 2-D packing of blocks into crossbars ---------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/AIMC/Transforms/CrossbarPacking.h"

#include <algorithm>
#include <cassert>
#include <numeric>

using namespace aimc;

namespace {
struct Shelf {
  int64_t row;
  int64_t usedCols;
};

struct Crossbar {
  std::vector<Shelf> shelves;
  int64_t usedRows = 0;
};

/// Max segment tree over crossbars of (largest free shelf width, free rows).
/// Leaves beyond the crossbars opened so far describe empty crossbars, so the
/// first fitting leaf is either an open crossbar or the next new one.
class FitTree {
public:
  FitTree(size_t n, int64_t rows) {
    size = 1;
    while (size < n)
      size *= 2;
    shelfFree.assign(2 * size, -1);
    freeRows.assign(2 * size, rows);
  }

  void update(size_t leaf, int64_t shelf, int64_t rowsLeft) {
    size_t i = leaf + size;
    shelfFree[i] = shelf;
    freeRows[i] = rowsLeft;
    for (i /= 2; i >= 1; i /= 2) {
      shelfFree[i] = std::max(shelfFree[2 * i], shelfFree[2 * i + 1]);
      freeRows[i] = std::max(freeRows[2 * i], freeRows[2 * i + 1]);
    }
  }

  /// The first crossbar with a shelf of >= `cols` free columns or >= `rows`
  /// free rows.
  size_t firstFit(int64_t rows, int64_t cols) const {
    size_t i = 1;
    assert(fits(i, rows, cols) && "a block must fit an empty crossbar");
    while (i < size)
      i = fits(2 * i, rows, cols) ? 2 * i : 2 * i + 1;
    return i - size;
  }

private:
  bool fits(size_t i, int64_t rows, int64_t cols) const {
    return shelfFree[i] >= cols || freeRows[i] >= rows;
  }
  size_t size;
  std::vector<int64_t> shelfFree, freeRows;
};
} // namespace

PackResult aimc::packBlocks(const std::vector<PackBlock> &blocks, int64_t rows,
                            int64_t cols) {
  PackResult result;
  result.slots.resize(blocks.size());
  std::vector<size_t> order(blocks.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (blocks[a].rows != blocks[b].rows)
      return blocks[a].rows > blocks[b].rows;
    return blocks[a].cols > blocks[b].cols;
  });

  // At most one crossbar per block.
  FitTree tree(std::max<size_t>(blocks.size(), 1), rows);
  std::vector<Crossbar> crossbars;
  for (size_t index : order) {
    const PackBlock &block = blocks[index];
    assert(block.rows > 0 && block.cols > 0 && block.rows <= rows &&
           block.cols <= cols && "block must fit a crossbar");
    size_t x = tree.firstFit(block.rows, block.cols);
    if (x >= crossbars.size())
      crossbars.resize(x + 1);
    Crossbar &xbar = crossbars[x];
    PackSlot &slot = result.slots[index];
    slot.crossbar = static_cast<int64_t>(x);
    Shelf *shelf = nullptr;
    for (Shelf &candidate : xbar.shelves)
      if (cols - candidate.usedCols >= block.cols) {
        shelf = &candidate;
        break;
      }
    if (!shelf) {
      // Blocks arrive in decreasing height: the new shelf's height is this
      // block's, enough for every later block.
      xbar.shelves.push_back({xbar.usedRows, 0});
      xbar.usedRows += block.rows;
      shelf = &xbar.shelves.back();
    }
    slot.row = shelf->row;
    slot.col = shelf->usedCols;
    shelf->usedCols += block.cols;
    result.usedCells += block.rows * block.cols;

    int64_t widest = -1;
    for (const Shelf &s : xbar.shelves)
      widest = std::max(widest, cols - s.usedCols);
    tree.update(x, widest, rows - xbar.usedRows);
  }
  result.numCrossbars = static_cast<int64_t>(crossbars.size());
  return result;
}
