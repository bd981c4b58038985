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

#include "aimc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <tuple>
#include <type_traits>
#include <utility>

namespace aimc {
#define GEN_PASS_DEF_APPROXIMATEMATHPASS
#include "aimc/Transforms/Passes.h.inc"
} // namespace aimc

using namespace mlir;

namespace {

#include "TwoOverPiTable.inc"

/// Marks a math.sin/cos that the pattern itself created as the exact
/// fallback of a vector lane, so that it is not rewritten again.
constexpr llvm::StringLiteral kExactAttr = "aimc.exact";

/// sin(x) or cos(x) in f32, branch-free and vectorisable:
///
///   range reduction: x * 2/pi = k + u (mod 4), k integer, |u| <= 1/2;
///   r = u * pi/2, |r| <= pi/4;
///   s = r + r^3 P(r^2) ~ sin(r),  c = 1 - r^2/2 + r^4 Q(r^2) ~ cos(r)
///   (the minimax coefficients of Cephes' sinf/cosf on [-pi/4, pi/4]);
///   quadrant q = k mod 4 (+1 for cos): q odd picks c, q >= 2 negates.
///
/// Scalars (the bodies of the elementwise loops) reduce exactly for every
/// finite float32 (a Payne-Hanek reduction specialised to 24-bit inputs):
/// x = M * 2^E with an integer M < 2^24, and x * 2/pi = M * G[E] (mod 4)
/// with G[E] = (2^E * 2/pi) mod 4 read from a 256-entry table (indexed by
/// the biased exponent) as a 29-bit double G1, so that M * G1 is exact in
/// double precision, and the rest G2; k and u follow in double with an
/// error near 2^-55. Vectors use a float Cody-Waite reduction (C1 + C2 =
/// pi/2 to 48 bits, accurate while |x| <= 2^13) and select libm's result
/// for larger lanes. NaN and +-inf give NaN.
template <typename SinOrCos>
struct SinCosPolynomial : public OpRewritePattern<SinOrCos> {
  using OpRewritePattern<SinOrCos>::OpRewritePattern;

  LogicalResult matchAndRewrite(SinOrCos op,
                                PatternRewriter &rewriter) const override {
    Type type = op.getOperand().getType();
    if (!getElementTypeOrSelf(type).isF32())
      return rewriter.notifyMatchFailure(op, "only f32 is approximated");
    if (op->hasAttr(kExactAttr))
      return rewriter.notifyMatchFailure(op, "the exact fallback");
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
    Value k, r;
    bool scalar = !isa<ShapedType>(type);
    if (scalar) {
      std::tie(k, r) = reduceExactly(b, x);
    } else {
      k = math::RoundEvenOp::create(b, mul(x, constant(0.636619772367581343f)));
      Value negK = arith::NegFOp::create(b, k);
      // C1 = float(pi/2); C2 = float(pi/2 - C1).
      r = fma(negK, constant(1.57079637050628662109375f), x);
      r = fma(negK, constant(-4.37113900018624283e-8f), r);
    }
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
    if (scalar) {
      // x - x is NaN for NaN and +-inf (whose table entry is zero), else 0.
      result = arith::AddFOp::create(b, result, arith::SubFOp::create(b, x, x));
    } else {
      // Lanes beyond the float reduction's range take libm's value.
      Value exact = SinOrCos::create(b, x);
      exact.getDefiningOp()->setAttr(kExactAttr, b.getUnitAttr());
      Value large =
          arith::CmpFOp::create(b, arith::CmpFPredicate::OGT,
                                math::AbsFOp::create(b, x), constant(8192.0f));
      result = arith::SelectOp::create(b, large, exact, result);
    }
    rewriter.replaceOp(op, result);
    return success();
  }

private:
  /// (k mod 4, r) as f32 for a scalar f32 `x`: x = (k + u) * pi/2 (mod 2pi)
  /// and r = u * pi/2, exactly reduced for every finite x.
  static std::pair<Value, Value> reduceExactly(ImplicitLocOpBuilder &b,
                                               Value x) {
    Type i32 = b.getI32Type(), f64 = b.getF64Type();
    auto i32Constant = [&](int32_t v) -> Value {
      return arith::ConstantOp::create(b, b.getI32IntegerAttr(v));
    };
    auto f64Constant = [&](double v) -> Value {
      return arith::ConstantOp::create(b, b.getF64FloatAttr(v));
    };
    Value bits = arith::BitcastOp::create(b, i32, x);
    Value exponent = arith::AndIOp::create(
        b, arith::ShRUIOp::create(b, bits, i32Constant(23)), i32Constant(255));
    Value mantissa = arith::AndIOp::create(b, bits, i32Constant(0x7fffff));
    // The implicit leading bit, except for subnormals (exponent 0), which
    // scale like exponent 1.
    Value normal = arith::CmpIOp::create(b, arith::CmpIPredicate::ne, exponent,
                                         i32Constant(0));
    Value m = arith::SelectOp::create(
        b, normal, arith::OrIOp::create(b, mantissa, i32Constant(0x800000)),
        mantissa);
    Value negative = arith::CmpIOp::create(b, arith::CmpIPredicate::slt, bits,
                                           i32Constant(0));
    m = arith::SelectOp::create(b, negative,
                                arith::SubIOp::create(b, i32Constant(0), m), m);
    Value md = arith::SIToFPOp::create(b, f64, m);
    Value index = arith::IndexCastOp::create(
        b, b.getIndexType(),
        arith::MaxSIOp::create(b, exponent, i32Constant(1)));

    // The table once per function, at its entry (a linalg body captures
    // it): CSE then leaves a single constant.
    auto tableType = RankedTensorType::get({256, 2}, f64);
    Value table;
    {
      OpBuilder::InsertionGuard guard(b);
      Operation *scope = b.getInsertionBlock()->getParentOp();
      while (scope && !scope->hasTrait<OpTrait::IsIsolatedFromAbove>())
        scope = scope->getParentOp();
      if (scope && !isa<ModuleOp>(scope) && scope->getNumRegions() > 0 &&
          !scope->getRegion(0).empty())
        b.setInsertionPointToStart(&scope->getRegion(0).front());
      table = arith::ConstantOp::create(
          b, DenseElementsAttr::get(
                 tableType, ArrayRef<double>(&kTwoOverPiTable[0][0], 256 * 2)));
    }
    auto entry = [&](int64_t i) -> Value {
      Value column = arith::ConstantIndexOp::create(b, i);
      return tensor::ExtractOp::create(b, table, ValueRange{index, column});
    };
    Value g1 = entry(0), g2 = entry(1);
    auto fma = [&](Value x, Value y, Value z) -> Value {
      return math::FmaOp::create(b, x, y, z);
    };
    // p1 = M * G1 is exact; k = roundeven(M * (G1 + G2)) < 2^26; p1 - k is
    // exact (Sterbenz), then M * G2 is added with one rounding.
    Value p1 = arith::MulFOp::create(b, md, g1);
    Value k = math::RoundEvenOp::create(b, fma(md, g2, p1));
    Value u = arith::SubFOp::create(b, p1, k);
    u = fma(md, g2, u);
    Value r = arith::MulFOp::create(b, u, f64Constant(1.5707963267948966));
    // k mod 4, exact in double.
    Value kMod4 = fma(math::FloorOp::create(
                          b, arith::MulFOp::create(b, k, f64Constant(0.25))),
                      f64Constant(-4.0), k);
    Type f32 = b.getF32Type();
    return {arith::TruncFOp::create(b, f32, kMod4),
            arith::TruncFOp::create(b, f32, r)};
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
      if (isa<math::SinOp, math::CosOp, math::ExpOp>(op) &&
          !op->hasAttr(kExactAttr))
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
