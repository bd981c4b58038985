//===- Place.cpp - Assign crossbar blocks to cores and offsets ------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/AIMC/IR/AIMCChip.h"
#include "aimc/Dialect/AIMC/IR/AIMCOps.h"
#include "aimc/Dialect/AIMC/Transforms/CrossbarPacking.h"
#include "aimc/Dialect/AIMC/Transforms/Passes.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <limits>

namespace aimc {
#define GEN_PASS_DEF_AIMCPLACE
#include "aimc/Dialect/AIMC/Transforms/Passes.h.inc"
} // namespace aimc

using namespace mlir;
using namespace aimc;

namespace {
struct PlacePass : aimc::impl::AIMCPlaceBase<PlacePass> {
  using Base::Base;
  void runOnOperation() override;
};
} // namespace

/// The cells of `numChips` chips, in floating point: the product may exceed
/// int64_t.
static double chipCells(const ChipModel &chip, int64_t numChips) {
  return double(chip.numCores) * double(chip.crossbarRows) *
         double(chip.crossbarCols) * double(numChips);
}

/// Prints one line per crossbar in use and the totals.
static void printReport(const ChipModel &chip, int64_t numChips,
                        ArrayRef<TileOp> tiles, const PackResult &packing) {
  SmallVector<int64_t> blocks(packing.numCrossbars, 0),
      cells(packing.numCrossbars, 0);
  for (auto [tile, slot] : llvm::zip(tiles, packing.slots)) {
    TileType type = TileOp(tile).getTile().getType();
    ++blocks[slot.crossbar];
    cells[slot.crossbar] += type.getRows() * type.getCols();
  }
  llvm::raw_ostream &os = llvm::errs();
  os << "aimc-place: " << tiles.size() << " blocks on " << packing.numCrossbars
     << " crossbar(s) of chip '" << chip.name << "' (" << chip.numCores
     << " cores of " << chip.crossbarRows << "x" << chip.crossbarCols << ", "
     << numChips << " chip(s))\n";
  os << "  chip  core  blocks  used cells  utilization\n";
  for (int64_t x = 0; x < packing.numCrossbars; ++x)
    os << llvm::format("  %4lld  %4lld  %6lld  %10lld  %10.2f%%\n",
                       (long long)(x / chip.numCores),
                       (long long)(x % chip.numCores), (long long)blocks[x],
                       (long long)cells[x],
                       100.0 * cells[x] / chip.cellsPerCrossbar());
  double allocated =
      double(packing.numCrossbars) * chip.crossbarRows * chip.crossbarCols;
  os << llvm::format("  total: %lld of %.0f cells programmed, %.2f%% of the "
                     "crossbars used, %.2f%% of the chip(s)\n",
                     (long long)packing.usedCells, allocated,
                     allocated ? 100.0 * packing.usedCells / allocated : 0.0,
                     100.0 * packing.usedCells / chipCells(chip, numChips));
}

void PlacePass::runOnOperation() {
  ModuleOp module = getOperation();
  int64_t chips = this->chips;
  if (chips < 1) {
    module.emitError("aimc-place: chips must be at least 1, got ") << chips;
    return signalPassFailure();
  }
  ChipModel chip = getChipModel(module);
  SmallVector<TileOp> tiles;
  std::vector<PackBlock> blocks;
  module.walk([&](TileOp tile) {
    tiles.push_back(tile);
    TileType type = tile.getTile().getType();
    blocks.push_back({type.getRows(), type.getCols()});
  });
  // A module whose tiles are all placed (by hand, or by an earlier run) is
  // kept as is: the dialect's verifiers check its placements.
  if (!tiles.empty() &&
      llvm::all_of(tiles, [](TileOp tile) { return tile.getPlacement(); }))
    return markAllAnalysesPreserved();
  for (auto [tile, block] : llvm::zip(tiles, blocks))
    if (!chip.fitsCrossbar(block.rows, block.cols)) {
      tile.emitOpError("weight block of ")
          << block.rows << "x" << block.cols << " does not fit a "
          << chip.crossbarRows << "x" << chip.crossbarCols
          << " crossbar; run aimc-tile first";
      return signalPassFailure();
    }

  PackResult packing = packBlocks(blocks, chip.crossbarRows, chip.crossbarCols);
  // Saturating: chips * cores may exceed int64_t (chips=2^63-1).
  int64_t available;
  if (llvm::MulOverflow(chips, chip.numCores, available))
    available = std::numeric_limits<int64_t>::max();
  if (packing.numCrossbars > available) {
    // Point at the first block that has no crossbar left.
    size_t first = 0;
    for (size_t i = 0; i < tiles.size(); ++i)
      if (packing.slots[i].crossbar >= available) {
        first = i;
        break;
      }
    int64_t chipsNeeded = llvm::divideCeil(packing.numCrossbars, chip.numCores);
    tiles[first].emitOpError("aimc-place: the model needs ")
        << packing.numCrossbars << " crossbars but " << chips << " chip(s) '"
        << chip.name << "' have " << available << " (" << chip.numCores
        << " cores each); it needs " << chipsNeeded
        << " chip(s) (aimc-place=\"chips=" << chipsNeeded << "\")";
    return signalPassFailure();
  }

  MLIRContext *context = module.getContext();
  for (auto [tile, slot] : llvm::zip(tiles, packing.slots))
    tile.setPlacementAttr(
        PlacementAttr::get(context, slot.crossbar / chip.numCores,
                           slot.crossbar % chip.numCores, slot.row, slot.col));

  Builder builder(context);
  if (!getChipAttr(module))
    module->setAttr(AIMCDialect::kChipAttrName, ChipAttr::get(context, chip));
  if (chips > 1)
    module->setAttr(AIMCDialect::kNumChipsAttrName,
                    builder.getI64IntegerAttr(chips));
  else
    module->removeAttr(AIMCDialect::kNumChipsAttrName);
  double allocated =
      double(packing.numCrossbars) * chip.crossbarRows * chip.crossbarCols;
  module->setAttr(AIMCDialect::kCrossbarsUsedAttrName,
                  builder.getI64IntegerAttr(packing.numCrossbars));
  module->setAttr(
      AIMCDialect::kUtilizationAttrName,
      builder.getF64FloatAttr(
          allocated > 0 ? double(packing.usedCells) / allocated : 0.0));
  module->setAttr(AIMCDialect::kChipUtilizationAttrName,
                  builder.getF64FloatAttr(double(packing.usedCells) /
                                          chipCells(chip, chips)));
  if (report)
    printReport(chip, chips, tiles, packing);
}
