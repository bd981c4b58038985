//===- LowerProjection.cpp - Lower ka projections to linalg.matmul --------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// ka.sample_projection, ka.sample_phase -> arith.constant (sampled values);
// ka.projection -> linalg.matmul ins(%x, %omega_t) {ka.role = "projection"}
// with the constant Omega^T (d x s) as second operand, plus the bias.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "Patterns.h"

#include "aimc/Dialect/KA/IR/KAOps.h"
#include "aimc/Conversion/KAToLinalg/Passes.h"

using namespace mlir;
using namespace aimc::ka;

namespace {

/// A seeded sampling op (ka.sample_projection, ka.sample_phase) becomes the
/// constant it samples.
template <typename SampleOp>
struct LowerSampleToConstant : OpRewritePattern<SampleOp> {
  using OpRewritePattern<SampleOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(SampleOp op,
                                PatternRewriter &rewriter) const override {
    DenseElementsAttr sample = op.sample();
    if (!sample)
      return rewriter.notifyMatchFailure(op, "cannot sample the constant");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, sample);
    return success();
  }
};

struct LowerProjection : OpRewritePattern<ProjectionOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ProjectionOp op,
                                PatternRewriter &rewriter) const override {
    DenseElementsAttr omega = lowering::getConstantProjection(op.getOmega());
    if (!omega)
      return rewriter.notifyMatchFailure(op, "Omega is not a constant");
    Location loc = op.getLoc();
    Value weights = lowering::createTransposedConstant(rewriter, loc, omega);
    Value z = lowering::createMatmul(rewriter, loc, op.getX(), weights,
                                     kRoleProjection);
    if (Value bias = op.getBias())
      z = lowering::addBias(rewriter, loc, z, bias);
    rewriter.replaceOp(op, z);
    return success();
  }
};

} // namespace

void lowering::populateProjectionLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerSampleToConstant<SampleProjectionOp>,
               LowerSampleToConstant<SamplePhaseOp>, LowerProjection>(
      patterns.getContext());
}
