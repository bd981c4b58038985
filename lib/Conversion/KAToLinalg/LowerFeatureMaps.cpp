//===- LowerFeatureMaps.cpp - Lower ka feature maps to linalg.generic -----===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Each feature map becomes elementwise linalg.generic ops with arith/math
// bodies; maps with two halves ([cos, sin], [exp z, exp -z]) concatenate
// them with tensor.insert_slice.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "Patterns.h"

#include "aimc/Dialect/KA/IR/KAOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;
using namespace aimc::ka;

namespace {

int64_t numFeatures(Value z) {
  return cast<RankedTensorType>(z.getType()).getDimSize(1);
}

/// scale * trig(bandwidth * z) elementwise.
Value createTrigFeatures(OpBuilder &b, Location loc, Value z, double bandwidth,
                         double scale, bool sine) {
  MLIRContext *ctx = b.getContext();
  Value bandwidthValue = lowering::createF32(b, loc, bandwidth);
  Value scaleValue = lowering::createF32(b, loc, scale);
  return lowering::createElementwise(
      b, loc, cast<RankedTensorType>(z.getType()), {z},
      {lowering::identity2D(ctx)},
      [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
        Value angle = arith::MulFOp::create(nb, nl, bandwidthValue, args[0]);
        Value trig = sine ? Value(math::SinOp::create(nb, nl, angle))
                          : Value(math::CosOp::create(nb, nl, angle));
        return arith::MulFOp::create(nb, nl, scaleValue, trig);
      });
}

struct LowerRFF : OpRewritePattern<RFFOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(RFFOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    double bandwidth = std::sqrt(2.0 * op.getGamma().convertToDouble());
    double scale = 1.0 / std::sqrt(static_cast<double>(numFeatures(op.getZ())));
    Value cosines =
        createTrigFeatures(rewriter, loc, op.getZ(), bandwidth, scale, false);
    Value sines =
        createTrigFeatures(rewriter, loc, op.getZ(), bandwidth, scale, true);
    rewriter.replaceOp(op,
                       lowering::concatColumns(rewriter, loc, cosines, sines));
    return success();
  }
};

struct LowerRFFCos : OpRewritePattern<RFFCosOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(RFFCosOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value bandwidth = lowering::createF32(
        rewriter, loc, std::sqrt(2.0 * op.getGamma().convertToDouble()));
    Value scale = lowering::createF32(
        rewriter, loc,
        std::sqrt(2.0 / static_cast<double>(numFeatures(op.getZ()))));
    Value features = lowering::createElementwise(
        rewriter, loc, op.getType(), {op.getZ(), op.getPhase()},
        {lowering::identity2D(ctx), lowering::columnBroadcast(ctx)},
        [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
          Value scaled = arith::MulFOp::create(nb, nl, bandwidth, args[0]);
          Value angle = arith::AddFOp::create(nb, nl, scaled, args[1]);
          return arith::MulFOp::create(nb, nl, scale,
                                       math::CosOp::create(nb, nl, angle));
        });
    rewriter.replaceOp(op, features);
    return success();
  }
};

struct LowerArcCos : OpRewritePattern<ArcCosOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ArcCosOp op,
                                PatternRewriter &rewriter) const override {
    double scale = std::sqrt(2.0 / static_cast<double>(numFeatures(op.getZ())));
    rewriter.replaceOp(op, lowering::createRectifiedFeatures(
                               rewriter, op.getLoc(), op.getZ(), op.getOrder(),
                               scale, /*epsilon=*/0.0));
    return success();
  }
};

struct LowerFavorPlus : OpRewritePattern<FavorPlusOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(FavorPlusOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, lowering::createFavorFeatures(rewriter, op.getLoc(),
                                                         op.getZ(), op.getX(),
                                                         /*epsilon=*/0.0));
    return success();
  }
};

} // namespace

void lowering::populateFeatureMapLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerRFF, LowerRFFCos, LowerArcCos, LowerFavorPlus>(
      patterns.getContext());
}
