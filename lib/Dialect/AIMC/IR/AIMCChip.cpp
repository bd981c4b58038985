//===- AIMCChip.cpp - The chip a module targets ---------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/AIMC/IR/AIMCChip.h"
#include "aimc/Support/Limits.h"
#include "aimc/Dialect/AIMC/IR/AIMCOps.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

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

llvm::Expected<ChipModel> aimc::parseChip(StringRef text, StringRef source,
                                          MLIRContext *context) {
  StringRef trimmed = text.trim();
  if (!trimmed.starts_with("#")) {
    if (std::optional<ChipModel> preset = ChipModel::preset(trimmed.str()))
      return *preset;
    return llvm::createStringError(
        source + ": unknown chip '" + trimmed + "'; expected a preset (" +
        ChipModel::presetNames() + ") or #aimc.chip<...> attribute text");
  }
  // Refuse pathological nesting before the recursive-descent parser sees it.
  if (std::optional<NestingError> deep = checkNestingDepth(text))
    return llvm::createStringError(source + ":" + Twine(deep->line) + ":" +
                                   Twine(deep->column) + ": " +
                                   deep->message);
  std::unique_ptr<MLIRContext> owned;
  if (!context) {
    owned = std::make_unique<MLIRContext>(MLIRContext::Threading::DISABLED);
    context = owned.get();
  }
  context->getOrLoadDialect<AIMCDialect>();
  // Collect the parser's diagnostics with their column in `text`.
  std::string errors;
  ScopedDiagnosticHandler handler(context, [&](Diagnostic &diag) {
    llvm::raw_string_ostream os(errors);
    if (!errors.empty())
      os << "\n";
    os << source;
    if (auto loc = dyn_cast<FileLineColLoc>(diag.getLocation()))
      os << ":" << loc.getLine() << ":" << loc.getColumn();
    os << ": " << diag.str();
    return success();
  });
  size_t numRead = 0;
  Attribute parsed = parseAttribute(text, context, Type(), &numRead);
  if (!parsed)
    return llvm::createStringError(errors.empty() ? source + ": invalid chip"
                                                  : errors);
  if (!StringRef(text).drop_front(numRead).trim().empty())
    return llvm::createStringError(
        (source + ": unexpected text after the attribute: '" +
         StringRef(text).drop_front(numRead).trim() + "'")
            .str());
  auto chip = dyn_cast<ChipAttr>(parsed);
  if (!chip)
    return llvm::createStringError(
        (source + ": expected an #aimc.chip<...> attribute").str());
  return chip.getModel();
}

std::string aimc::printChip(const ChipModel &model) {
  std::string text = "#aimc.chip<\"";
  llvm::raw_string_ostream os(text);
  llvm::printEscapedString(model.name, os);
  os << "\"" << model.printOverrides() << ">";
  return text;
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
