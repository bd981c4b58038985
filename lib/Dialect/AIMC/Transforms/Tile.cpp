//===- Tile.cpp - Cut analog weight matrices into crossbar blocks ---------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// y = x * W with W: K x N becomes, for crossbars of R x C cells,
//
//   y[:, cN] = sum_r  x[:, rK] * W[rK, cN]      (r = row block, c = col block)
//
// where rK = [r*R, min(K, (r+1)*R)) and cN = [c*C, min(N, (c+1)*C)). Each
// product is an `aimc.mvm` on a tile holding W[rK, cN]; the row sums are an
// `aimc.accumulate` (digital, after the ADC) and the column blocks are
// concatenated.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/AIMC/IR/AIMCChip.h"
#include "aimc/Dialect/AIMC/IR/AIMCOps.h"
#include "aimc/Dialect/AIMC/Transforms/DenseWeights.h"
#include "aimc/Dialect/AIMC/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace aimc {
#define GEN_PASS_DEF_AIMCTILE
#include "aimc/Dialect/AIMC/Transforms/Passes.h.inc"
} // namespace aimc

using namespace mlir;
using namespace aimc;

namespace {
struct TilePass : aimc::impl::AIMCTileBase<TilePass> {
  void runOnOperation() override;
};
} // namespace

/// Rewrites `matmul` into tiles, MVMs, accumulations and a concatenation.
/// `nextId` numbers the tiles.
static LogicalResult tileMatmul(MatmulOp matmul, const ChipModel &chip,
                                int64_t &nextId) {
  std::optional<DenseElementsAttr> weights =
      getConstantWeights(matmul.getWeights());
  if (!weights)
    return matmul.emitOpError(
        "aimc-tile needs dense floating-point constant weights");
  IRRewriter rewriter(matmul.getContext());
  rewriter.setInsertionPoint(matmul);
  Location loc = matmul.getLoc();
  auto weightType = cast<RankedTensorType>(weights->getType());
  auto inputType = matmul.getInput().getType();
  Type element = inputType.getElementType();
  int64_t k = weightType.getDimSize(0), n = weightType.getDimSize(1);
  int64_t rowBlocks = llvm::divideCeil(k, chip.crossbarRows);
  int64_t colBlocks = llvm::divideCeil(n, chip.crossbarCols);
  int64_t batch = inputType.getDimSize(0);
  MVMConfigAttr config = matmul.getConfigAttr();

  // The input columns each row block reads.
  SmallVector<Value> inputSlices;
  for (int64_t r = 0; r < rowBlocks; ++r) {
    int64_t r0 = r * chip.crossbarRows;
    int64_t rows = std::min(chip.crossbarRows, k - r0);
    if (rowBlocks == 1) {
      inputSlices.push_back(matmul.getInput());
      continue;
    }
    OpFoldResult batchSize =
        ShapedType::isDynamic(batch)
            ? OpFoldResult(
                  tensor::DimOp::create(rewriter, loc, matmul.getInput(), 0)
                      .getResult())
            : OpFoldResult(rewriter.getIndexAttr(batch));
    SmallVector<OpFoldResult> offsets = {rewriter.getIndexAttr(0),
                                         rewriter.getIndexAttr(r0)};
    SmallVector<OpFoldResult> sizes = {batchSize, rewriter.getIndexAttr(rows)};
    SmallVector<OpFoldResult> strides(2, rewriter.getIndexAttr(1));
    inputSlices.push_back(tensor::ExtractSliceOp::create(
        rewriter, loc, matmul.getInput(), offsets, sizes, strides));
  }

  SmallVector<Value> columns;
  for (int64_t c = 0; c < colBlocks; ++c) {
    int64_t c0 = c * chip.crossbarCols;
    int64_t cols = std::min(chip.crossbarCols, n - c0);
    auto partialType = RankedTensorType::get({batch, cols}, element);
    SmallVector<Value> partials;
    for (int64_t r = 0; r < rowBlocks; ++r) {
      int64_t r0 = r * chip.crossbarRows;
      int64_t rows = std::min(chip.crossbarRows, k - r0);
      DenseElementsAttr block = sliceBlock(*weights, {r0, c0}, {rows, cols});
      Value blockWeights = arith::ConstantOp::create(rewriter, loc, block);
      Value tile = TileOp::create(
          rewriter, loc, TileType::get(rewriter.getContext(), rows, cols),
          rewriter.getI64IntegerAttr(nextId++), blockWeights, PlacementAttr());
      partials.push_back(MVMOp::create(rewriter, loc, partialType, tile,
                                       inputSlices[r], config));
    }
    columns.push_back(
        partials.size() == 1
            ? partials.front()
            : AccumulateOp::create(rewriter, loc, partialType, partials)
                  .getResult());
  }
  Value result =
      columns.size() == 1
          ? columns.front()
          : tensor::ConcatOp::create(rewriter, loc, /*dim=*/1, columns)
                .getResult();
  if (result.getType() != matmul.getType())
    result = tensor::CastOp::create(rewriter, loc, matmul.getType(), result);
  Operation *weightDef = matmul.getWeights().getDefiningOp();
  rewriter.replaceOp(matmul, result);
  // Drop the whole-matrix constant once its blocks replaced it.
  if (weightDef && weightDef->use_empty() && isPure(weightDef))
    rewriter.eraseOp(weightDef);
  return success();
}

void TilePass::runOnOperation() {
  ModuleOp module = getOperation();
  // Tiling copies every weight matrix into blocks: bound what is copied.
  if (failed(checkWeightBudget(module, "aimc-tile")))
    return signalPassFailure();
  ChipModel chip = getChipModel(module);
  // Continue the numbering of tiles that already exist.
  int64_t nextId = 0;
  module.walk([&](TileOp tile) {
    nextId = std::max<int64_t>(nextId, tile.getId() + 1);
  });
  SmallVector<MatmulOp> matmuls;
  module.walk([&](MatmulOp matmul) { matmuls.push_back(matmul); });
  for (MatmulOp matmul : matmuls)
    if (failed(tileMatmul(matmul, chip, nextId)))
      return signalPassFailure();
}
