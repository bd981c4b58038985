//===- ApproximateMath.cpp - Inline polynomials for sin, cos, exp ---------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// math.sin/cos/exp on f32 become MLIR's polynomial approximations, so that
// the elementwise loops of the digital feature maps contain no libm calls
// and LLVM can vectorise them.
//
//===----------------------------------------------------------------------===//

#include "aimc/Pipelines/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <type_traits>

namespace aimc {
#define GEN_PASS_DEF_APPROXIMATEMATHPASS
#include "aimc/Pipelines/Passes.h.inc"
} // namespace aimc

using namespace mlir;

namespace {

/// sin(x) or cos(x) in f32 (scalar or vector), branch-free and without
/// table lookups, so that LLVM vectorises the loops around it:
///
///   k = roundeven(x * 2/pi),  r = x - k*C1 - k*C2 (two fmas; C1 + C2 =
///   pi/2 to 48 bits, Cody-Waite), |r| <= pi/4;
///   s = r + r^3 P(r^2) ~ sin(r),  c = 1 - r^2/2 + r^4 Q(r^2) ~ cos(r)
///   (the minimax coefficients of Cephes' sinf/cosf on [-pi/4, pi/4]);
///   quadrant q = k mod 4 (+1 for cos): q odd picks c, q >= 2 negates.
///
/// The quadrant is computed in float (exact for |k| < 2^24) so that no
/// float-to-int conversion can overflow: NaN and inf give NaN.
template <typename SinOrCos>
struct SinCosPolynomial : public OpRewritePattern<SinOrCos> {
  using OpRewritePattern<SinOrCos>::OpRewritePattern;

  LogicalResult matchAndRewrite(SinOrCos op,
                                PatternRewriter &rewriter) const override {
    Type type = op.getOperand().getType();
    if (!getElementTypeOrSelf(type).isF32())
      return rewriter.notifyMatchFailure(op, "only f32 is approximated");
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    auto constant = [&](float value) -> Value {
      TypedAttr attr = b.getF32FloatAttr(value);
      if (auto shaped = dyn_cast<ShapedType>(type))
        attr = DenseElementsAttr::get(shaped, attr);
      return arith::ConstantOp::create(b, attr);
    };
    auto mul = [&](Value x, Value y) -> Value {
      return arith::MulFOp::create(b, x, y);
    };
    auto fma = [&](Value x, Value y, Value z) -> Value {
      return math::FmaOp::create(b, x, y, z);
    };
    auto floor = [&](Value x) -> Value { return math::FloorOp::create(b, x); };
    auto equal = [&](Value x, Value y) -> Value {
      return arith::CmpFOp::create(b, arith::CmpFPredicate::OEQ, x, y);
    };

    Value x = op.getOperand();
    Value k =
        math::RoundEvenOp::create(b, mul(x, constant(0.636619772367581343f)));
    Value negK = arith::NegFOp::create(b, k);
    // C1 = float(pi/2); C2 = float(pi/2 - C1).
    Value r = fma(negK, constant(1.57079637050628662109375f), x);
    r = fma(negK, constant(-4.37113900018624283e-8f), r);
    Value z = mul(r, r);

    Value sinPoly =
        fma(z, constant(-1.9515295891e-4f), constant(8.3321608736e-3f));
    sinPoly = fma(z, sinPoly, constant(-1.6666654611e-1f));
    Value sinR = fma(mul(z, r), sinPoly, r);
    Value cosPoly = fma(z, constant(2.443315711809948e-5f),
                        constant(-1.388731625493765e-3f));
    cosPoly = fma(z, cosPoly, constant(4.166664568298827e-2f));
    Value cosR =
        fma(mul(z, z), cosPoly, fma(z, constant(-0.5f), constant(1.0f)));

    // q = k mod 4 in [0, 4); cos(x) = sin(x + pi/2) shifts the quadrant.
    Value quadrant = k;
    if constexpr (std::is_same_v<SinOrCos, math::CosOp>)
      quadrant = arith::AddFOp::create(b, k, constant(1.0f));
    Value q =
        fma(floor(mul(quadrant, constant(0.25f))), constant(-4.0f), quadrant);
    Value odd = fma(floor(mul(q, constant(0.5f))), constant(-2.0f), q);
    Value value =
        arith::SelectOp::create(b, equal(odd, constant(1.0f)), cosR, sinR);
    Value negate =
        arith::CmpFOp::create(b, arith::CmpFPredicate::OGE, q, constant(2.0f));
    Value result = arith::SelectOp::create(
        b, negate, arith::NegFOp::create(b, value), value);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// The functions the pass can approximate, by their `math` mnemonic.
constexpr llvm::StringLiteral kApproximableFunctions[] = {"sin", "cos", "exp"};

struct ApproximateMathPass
    : public aimc::impl::ApproximateMathPassBase<ApproximateMathPass> {
  using ApproximateMathPassBase::ApproximateMathPassBase;

  LogicalResult initialize(MLIRContext *context) override {
    SmallVector<StringRef, 3> selected;
    for (const std::string &name : ops) {
      if (!llvm::is_contained(kApproximableFunctions, name))
        return emitError(UnknownLoc::get(context))
               << "aimc-approximate-math: unknown function '" << name
               << "' in ops (expected sin, cos or exp)";
      selected.push_back(name);
    }
    if (ops.empty())
      selected.assign(std::begin(kApproximableFunctions),
                      std::end(kApproximableFunctions));

    RewritePatternSet patterns(context);
    if (llvm::is_contained(selected, "sin"))
      patterns.add<SinCosPolynomial<math::SinOp>>(context);
    if (llvm::is_contained(selected, "cos"))
      patterns.add<SinCosPolynomial<math::CosOp>>(context);
    // exp: MLIR's approximation (range reduction by ln 2, polynomial,
    // exponent built from bits).
    populateMathPolynomialApproximationPatterns(
        patterns, [&](StringRef opName) {
          return opName == "math.exp" && llvm::is_contained(selected, "exp");
        });
    frozenPatterns = FrozenRewritePatternSet(std::move(patterns));
    return success();
  }

  void runOnOperation() override {
    // Only these ops and what their rewrites create (the pattern set holds
    // the selected functions): no folding or region simplification of the
    // rest of the program.
    SmallVector<Operation *> targets;
    getOperation()->walk([&](Operation *op) {
      if (isa<math::SinOp, math::CosOp, math::ExpOp>(op))
        targets.push_back(op);
    });
    if (targets.empty())
      return;
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
    config.enableFolding(false);
    if (failed(applyOpPatternsGreedily(targets, frozenPatterns, config)))
      signalPassFailure();
  }

private:
  FrozenRewritePatternSet frozenPatterns;
};

} // namespace
