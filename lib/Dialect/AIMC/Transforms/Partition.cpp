//===- Partition.cpp - Select the matrix products that run in analog ------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// A linalg contraction C[batch?, m?, n?] += A[..] * B[..] whose input A or B
// is a compile-time constant becomes `aimc.matmul` on the K x N layout:
//
//   W[batch?, k, o] = the constant operand, transposed at compile time,
//   X[batch?, b, k] = the other operand (transposed / given a unit row as
//                     needed),
//   Y[batch?, b, o] = X * W per batch index, then rearranged into C's layout.
//
// o is the constant's free dimension (n for a right weight, m for a left
// one), b the other operand's. A non-zero accumulator is added back with
// `linalg.add`.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/AIMC/IR/AIMCOps.h"
#include "aimc/Dialect/AIMC/Transforms/DenseWeights.h"
#include "aimc/Dialect/AIMC/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

namespace aimc {
#define GEN_PASS_DEF_AIMCPARTITION
#include "aimc/Dialect/AIMC/Transforms/Passes.h.inc"
} // namespace aimc

using namespace mlir;
using namespace aimc;

namespace {
struct PartitionPass : aimc::impl::AIMCPartitionBase<PartitionPass> {
  using Base::Base;
  void runOnOperation() override;
};

/// A contraction with a constant operand, in loop dimensions.
struct AnalogContraction {
  linalg::LinalgOp op;
  /// Index of the constant input (0 = lhs, 1 = rhs).
  unsigned weightIndex;
  std::optional<unsigned> batch;
  /// The other operand's free dimension (the MVM batch rows), if any.
  std::optional<unsigned> rowDim;
  unsigned k;
  /// The constant's free dimension (the MVM outputs).
  unsigned outDim;
  /// The constant in [batch?, K, N] layout.
  DenseElementsAttr weights;
};
} // namespace

/// The loop dimensions `map` reads, in result order.
static SmallVector<unsigned> dimsOf(AffineMap map) {
  SmallVector<unsigned> dims;
  for (AffineExpr expr : map.getResults())
    dims.push_back(cast<AffineDimExpr>(expr).getPosition());
  return dims;
}

/// perm[i] = position of to[i] in from.
static SmallVector<int64_t> permutationBetween(ArrayRef<unsigned> from,
                                               ArrayRef<unsigned> to) {
  SmallVector<int64_t> perm;
  for (unsigned d : to)
    perm.push_back(llvm::find(from, d) - from.begin());
  return perm;
}

static bool isIdentity(ArrayRef<int64_t> perm) {
  for (auto [i, p] : llvm::enumerate(perm))
    if (static_cast<int64_t>(i) != p)
      return false;
  return true;
}

static std::optional<AnalogContraction> analyze(linalg::LinalgOp op) {
  if (!op.hasPureTensorSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || !linalg::isaContractionOpInterface(op))
    return std::nullopt;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  for (AffineMap map : maps)
    if (!map.isProjectedPermutation(/*allowZeroInResults=*/false))
      return std::nullopt;
  Type element = getElementTypeOrSelf(op.getDpsInits()[0].getType());
  for (Value input : op.getDpsInputs())
    if (getElementTypeOrSelf(input.getType()) != element)
      return std::nullopt;
  if (!isa<FloatType>(element))
    return std::nullopt;
  // An empty product (a zero-size batch, row, K or output dimension) has
  // nothing to compute on a crossbar: it stays digital.
  for (Value operand : op->getOperands())
    if (auto shaped = dyn_cast<RankedTensorType>(operand.getType()))
      if (llvm::is_contained(shaped.getShape(), 0))
        return std::nullopt;

  AnalogContraction c{op, 0, std::nullopt, std::nullopt, 0, 0, {}};
  std::optional<unsigned> k, m, n;
  auto uses = [&](unsigned operand, unsigned d) {
    return maps[operand].isFunctionOfDim(d);
  };
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (unsigned d = 0; d < op.getNumLoops(); ++d) {
    bool inL = uses(0, d), inR = uses(1, d), inO = uses(2, d);
    std::optional<unsigned> *slot = nullptr;
    if (iterators[d] == utils::IteratorType::reduction && inL && inR && !inO)
      slot = &k;
    else if (iterators[d] == utils::IteratorType::parallel && inO) {
      if (inL && inR)
        slot = &c.batch;
      else if (inL)
        slot = &m;
      else if (inR)
        slot = &n;
    }
    if (!slot || slot->has_value())
      return std::nullopt;
    *slot = d;
  }
  if (!k)
    return std::nullopt;
  c.k = *k;

  // Prefer a constant right operand (x * W), else a constant left one.
  for (unsigned index : {1u, 0u}) {
    std::optional<unsigned> outDim = index == 1 ? n : m;
    if (!outDim)
      continue;
    std::optional<DenseElementsAttr> weights =
        getConstantWeights(op.getDpsInputs()[index]);
    // An empty weight matrix (a zero-size K, N or batch) has nothing to put
    // on a crossbar: the product stays digital.
    if (!weights || weights->getNumElements() == 0)
      continue;
    SmallVector<unsigned> target;
    if (c.batch)
      target.push_back(*c.batch);
    target.append({c.k, *outDim});
    SmallVector<int64_t> perm = permutationBetween(dimsOf(maps[index]), target);
    c.weightIndex = index;
    c.outDim = *outDim;
    c.rowDim = index == 1 ? m : n;
    c.weights = isIdentity(perm) ? *weights : permuteDims(*weights, perm);
    return c;
  }
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Policy
//===----------------------------------------------------------------------===//

static bool isZeroValue(Value value) {
  if (matchPattern(value, m_AnyZeroFloat()))
    return true;
  if (auto fill = value.getDefiningOp<linalg::FillOp>())
    return matchPattern(fill.getInputs()[0], m_AnyZeroFloat());
  return false;
}

static bool isNonlinearMath(Operation *op) {
  return isa<math::CosOp, math::SinOp, math::ExpOp, math::Exp2Op, math::ExpM1Op,
             math::TanhOp, math::ErfOp>(op);
}

static bool isMax(Operation *op) {
  return isa<arith::MaximumFOp, arith::MaxNumFOp>(op);
}

static bool isAllParallel(linalg::LinalgOp op) {
  return op.getNumLoops() == op.getNumParallelLoops();
}

/// True if `user` applies a feature-map nonlinearity elementwise: a
/// transcendental, or a max with zero (ReLU), directly or in a linalg body.
static bool isNonlinearity(Operation *user) {
  if (isNonlinearMath(user))
    return true;
  if (isMax(user))
    return llvm::any_of(user->getOperands(), isZeroValue);
  auto linalgOp = dyn_cast<linalg::LinalgOp>(user);
  if (!linalgOp || !isAllParallel(linalgOp) || !linalgOp.getBlock())
    return false;
  for (Operation &inner : *linalgOp.getBlock()) {
    if (isNonlinearMath(&inner))
      return true;
    if (!isMax(&inner))
      continue;
    for (Value operand : inner.getOperands()) {
      if (isZeroValue(operand))
        return true;
      // A block argument bound to a zero operand of the linalg op.
      auto arg = dyn_cast<BlockArgument>(operand);
      if (arg && arg.getOwner() == linalgOp.getBlock() &&
          isZeroValue(linalgOp->getOperand(arg.getArgNumber())))
        return true;
    }
  }
  return false;
}

/// True if `user` is an elementwise affine op (scaling, bias, cast) that a
/// projection's result may pass through before its feature map.
static bool isAffineElementwise(Operation *user) {
  auto isAffineArith = [](Operation *op) {
    return isa<arith::AddFOp, arith::SubFOp, arith::MulFOp, arith::DivFOp,
               arith::NegFOp, arith::ExtFOp, arith::TruncFOp, arith::ConstantOp,
               linalg::YieldOp>(op);
  };
  if (isa<tensor::CastOp>(user) || isAffineArith(user))
    return !isa<linalg::YieldOp, arith::ConstantOp>(user);
  auto linalgOp = dyn_cast<linalg::LinalgOp>(user);
  if (!linalgOp || !isAllParallel(linalgOp) || !linalgOp.getBlock())
    return false;
  return llvm::all_of(*linalgOp.getBlock(),
                      [&](Operation &inner) { return isAffineArith(&inner); });
}

static bool feedsNonlinearity(Value value, unsigned depth) {
  for (Operation *user : value.getUsers()) {
    if (isNonlinearity(user))
      return true;
    if (depth < 4 && isAffineElementwise(user))
      for (Value result : user->getResults())
        if (feedsNonlinearity(result, depth + 1))
          return true;
  }
  return false;
}

static bool isSelected(linalg::LinalgOp op, StringRef policy) {
  if (policy == "all")
    return true;
  if (auto role = op->getAttrOfType<StringAttr>("ka.role"))
    return role.getValue() == "projection";
  // `attention`: only the ka projections (e.g. Performer's Omega), none of
  // the front end's other linear layers.
  return policy == "projections" && feedsNonlinearity(op->getResult(0), 0);
}

//===----------------------------------------------------------------------===//
// Rewrite
//===----------------------------------------------------------------------===//

/// `value` with its dimensions permuted by `perm` (result dim i = dim
/// perm[i]), as a linalg.transpose; `value` itself for the identity.
static Value transposeValue(OpBuilder &b, Location loc, Value value,
                            ArrayRef<int64_t> perm) {
  if (isIdentity(perm))
    return value;
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, value);
  SmallVector<OpFoldResult> permuted;
  for (int64_t p : perm)
    permuted.push_back(sizes[p]);
  Value init = tensor::EmptyOp::create(b, loc, permuted,
                                       getElementTypeOrSelf(value.getType()));
  return linalg::TransposeOp::create(b, loc, value, init, perm)->getResult(0);
}

/// The reassociation that adds (or removes) a unit dimension before the last
/// one of a tensor of rank `rank` (the smaller rank).
static SmallVector<ReassociationIndices> unitRowReassociation(int64_t rank) {
  SmallVector<ReassociationIndices> groups;
  for (int64_t i = 0; i + 1 < rank; ++i)
    groups.push_back({i});
  groups.push_back({rank - 1, rank});
  return groups;
}

static void rewrite(const AnalogContraction &c) {
  linalg::LinalgOp op = c.op;
  OpBuilder b(op);
  Location loc = op.getLoc();
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  unsigned inputIndex = 1 - c.weightIndex;
  Value x = op.getDpsInputs()[inputIndex];
  Type element = getElementTypeOrSelf(x.getType());
  auto weightType = cast<RankedTensorType>(c.weights.getType());
  int64_t kSize = weightType.getDimSize(weightType.getRank() - 2);
  int64_t nSize = weightType.getDimSize(weightType.getRank() - 1);

  // X in [batch?, rows?, k] order, then with a unit row dimension if it has
  // no free dimension (a matrix-vector product).
  SmallVector<unsigned> xTarget;
  if (c.batch)
    xTarget.push_back(*c.batch);
  if (c.rowDim)
    xTarget.push_back(*c.rowDim);
  xTarget.push_back(c.k);
  x = transposeValue(b, loc, x,
                     permutationBetween(dimsOf(maps[inputIndex]), xTarget));
  auto xType = cast<RankedTensorType>(x.getType());
  if (!c.rowDim) {
    SmallVector<int64_t> shape(xType.getShape());
    shape.insert(shape.end() - 1, 1);
    x = tensor::ExpandShapeOp::create(b, loc,
                                      RankedTensorType::get(shape, element), x,
                                      unitRowReassociation(xType.getRank()));
    xType = cast<RankedTensorType>(x.getType());
  }
  // Static K (and batch count) from the constant, for a dynamic operand.
  SmallVector<int64_t> xShape(xType.getShape());
  xShape.back() = kSize;
  if (c.batch)
    xShape.front() = weightType.getDimSize(0);
  if (ArrayRef<int64_t>(xShape) != xType.getShape()) {
    xType = RankedTensorType::get(xShape, element);
    x = tensor::CastOp::create(b, loc, xType, x);
  }
  int64_t rows = xType.getDimSize(xType.getRank() - 2);
  auto yType = RankedTensorType::get({rows, nSize}, element);

  Value y;
  if (!c.batch) {
    Value w = arith::ConstantOp::create(b, loc, c.weights);
    y = MatmulOp::create(b, loc, yType, x, w, MVMConfigAttr());
  } else {
    int64_t batches = weightType.getDimSize(0);
    SmallVector<OpFoldResult> xSizes = tensor::getMixedSizes(b, loc, x);
    OpFoldResult rowSize = xSizes[1];
    y = tensor::EmptyOp::create(b, loc,
                                {OpFoldResult(b.getIndexAttr(batches)), rowSize,
                                 OpFoldResult(b.getIndexAttr(nSize))},
                                element);
    auto one = b.getIndexAttr(1), zero = b.getIndexAttr(0);
    for (int64_t i = 0; i < batches; ++i) {
      SmallVector<OpFoldResult> offsets = {b.getIndexAttr(i), zero, zero};
      SmallVector<OpFoldResult> strides = {one, one, one};
      SmallVector<OpFoldResult> xSlice = {one, rowSize, b.getIndexAttr(kSize)};
      Value xi = tensor::ExtractSliceOp::create(
          b, loc, RankedTensorType::get({rows, kSize}, element), x, offsets,
          xSlice, strides);
      Value wi = arith::ConstantOp::create(
          b, loc, sliceBlock(c.weights, {i, 0, 0}, {1, kSize, nSize}, 1));
      Value yi = MatmulOp::create(b, loc, yType, xi, wi, MVMConfigAttr());
      SmallVector<OpFoldResult> ySlice = {one, rowSize, b.getIndexAttr(nSize)};
      y = tensor::InsertSliceOp::create(b, loc, yi, y, offsets, ySlice,
                                        strides);
    }
  }

  // Back to the result layout: drop the unit row, then transpose.
  SmallVector<unsigned> yDims;
  if (c.batch)
    yDims.push_back(*c.batch);
  if (c.rowDim) {
    yDims.push_back(*c.rowDim);
  } else {
    auto type = cast<RankedTensorType>(y.getType());
    y = tensor::CollapseShapeOp::create(
        b, loc, y, unitRowReassociation(type.getRank() - 1));
  }
  yDims.push_back(c.outDim);
  y = transposeValue(b, loc, y, permutationBetween(yDims, dimsOf(maps[2])));

  Value init = op.getDpsInits()[0];
  if (y.getType() != init.getType())
    y = tensor::CastOp::create(b, loc, init.getType(), y);
  // C = C0 + A * B: add a non-zero accumulator digitally.
  if (!isZeroValue(init) && !init.getDefiningOp<tensor::EmptyOp>())
    y = linalg::AddOp::create(b, loc, TypeRange{init.getType()},
                              ValueRange{y, init}, ValueRange{init})
            ->getResult(0);
  Value weights = op.getDpsInputs()[c.weightIndex];
  op->getResult(0).replaceAllUsesWith(y);
  op->erase();
  // Drop the original constant (and folded transposes) once unused.
  while (Operation *def = weights.getDefiningOp()) {
    if (!def->use_empty() || !isPure(def))
      break;
    Value next = isa<linalg::TransposeOp, tensor::CastOp>(def)
                     ? def->getOperand(0)
                     : Value();
    def->erase();
    if (!next)
      break;
    weights = next;
  }
}

void PartitionPass::runOnOperation() {
  if (policy != "projections" && policy != "attention" && policy != "all") {
    getOperation().emitError("aimc-partition: unknown policy '")
        << policy << "'; expected 'projections', 'attention' or 'all'";
    return signalPassFailure();
  }
  // Transposing a constant copies it: bound what may be copied.
  if (failed(checkWeightBudget(getOperation(), "aimc-partition")))
    return signalPassFailure();
  SmallVector<AnalogContraction> candidates;
  getOperation().walk([&](linalg::LinalgOp op) {
    std::optional<AnalogContraction> c = analyze(op);
    if (!c) {
      // A front end asked for an analog projection that cannot be one.
      auto role = op->getAttrOfType<StringAttr>("ka.role");
      if (role && role.getValue() == "projection")
        op->emitWarning(
            "ka.role = \"projection\" stays digital: aimc-partition "
            "needs a float contraction on tensors with a dense "
            "arith.constant weight operand");
      return;
    }
    if (!isSelected(op, policy))
      return;
    auto type = cast<RankedTensorType>(c->weights.getType());
    int64_t size = type.getDimSize(type.getRank() - 2) *
                   type.getDimSize(type.getRank() - 1);
    if (size >= minSize)
      candidates.push_back(*c);
  });
  for (const AnalogContraction &c : candidates)
    rewrite(c);
}
