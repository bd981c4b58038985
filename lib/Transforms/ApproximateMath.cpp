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
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/SmallVector.h"

#include <cmath>

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

/// Marks a scalar math.sin/cos whose argument is known to be below 2^26 in
/// magnitude (set by versionRangeReduction): its reduction needs no table.
constexpr llvm::StringLiteral kSmallRangeAttr = "aimc.small_range";

/// Below this magnitude (biased exponents e <= 152) the table of the exact
/// reduction is 2/pi scaled by a power of two: G[e] = (2^(e-150) 2/pi) mod 4
/// < 4 needs no "mod 4", and splitting into 29 significant bits and a
/// rounded rest commutes with the scaling, so G1[e] = G1[150] 2^(e-150) and
/// G2[e] = G2[150] 2^(e-150) exactly. With x = M 2^(e-150) (M signed), the
/// products of the reduction are then M G1[e] = x G1[150] and M G2[e] =
/// x G2[150] as real numbers, so x itself (in double) times the two
/// constants gives the same roundings, the same k and r, the same bits.
constexpr float kSmallRangeBound = 67108864.0f; // 2^26
constexpr int kSmallRangeMaxExponent = 152;
constexpr int kUnitExponent = 150; // G[150] = 2/pi

/// True if the table has the scaling property above (checked once: the
/// fast reduction is only used if it holds).
bool tableScalesBelowBound() {
  static const bool holds = [] {
    for (int e = 1; e <= kSmallRangeMaxExponent; ++e)
      for (int part = 0; part < 2; ++part)
        if (kTwoOverPiTable[e][part] !=
            std::ldexp(kTwoOverPiTable[kUnitExponent][part], e - kUnitExponent))
          return false;
    return true;
  }();
  return holds;
}

/// An f64 constant at b's location.
Value f64Constant(ImplicitLocOpBuilder &b, double value) {
  return arith::ConstantOp::create(b, b.getF64FloatAttr(value));
}

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
/// for larger lanes. NaN and +-inf give NaN; sin keeps the sign of a zero.
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
      std::tie(k, r) = reduceExactly(
          b, x, op->hasAttr(kSmallRangeAttr) && tableScalesBelowBound());
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
    // sin(-0) = -0 (IEEE 754; the reductions give +0 for both zeros).
    if constexpr (std::is_same_v<SinOrCos, math::SinOp>)
      result = arith::SelectOp::create(b, equal(x, constant(0.0f)), x, result);
    rewriter.replaceOp(op, result);
    return success();
  }

private:
  /// (k mod 4, r) as f32 for a scalar f32 `x`: x = (k + u) * pi/2 (mod 2pi)
  /// and r = u * pi/2, exactly reduced for every finite x. `smallRange`:
  /// |x| < 2^26 is known, and the table entries are constants (the same
  /// bits, see kSmallRangeBound).
  static std::pair<Value, Value> reduceExactly(ImplicitLocOpBuilder &b, Value x,
                                               bool smallRange) {
    Type i32 = b.getI32Type(), f64 = b.getF64Type();
    auto i32Constant = [&](int32_t v) -> Value {
      return arith::ConstantOp::create(b, b.getI32IntegerAttr(v));
    };
    if (smallRange)
      return reduce(b, arith::ExtFOp::create(b, f64, x),
                    f64Constant(b, kTwoOverPiTable[kUnitExponent][0]),
                    f64Constant(b, kTwoOverPiTable[kUnitExponent][1]));
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
    return reduce(b, md, entry(0), entry(1));
  }

  /// The reduction from M (or x) in double and the two table entries.
  static std::pair<Value, Value> reduce(ImplicitLocOpBuilder &b, Value md,
                                        Value g1, Value g2) {
    auto fma = [&](Value x, Value y, Value z) -> Value {
      return math::FmaOp::create(b, x, y, z);
    };
    // p1 = M * G1 is exact; k = roundeven(M * (G1 + G2)) < 2^26; p1 - k is
    // exact (Sterbenz), then M * G2 is added with one rounding.
    Value p1 = arith::MulFOp::create(b, md, g1);
    Value k = math::RoundEvenOp::create(b, fma(md, g2, p1));
    Value u = arith::SubFOp::create(b, p1, k);
    u = fma(md, g2, u);
    Value r = arith::MulFOp::create(b, u, f64Constant(b, 1.5707963267948966));
    // k mod 4, exact in double.
    Value kMod4 = fma(math::FloorOp::create(
                          b, arith::MulFOp::create(b, k, f64Constant(b, 0.25))),
                      f64Constant(b, -4.0), k);
    Type f32 = b.getF32Type();
    return {arith::TruncFOp::create(b, f32, kMod4),
            arith::TruncFOp::create(b, f32, r)};
  }
};

/// The scalar f32 sin/cos ops of `generic`'s body that the pass rewrites,
/// if the generic can be versioned: tensor semantics, and each argument
/// computed in the body from the input elements only (ops without regions
/// or memory effects), so that a second loop can recompute it.
SmallVector<Operation *>
versionableSinCos(linalg::GenericOp generic, bool sin, bool cos,
                  llvm::SetVector<Operation *> &slice) {
  SmallVector<Operation *> ops;
  if (!generic.hasPureTensorSemantics() || !tableScalesBelowBound())
    return ops;
  // The flag loop has the inputs alone: their maps must give every loop's
  // range (projected permutations covering all loops).
  llvm::SmallBitVector covered(generic.getNumLoops());
  for (OpOperand *input : generic.getDpsInputOperands()) {
    AffineMap map = generic.getMatchingIndexingMap(input);
    if (!map.isProjectedPermutation())
      return ops;
    for (AffineExpr result : map.getResults())
      covered.set(cast<AffineDimExpr>(result).getPosition());
  }
  if (!covered.all())
    return ops;
  Block *body = generic.getBody();
  unsigned numInputs = generic.getNumDpsInputs();
  for (Operation &op : body->without_terminator()) {
    if (!((sin && isa<math::SinOp>(op)) || (cos && isa<math::CosOp>(op))) ||
        !op.getOperand(0).getType().isF32() || op.hasAttr(kExactAttr))
      continue;
    // The backward slice of the argument inside the body.
    SmallVector<Value> work{op.getOperand(0)};
    while (!work.empty()) {
      Value v = work.pop_back_val();
      if (auto arg = dyn_cast<BlockArgument>(v)) {
        if (arg.getOwner() == body && arg.getArgNumber() >= numInputs)
          return {}; // reads the output
        continue;
      }
      Operation *def = v.getDefiningOp();
      if (def->getBlock() != body)
        continue; // defined above the loop
      if (def->getNumRegions() != 0 || !isMemoryEffectFree(def))
        return {};
      if (slice.insert(def))
        llvm::append_range(work, def->getOperands());
    }
    ops.push_back(&op);
  }
  return ops;
}

/// Versions a linalg.generic whose body takes sin/cos of f32 scalars:
///
///   %big = any(!(|arg| < 2^26)) over the iteration space (a reduction
///          recomputing the arguments; NaN and inf count as big)
///   scf.if %big { the generic (table reduction) }
///   else        { the generic, its sin/cos tagged aimc.small_range }
///
/// The tagged ops reduce without the table (kSmallRangeBound: the same
/// bits), so the common loop has no gathers. Returns true if versioned.
bool versionRangeReduction(linalg::GenericOp generic, bool sin, bool cos) {
  llvm::SetVector<Operation *> slice;
  SmallVector<Operation *> ops = versionableSinCos(generic, sin, cos, slice);
  if (ops.empty())
    return false;
  MLIRContext *ctx = generic.getContext();
  ImplicitLocOpBuilder b(generic.getLoc(), generic);
  Type i1 = b.getI1Type();

  // The flag: a reduction over all loops into a 0-d tensor<i1>.
  Value falseValue = arith::ConstantOp::create(b, b.getBoolAttr(false));
  Value init =
      linalg::FillOp::create(
          b, ValueRange{falseValue},
          ValueRange{tensor::EmptyOp::create(b, ArrayRef<int64_t>{}, i1)})
          .getResult(0);
  unsigned numLoops = generic.getNumLoops();
  SmallVector<AffineMap> maps;
  for (OpOperand *input : generic.getDpsInputOperands())
    maps.push_back(generic.getMatchingIndexingMap(input));
  maps.push_back(AffineMap::get(numLoops, 0, {}, ctx));
  SmallVector<utils::IteratorType> iterators(numLoops,
                                             utils::IteratorType::reduction);
  Block *body = generic.getBody();
  auto flag = linalg::GenericOp::create(
      b, TypeRange{init.getType()}, generic.getDpsInputs(), ValueRange{init},
      maps, iterators, [&](OpBuilder &nested, Location loc, ValueRange args) {
        ImplicitLocOpBuilder nb(loc, nested);
        IRMapping mapping;
        for (unsigned i = 0, e = generic.getNumDpsInputs(); i < e; ++i)
          mapping.map(body->getArgument(i), args[i]);
        // The slice in body order (operands before users).
        for (Operation &op : body->without_terminator())
          if (slice.contains(&op))
            nb.clone(op, mapping);
        Value big = args.back();
        Value bound =
            arith::ConstantOp::create(nb, nb.getF32FloatAttr(kSmallRangeBound));
        llvm::SetVector<Value> angles;
        for (Operation *op : ops)
          angles.insert(op->getOperand(0)); // cos and sin of one angle: once
        for (Value original : angles) {
          Value arg = mapping.lookupOrDefault(original);
          Value outside =
              arith::CmpFOp::create(nb, arith::CmpFPredicate::UGE,
                                    math::AbsFOp::create(nb, arg), bound);
          big = arith::OrIOp::create(nb, big, outside);
        }
        linalg::YieldOp::create(nb, big);
      });
  Value anyBig = tensor::ExtractOp::create(b, flag.getResult(0), ValueRange{});

  auto ifOp = scf::IfOp::create(b, generic->getResultTypes(), anyBig,
                                /*withElseRegion=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(ifOp.thenBlock());
    Operation *exact = b.clone(*generic);
    scf::YieldOp::create(b, exact->getResults());
    b.setInsertionPointToStart(ifOp.elseBlock());
    IRMapping mapping;
    Operation *fast = b.clone(*generic, mapping);
    for (Operation *op : ops)
      mapping.lookup(op)->setAttr(kSmallRangeAttr, b.getUnitAttr());
    scf::YieldOp::create(b, fast->getResults());
  }
  generic->replaceAllUsesWith(ifOp.getResults());
  generic->erase();
  return true;
}

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

    approximateSin = llvm::is_contained(selected, "sin");
    approximateCos = llvm::is_contained(selected, "cos");
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
    // Loops over sin/cos: a table-free version for arguments below 2^26.
    if (approximateSin || approximateCos) {
      SmallVector<linalg::GenericOp> generics;
      getOperation()->walk(
          [&](linalg::GenericOp generic) { generics.push_back(generic); });
      for (linalg::GenericOp generic : generics)
        versionRangeReduction(generic, approximateSin, approximateCos);
    }
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
  bool approximateSin = false, approximateCos = false;
};

} // namespace
