//===- LowerAttention.cpp - Lower ka.linear_attention ---------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// A = D^-1 phi(Q) (phi(K)^T V), D = diag(phi(Q) (phi(K)^T 1)):
//   zq = Q Omega^T, zk = K Omega^T     (two ka.role = "projection" matmuls
//                                       sharing one Omega^T constant)
//   kv = transpose(phi(zk)) * V        (F x e)
//   ksum[f] = sum_m phi(zk)[m][f]      (F)
//   A = (phi(zq) * kv) / (phi(zq) * ksum) row by row.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "Patterns.h"

#include "aimc/Dialect/KA/IR/KAOps.h"
#include "aimc/Conversion/KAToLinalg/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;
using namespace aimc::ka;

namespace {

struct LowerLinearAttention : OpRewritePattern<LinearAttentionOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(LinearAttentionOp op,
                                PatternRewriter &rewriter) const override {
    DenseElementsAttr omega = lowering::getConstantProjection(op.getOmega());
    if (!omega)
      return rewriter.notifyMatchFailure(op, "Omega is not a constant");
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value weights = lowering::createTransposedConstant(rewriter, loc, omega);
    double epsilon = op.getEpsilon().convertToDouble();
    int64_t s = op.getOmega().getType().getDimSize(0);
    auto featureMap = [&](Value input) {
      Value z = lowering::createMatmul(rewriter, loc, input, weights,
                                       kRoleProjection);
      if (op.getFeatureMap() == AttentionFeatureMap::FavorPositive)
        return lowering::createFavorFeatures(rewriter, loc, z, input, epsilon);
      return lowering::createRectifiedFeatures(
          rewriter, loc, z, /*order=*/1, 1.0 / std::sqrt(double(s)), epsilon);
    };
    Value phiQ = featureMap(op.getQuery());
    Value phiK = featureMap(op.getKey());

    auto phiKType = cast<RankedTensorType>(phiK.getType());
    int64_t keys = phiKType.getDimSize(0), features = phiKType.getDimSize(1);
    Type f32 = rewriter.getF32Type();
    Value zero = lowering::createF32(rewriter, loc, 0.0);
    Value transposedInit =
        tensor::EmptyOp::create(rewriter, loc, {features, keys}, f32);
    Value phiKT =
        linalg::TransposeOp::create(rewriter, loc, phiK, transposedInit,
                                    ArrayRef<int64_t>{1, 0})
            .getResult()[0];
    Value kv = lowering::createMatmul(rewriter, loc, phiKT, op.getValue(), "");

    Value sumInit =
        lowering::createFilled(rewriter, loc, {features}, f32, zero);
    Value keySum =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{sumInit.getType()}, ValueRange{phiK},
            ValueRange{sumInit},
            ArrayRef<AffineMap>{lowering::identity2D(ctx),
                                lowering::columnBroadcast(ctx)},
            ArrayRef<utils::IteratorType>{utils::IteratorType::reduction,
                                          utils::IteratorType::parallel},
            [](OpBuilder &nb, Location nl, ValueRange args) {
              linalg::YieldOp::create(
                  nb, nl,
                  ValueRange{arith::AddFOp::create(nb, nl, args[1], args[0])});
            })
            .getResult(0);

    Value numerator = lowering::createMatmul(rewriter, loc, phiQ, kv, "");
    int64_t queries = op.getType().getDimSize(0);
    Value denominatorInit =
        lowering::createFilled(rewriter, loc, {queries}, f32, zero);
    Value denominator =
        linalg::MatvecOp::create(
            rewriter, loc, TypeRange{denominatorInit.getType()},
            ValueRange{phiQ, keySum}, ValueRange{denominatorInit})
            .getResult(0);
    Value attention = lowering::createElementwise(
        rewriter, loc, op.getType(), {numerator, denominator},
        {lowering::identity2D(ctx), lowering::rowBroadcast(ctx)},
        [](OpBuilder &nb, Location nl, ValueRange args) -> Value {
          return arith::DivFOp::create(nb, nl, args[0], args[1]);
        });
    rewriter.replaceOp(op, attention);
    return success();
  }
};

} // namespace

void lowering::populateAttentionLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerLinearAttention>(patterns.getContext());
}
