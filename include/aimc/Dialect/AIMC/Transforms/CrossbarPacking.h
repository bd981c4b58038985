//===- CrossbarPacking.h - 2-D packing of blocks into crossbars -*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Packs rectangular weight blocks into as few R x C crossbars as possible
// with shelf first-fit decreasing: blocks are sorted by rows, then columns,
// descending; each block goes into the first crossbar (in creation order)
// that has a shelf with enough free columns or enough free rows for a new
// shelf. Because blocks arrive in decreasing height, every existing shelf is
// tall enough for every later block, so "fits" only depends on a shelf's
// free width and a crossbar's free height; a max segment tree over the
// crossbars finds the first fitting one in O(log n). The whole packing is
// O(n log n) plus the shelves scanned inside the chosen crossbar.
//
// No MLIR dependency: used by `aimc-place` and testable on its own.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_DIALECT_AIMC_TRANSFORMS_CROSSBARPACKING_H
#define AIMC_DIALECT_AIMC_TRANSFORMS_CROSSBARPACKING_H

#include <cstdint>
#include <vector>

namespace aimc {

/// A block of `rows` x `cols` weights (rows = inputs, cols = outputs).
struct PackBlock {
  int64_t rows = 0;
  int64_t cols = 0;
};

/// Where a block went: crossbar index and the offset of its top-left cell.
struct PackSlot {
  int64_t crossbar = -1;
  int64_t row = 0;
  int64_t col = 0;
};

struct PackResult {
  /// One slot per input block, in input order.
  std::vector<PackSlot> slots;
  /// Crossbars used (the highest crossbar index + 1).
  int64_t numCrossbars = 0;
  /// Sum of the block areas.
  int64_t usedCells = 0;
};

/// Packs `blocks` into crossbars of `rows` x `cols` cells, using as many
/// crossbars as needed. Every block must fit one crossbar. Deterministic:
/// ties are broken by input order.
PackResult packBlocks(const std::vector<PackBlock> &blocks, int64_t rows,
                      int64_t cols);

} // namespace aimc

#endif // AIMC_DIALECT_AIMC_TRANSFORMS_CROSSBARPACKING_H
