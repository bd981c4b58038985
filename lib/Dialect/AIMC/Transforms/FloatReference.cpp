//===- FloatReference.cpp - The exact float computation of analog ops -----===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/AIMC/IR/AIMCOps.h"
#include "aimc/Dialect/AIMC/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace aimc {
#define GEN_PASS_DEF_AIMCFLOATREFERENCE
#include "aimc/Dialect/AIMC/Transforms/Passes.h.inc"
} // namespace aimc

using namespace mlir;
using namespace aimc;

namespace {
struct FloatReferencePass
    : aimc::impl::AIMCFloatReferenceBase<FloatReferencePass> {
  void runOnOperation() override;
};
} // namespace

/// An empty tensor of `type` whose dynamic batch size is that of `like`.
static Value emptyLike(OpBuilder &b, Location loc, RankedTensorType type,
                       Value like) {
  SmallVector<Value> dynamic;
  if (type.isDynamicDim(0))
    dynamic.push_back(tensor::DimOp::create(b, loc, like, 0));
  return tensor::EmptyOp::create(b, loc, type, dynamic);
}

/// x * w exactly, as linalg.matmul into a zero-filled tensor of `type`.
static Value exactProduct(OpBuilder &b, Location loc, Value x, Value w,
                          RankedTensorType type) {
  Value zero = arith::ConstantOp::create(
      b, loc, b.getFloatAttr(type.getElementType(), 0.0));
  Value init = linalg::FillOp::create(b, loc, zero, emptyLike(b, loc, type, x))
                   .getResult(0);
  return linalg::MatmulOp::create(b, loc, TypeRange{type}, ValueRange{x, w},
                                  ValueRange{init})
      .getResult(0);
}

void FloatReferencePass::runOnOperation() {
  SmallVector<Operation *> analog;
  getOperation().walk([&](Operation *op) {
    if (isa<MatmulOp, MVMOp, AccumulateOp>(op))
      analog.push_back(op);
  });
  IRRewriter rewriter(&getContext());
  for (Operation *op : analog) {
    rewriter.setInsertionPoint(op);
    Location loc = op->getLoc();
    Value replacement;
    if (auto matmul = dyn_cast<MatmulOp>(op)) {
      replacement = exactProduct(rewriter, loc, matmul.getInput(),
                                 matmul.getWeights(), matmul.getType());
    } else if (auto mvm = dyn_cast<MVMOp>(op)) {
      auto tile = mvm.getTile().getDefiningOp<TileOp>();
      if (!tile) {
        mvm.emitOpError("aimc-float-reference needs the aimc.tile that "
                        "programs this tile");
        return signalPassFailure();
      }
      replacement = exactProduct(rewriter, loc, mvm.getInput(),
                                 tile.getWeights(), mvm.getType());
    } else {
      auto acc = cast<AccumulateOp>(op);
      replacement = acc.getPartials().front();
      for (Value partial : acc.getPartials().drop_front())
        replacement =
            linalg::AddOp::create(
                rewriter, loc, TypeRange{acc.getType()},
                ValueRange{replacement, partial},
                ValueRange{emptyLike(rewriter, loc, acc.getType(), partial)})
                .getResult(0);
    }
    rewriter.replaceOp(op, replacement);
  }
  SmallVector<TileOp> tiles;
  getOperation().walk([&](TileOp tile) { tiles.push_back(tile); });
  for (TileOp tile : tiles) {
    if (!tile->use_empty()) {
      tile.emitOpError("is still used after aimc-float-reference");
      return signalPassFailure();
    }
    rewriter.eraseOp(tile);
  }
  // The result is purely digital: drop the chip description and placement
  // statistics, so that tools without the aimc dialect can read it.
  ModuleOp module = getOperation();
  for (NamedAttribute attr : llvm::to_vector(module->getDiscardableAttrs()))
    if (attr.getName().getValue().starts_with("aimc."))
      module->removeDiscardableAttr(attr.getName());
}
