//===- LowerFeatureMaps.cpp - Lower ka feature maps to linalg.generic -----===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Each feature map becomes elementwise linalg.generic ops with arith/math
// bodies; maps with two halves ([cos, sin], [exp z, exp -z]) concatenate
// them with tensor.insert_slice. RFF computes both halves in one generic
// (two results): cos and sin of one angle in one loop.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "Patterns.h"

#include "aimc/Dialect/KA/IR/KAOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;
using namespace aimc::ka;

namespace {

int64_t numFeatures(Value z) {
  return cast<RankedTensorType>(z.getType()).getDimSize(1);
}

/// [scale cos(bandwidth z), scale sin(bandwidth z)]: one linalg.generic with
/// two results, so that cos and sin of the same angle sit in one loop body
/// and share their range reduction (CSE after aimc-approximate-math) and one
/// pass over z.
struct LowerRFF : OpRewritePattern<RFFOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(RFFOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    double bandwidth = std::sqrt(2.0 * op.getGamma().convertToDouble());
    double scale = 1.0 / std::sqrt(static_cast<double>(numFeatures(op.getZ())));
    Value z = op.getZ();
    auto zType = cast<RankedTensorType>(z.getType());
    Value bandwidthValue = lowering::createF32(rewriter, loc, bandwidth);
    Value scaleValue = lowering::createF32(rewriter, loc, scale);
    AffineMap id = lowering::identity2D(rewriter.getContext());
    // The generic writes straight into the two halves of the result (slices
    // of one tensor), which bufferization then computes in place.
    int64_t rows = zType.getDimSize(0), cols = zType.getDimSize(1);
    Value phi = tensor::EmptyOp::create(rewriter, loc,
                                        ArrayRef<int64_t>{rows, 2 * cols},
                                        zType.getElementType());
    SmallVector<OpFoldResult> sizes = {rewriter.getIndexAttr(rows),
                                       rewriter.getIndexAttr(cols)};
    SmallVector<OpFoldResult> strides = {rewriter.getIndexAttr(1),
                                         rewriter.getIndexAttr(1)};
    SmallVector<SmallVector<OpFoldResult>, 2> offsets = {
        {rewriter.getIndexAttr(0), rewriter.getIndexAttr(0)},
        {rewriter.getIndexAttr(0), rewriter.getIndexAttr(cols)}};
    SmallVector<Value, 2> inits;
    for (int i = 0; i < 2; ++i)
      inits.push_back(tensor::ExtractSliceOp::create(
          rewriter, loc, zType, phi, offsets[i], sizes, strides));
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{zType, zType}, ValueRange{z}, inits,
        ArrayRef<AffineMap>{id, id, id},
        SmallVector<utils::IteratorType>(2, utils::IteratorType::parallel),
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          Value angle = arith::MulFOp::create(nb, nl, bandwidthValue, args[0]);
          Value cosine = math::CosOp::create(nb, nl, angle);
          Value sine = math::SinOp::create(nb, nl, angle);
          linalg::YieldOp::create(
              nb, nl,
              ValueRange{arith::MulFOp::create(nb, nl, scaleValue, cosine),
                         arith::MulFOp::create(nb, nl, scaleValue, sine)});
        });
    for (int i = 0; i < 2; ++i)
      phi = tensor::InsertSliceOp::create(rewriter, loc, generic.getResult(i),
                                          phi, offsets[i], sizes, strides);
    rewriter.replaceOp(op, phi);
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
