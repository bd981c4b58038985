//===- LowerReadout.cpp - Lower ka readouts and decisions -----------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// ka.readout -> linalg.matmul {ka.role = "readout"} plus the bias;
// ka.binary_decision -> linalg.generic (clamp, round, fptosi);
// ka.argmax -> a linalg.generic reduction carrying (max, index).
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "Patterns.h"

#include "aimc/Dialect/KA/IR/KAOps.h"
#include "aimc/Conversion/KAToLinalg/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <limits>

using namespace mlir;
using namespace aimc::ka;

namespace {

struct LowerReadout : OpRewritePattern<ReadoutOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ReadoutOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value y = lowering::createMatmul(rewriter, loc, op.getPhi(),
                                     op.getWeights(), kRoleReadout);
    if (Value bias = op.getBias())
      y = lowering::addBias(rewriter, loc, y, bias);
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct LowerBinaryDecision : OpRewritePattern<BinaryDecisionOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BinaryDecisionOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value zero = lowering::createF32(rewriter, loc, 0.0);
    Value one = lowering::createF32(rewriter, loc, 1.0);
    // (n) -> (n, 0): the single score of row n.
    AffineMap scoreMap = AffineMap::get(
        1, 0, {getAffineDimExpr(0, ctx), getAffineConstantExpr(0, ctx)}, ctx);
    Type i64 = rewriter.getI64Type();
    Value labels = lowering::createElementwise(
        rewriter, loc, op.getType(), {op.getScores()}, {scoreMap},
        [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
          // maxnumf/minnumf return the non-NaN operand: NaN clamps to 0.
          Value low = arith::MaxNumFOp::create(nb, nl, args[0], zero);
          Value clamped = arith::MinNumFOp::create(nb, nl, low, one);
          Value rounded = math::RoundOp::create(nb, nl, clamped);
          return arith::FPToSIOp::create(nb, nl, i64, rounded);
        });
    rewriter.replaceOp(op, labels);
    return success();
  }
};

struct LowerArgMax : OpRewritePattern<ArgMaxOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ArgMaxOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    int64_t rows = op.getType().getDimSize(0);
    Type i64 = rewriter.getI64Type();
    Value maxInit = lowering::createFilled(
        rewriter, loc, {rows}, rewriter.getF32Type(),
        lowering::createF32(rewriter, loc,
                            -std::numeric_limits<double>::infinity()));
    Value indexInit = lowering::createFilled(
        rewriter, loc, {rows}, i64,
        arith::ConstantOp::create(rewriter, loc,
                                  rewriter.getI64IntegerAttr(0)));
    auto argmax = linalg::GenericOp::create(
        rewriter, loc, TypeRange{maxInit.getType(), indexInit.getType()},
        ValueRange{op.getScores()}, ValueRange{maxInit, indexInit},
        ArrayRef<AffineMap>{lowering::identity2D(ctx),
                            lowering::rowBroadcast(ctx),
                            lowering::rowBroadcast(ctx)},
        ArrayRef<utils::IteratorType>{utils::IteratorType::parallel,
                                      utils::IteratorType::reduction},
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          Value score = args[0], best = args[1], bestIndex = args[2];
          Value column = arith::IndexCastOp::create(
              nb, nl, i64, linalg::IndexOp::create(nb, nl, 1));
          // Strictly greater: the first maximum wins and NaN never does.
          Value greater = arith::CmpFOp::create(
              nb, nl, arith::CmpFPredicate::OGT, score, best);
          Value newBest = arith::SelectOp::create(nb, nl, greater, score, best);
          Value newIndex =
              arith::SelectOp::create(nb, nl, greater, column, bestIndex);
          linalg::YieldOp::create(nb, nl, ValueRange{newBest, newIndex});
        });
    rewriter.replaceOp(op, argmax.getResult(1));
    return success();
  }
};

} // namespace

void lowering::populateReadoutLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerReadout, LowerBinaryDecision, LowerArgMax>(
      patterns.getContext());
}
