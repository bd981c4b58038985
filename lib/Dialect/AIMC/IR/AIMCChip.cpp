//===- AIMCChip.cpp - The chip a module targets ---------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/AIMC/IR/AIMCChip.h"
#include "aimc/Dialect/AIMC/IR/AIMCOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/DenseMap.h"

#include <algorithm>
#include <map>
#include <utility>

using namespace mlir;
using namespace aimc;

ChipAttr aimc::getChipAttr(Operation *op) {
  for (; op; op = op->getParentOp())
    if (auto chip = op->getAttrOfType<ChipAttr>(AIMCDialect::kChipAttrName))
      return chip;
  return {};
}

ChipModel aimc::getChipModel(Operation *op) {
  if (ChipAttr chip = getChipAttr(op))
    return chip.getModel();
  return ChipModel::hermes();
}

int64_t aimc::getNumChips(Operation *op) {
  for (; op; op = op->getParentOp())
    if (auto count =
            op->getAttrOfType<IntegerAttr>(AIMCDialect::kNumChipsAttrName))
      return count.getValue().getSExtValue();
  return 1;
}

namespace {
/// A placed block: rows [row, rowEnd) x cols [col, colEnd) of one crossbar.
struct PlacedBlock {
  int64_t row, rowEnd, col, colEnd;
  TileOp op;
};
} // namespace

LogicalResult aimc::verifyCrossbarOccupancy(Operation *root,
                                            const ChipModel &chip) {
  llvm::DenseMap<int64_t, TileOp> byId;
  // Blocks grouped by crossbar (chip, core): a pair, since chip * cores
  // may overflow.
  std::map<std::pair<int64_t, int64_t>, SmallVector<PlacedBlock>> byCrossbar;
  WalkResult walk = root->walk([&](TileOp tile) {
    auto [it, inserted] = byId.try_emplace(tile.getId(), tile);
    if (!inserted) {
      InFlightDiagnostic diag = tile.emitOpError("tile id ")
                                << tile.getId() << " is already used";
      diag.attachNote(it->second.getLoc()) << "first use of the id";
      return WalkResult::interrupt();
    }
    PlacementAttr place = tile.getPlacementAttr();
    auto type = tile.getTile().getType();
    // A block outside its crossbar is its own verifier's error; only blocks
    // inside one (where row + rows cannot overflow) can overlap.
    if (place && chip.fitsAt(place.getRow(), place.getCol(), type.getRows(),
                             type.getCols())) {
      byCrossbar[{place.getChip(), place.getCore()}].push_back(
          {place.getRow(), place.getRow() + type.getRows(), place.getCol(),
           place.getCol() + type.getCols(), tile});
    }
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();

  // Per crossbar, sweep the blocks by first row: a block can only overlap
  // the blocks that start above its last row.
  for (auto &entry : byCrossbar) {
    SmallVector<PlacedBlock> &blocks = entry.second;
    llvm::stable_sort(blocks, [](const PlacedBlock &a, const PlacedBlock &b) {
      return a.row < b.row;
    });
    for (size_t i = 0; i < blocks.size(); ++i) {
      for (size_t j = i + 1;
           j < blocks.size() && blocks[j].row < blocks[i].rowEnd; ++j) {
        PlacedBlock a = blocks[i], b = blocks[j];
        if (a.col < b.colEnd && b.col < a.colEnd) {
          PlacementAttr place = b.op.getPlacementAttr();
          InFlightDiagnostic diag =
              b.op.emitOpError("block of tile ")
              << b.op.getId() << " (rows [" << b.row << ", " << b.rowEnd
              << "), cols [" << b.col << ", " << b.colEnd << ")) overlaps tile "
              << a.op.getId() << " (rows [" << a.row << ", " << a.rowEnd
              << "), cols [" << a.col << ", " << a.colEnd << ")) on core "
              << place.getCore();
          if (place.getChip() != 0)
            diag << " of chip " << place.getChip();
          diag.attachNote(a.op.getLoc()) << "the other tile";
          return failure();
        }
      }
    }
  }
  return success();
}
