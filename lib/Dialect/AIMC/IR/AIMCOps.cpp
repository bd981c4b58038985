//===- AIMCOps.cpp - Operations of the aimc dialect -----------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/AIMC/IR/AIMCOps.h"
#include "aimc/Dialect/AIMC/IR/AIMCChip.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace aimc;

#define GET_OP_CLASSES
#include "aimc/Dialect/AIMC/IR/AIMCOps.cpp.inc"

/// Checks that `weights` comes from a constant-like op: crossbars are
/// programmed once, before any input is known.
static LogicalResult verifyConstantWeights(Operation *op, Value weights) {
  if (!matchPattern(weights, m_Constant()))
    return op->emitOpError(
        "weights must be a compile-time constant (defined by a constant-like "
        "op such as arith.constant)");
  return success();
}

/// Checks that a B x K input times a K x N matrix gives a B x N result.
static LogicalResult verifyProductShapes(Operation *op, RankedTensorType input,
                                         int64_t rows, int64_t cols,
                                         RankedTensorType result,
                                         StringRef matrixName) {
  if (input.isDynamicDim(1) || result.isDynamicDim(1))
    return op->emitOpError("input and result need a static number of columns");
  if (input.getDimSize(1) != rows)
    return op->emitOpError("input has ")
           << input.getDimSize(1) << " columns but the " << matrixName
           << " has " << rows << " rows";
  if (result.getDimSize(1) != cols)
    return op->emitOpError("result has ")
           << result.getDimSize(1) << " columns but the " << matrixName
           << " has " << cols << " columns";
  if (!ShapedType::isDynamic(input.getDimSize(0)) &&
      !ShapedType::isDynamic(result.getDimSize(0)) &&
      input.getDimSize(0) != result.getDimSize(0))
    return op->emitOpError("result batch size ")
           << result.getDimSize(0) << " differs from the input batch size "
           << input.getDimSize(0);
  if (input.getElementType() != result.getElementType())
    return op->emitOpError("input and result element types differ");
  return success();
}

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

void MatmulOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "analog");
}

MVMConfigAttr MatmulOp::getConfigOrDefault() {
  if (MVMConfigAttr config = getConfigAttr())
    return config;
  return MVMConfigAttr::getDefault(getContext());
}

LogicalResult MatmulOp::verify() {
  auto weights = cast<RankedTensorType>(getWeights().getType());
  if (!weights.hasStaticShape())
    return emitOpError("weights must have a static shape, got ") << weights;
  if (weights.getNumElements() == 0)
    return emitOpError("weights must have at least one row and one column "
                       "(a crossbar holds no empty matrix), got ")
           << weights;
  if (getInput().getType().getDimSize(0) == 0)
    return emitOpError("input has a batch of 0 rows (an empty product has "
                       "nothing to run on a crossbar)");
  if (weights.getElementType() != getInput().getType().getElementType())
    return emitOpError("input and weights element types differ");
  if (failed(verifyProductShapes(*this, getInput().getType(),
                                 weights.getDimSize(0), weights.getDimSize(1),
                                 getResult().getType(), "weight matrix")))
    return failure();
  return verifyConstantWeights(*this, getWeights());
}

//===----------------------------------------------------------------------===//
// TileOp
//===----------------------------------------------------------------------===//

void TileOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  std::string name;
  llvm::raw_string_ostream os(name);
  if (PlacementAttr place = getPlacementAttr()) {
    os << "tile";
    if (place.getChip() != 0)
      os << "_p" << place.getChip();
    os << "_c" << place.getCore() << "_r" << place.getRow() << "_c"
       << place.getCol();
  } else {
    os << "tile" << getId();
  }
  setNameFn(getTile(), name);
}

LogicalResult TileOp::verify() {
  auto weights = cast<RankedTensorType>(getWeights().getType());
  TileType tile = getTile().getType();
  if (!weights.hasStaticShape())
    return emitOpError("weights must have a static shape, got ") << weights;
  int64_t rows = weights.getDimSize(0), cols = weights.getDimSize(1);
  if (tile.getRows() != rows || tile.getCols() != cols)
    return emitOpError("tile type ") << tile << " does not match the " << rows
                                     << "x" << cols << " weight block";
  if (failed(verifyConstantWeights(*this, getWeights())))
    return failure();

  ChipModel chip = getChipModel(*this);
  if (!chip.fitsCrossbar(rows, cols))
    return emitOpError("weight block of ")
           << rows << "x" << cols << " does not fit a " << chip.crossbarRows
           << "x" << chip.crossbarCols << " crossbar of chip '" << chip.name
           << "'";
  if (PlacementAttr place = getPlacementAttr()) {
    int64_t numChips = getNumChips(*this);
    if (place.getChip() >= numChips)
      return emitOpError("placed on chip ")
             << place.getChip() << " but the module spreads over " << numChips
             << " chip(s)";
    if (!chip.hasCore(place.getCore()))
      return emitOpError("placed on core ")
             << place.getCore() << " but chip '" << chip.name << "' has "
             << chip.numCores << " cores";
    if (!chip.fitsAt(place.getRow(), place.getCol(), rows, cols))
      return emitOpError("weight block of ")
             << rows << "x" << cols << " at row " << place.getRow()
             << ", column " << place.getCol() << " exceeds the "
             << chip.crossbarRows << "x" << chip.crossbarCols << " crossbar";
  }

  // The first tile of the module checks the module-wide invariants (unique
  // ids, no overlapping blocks) once for all tiles.
  Operation *root = (*this)->getParentOfType<ModuleOp>();
  if (!root)
    return success();
  TileOp first;
  root->walk([&](TileOp tile) {
    first = tile;
    return WalkResult::interrupt();
  });
  if (first != *this)
    return success();
  return verifyCrossbarOccupancy(root, chip);
}

//===----------------------------------------------------------------------===//
// MVMOp
//===----------------------------------------------------------------------===//

void MVMOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "mvm");
}

MVMConfigAttr MVMOp::getConfigOrDefault() {
  if (MVMConfigAttr config = getConfigAttr())
    return config;
  return MVMConfigAttr::getDefault(getContext());
}

LogicalResult MVMOp::verify() {
  TileType tile = getTile().getType();
  return verifyProductShapes(*this, getInput().getType(), tile.getRows(),
                             tile.getCols(), getResult().getType(), "tile");
}

//===----------------------------------------------------------------------===//
// AccumulateOp
//===----------------------------------------------------------------------===//

void AccumulateOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), "acc");
}

OpFoldResult AccumulateOp::fold(FoldAdaptor) {
  if (getPartials().size() == 1)
    return getPartials().front();
  return {};
}

namespace {
/// accumulate(accumulate(a, b), c) -> accumulate(a, b, c) when the inner sum
/// has no other use.
struct FlattenAccumulate : OpRewritePattern<AccumulateOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AccumulateOp op,
                                PatternRewriter &rewriter) const override {
    SmallVector<Value> partials;
    bool changed = false;
    for (Value partial : op.getPartials()) {
      auto inner = partial.getDefiningOp<AccumulateOp>();
      if (inner && inner->hasOneUse()) {
        llvm::append_range(partials, inner.getPartials());
        changed = true;
      } else {
        partials.push_back(partial);
      }
    }
    if (!changed)
      return failure();
    rewriter.replaceOpWithNewOp<AccumulateOp>(op, op.getType(), partials);
    return success();
  }
};
} // namespace

void AccumulateOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                               MLIRContext *context) {
  results.add<FlattenAccumulate>(context);
}
