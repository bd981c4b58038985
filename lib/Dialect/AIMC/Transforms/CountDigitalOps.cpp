//===- CountDigitalOps.cpp - Account digital work to the chip -------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// For each block, the digital operations of its linalg ops and elementwise
// tensor ops are summed per kind (statically, plus tensor.dim-based terms for
// dynamic shapes) and reported by one
//   call @aimc_rt_count_digital(%kind, %count) : (i64, i64) -> ()
// per kind before the block's terminator.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/AIMC/IR/AIMCRuntime.h"
#include "aimc/Dialect/AIMC/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace aimc {
#define GEN_PASS_DEF_AIMCCOUNTDIGITALOPS
#include "aimc/Dialect/AIMC/Transforms/Passes.h.inc"
} // namespace aimc

using namespace mlir;
using namespace aimc;
using runtime::DigitalKind;

namespace {

/// The kind of digital work a scalar (or elementwise) op does, or nullopt
/// for ops that compute nothing (constants, yields, index queries).
std::optional<DigitalKind> classify(Operation *op) {
  if (isa<arith::ConstantOp, linalg::YieldOp, linalg::IndexOp>(op) ||
      op->hasTrait<OpTrait::ConstantLike>())
    return std::nullopt;
  if (isa<arith::AddFOp, arith::SubFOp, arith::AddIOp, arith::SubIOp,
          arith::NegFOp>(op))
    return DigitalKind::Add;
  if (isa<arith::MulFOp, arith::DivFOp, arith::RemFOp, arith::MulIOp,
          arith::DivSIOp, arith::DivUIOp, arith::RemSIOp, arith::RemUIOp,
          arith::CeilDivSIOp, arith::FloorDivSIOp, math::FmaOp>(op))
    return DigitalKind::Multiply;
  if (isa_and_present<math::MathDialect>(op->getDialect())) {
    // Sign, rounding and bit-counting ops are cheap; the rest (cos, exp,
    // log, tanh, erf, sqrt, pow, ...) are function evaluations.
    if (isa<math::AbsFOp, math::AbsIOp, math::CopySignOp, math::CeilOp,
            math::FloorOp, math::RoundOp, math::RoundEvenOp, math::TruncOp,
            math::IsNaNOp, math::IsInfOp, math::IsFiniteOp, math::IsNormalOp,
            math::CountLeadingZerosOp, math::CountTrailingZerosOp,
            math::CtPopOp>(op))
      return DigitalKind::Other;
    return DigitalKind::Transcendental;
  }
  return DigitalKind::Other;
}

/// Operations of each kind, a static part and dynamic terms.
struct KindCounts {
  std::array<int64_t, runtime::kNumDigitalKinds> fixed = {0, 0, 0, 0};
  std::array<SmallVector<Value>, runtime::kNumDigitalKinds> dynamic;

  bool empty() const {
    for (int64_t k = 0; k < runtime::kNumDigitalKinds; ++k)
      if (fixed[k] != 0 || !dynamic[k].empty())
        return false;
    return true;
  }
};

/// Per-iteration operation counts of a linalg body; a multiply feeding only
/// an add/subtract is one FMA.
std::array<int64_t, runtime::kNumDigitalKinds> countBody(Block &body) {
  std::array<int64_t, runtime::kNumDigitalKinds> counts = {0, 0, 0, 0};
  llvm::SmallPtrSet<Operation *, 4> fused;
  for (Operation &op : body)
    if (isa<arith::MulFOp>(op) && op.hasOneUse() &&
        isa<arith::AddFOp, arith::SubFOp>(*op.getUsers().begin()))
      fused.insert(*op.getUsers().begin());
  for (Operation &op : body) {
    if (fused.contains(&op))
      continue;
    if (std::optional<DigitalKind> kind = classify(&op))
      ++counts[static_cast<int64_t>(*kind)];
  }
  return counts;
}

class Counter {
public:
  explicit Counter(OpBuilder &builder) : builder(builder) {}

  /// Counts the ops of `block` (recursing into nested regions of other ops,
  /// whose blocks get their own calls) and emits the calls.
  void countBlock(Block &block);

private:
  /// Adds `perItem` operations per item of a `size` items (static or a
  /// dynamic index value built at the block end).
  void add(KindCounts &counts, DigitalKind kind, int64_t perItem,
           std::optional<int64_t> fixedSize, function_ref<Value()> size);
  void countLinalg(linalg::LinalgOp op, KindCounts &counts);
  void countElementwise(Operation *op, KindCounts &counts);
  void emit(Block &block, const KindCounts &counts);

  OpBuilder &builder;
};

void Counter::add(KindCounts &counts, DigitalKind kind, int64_t perItem,
                  std::optional<int64_t> fixedSize,
                  function_ref<Value()> size) {
  if (perItem == 0)
    return;
  int64_t k = static_cast<int64_t>(kind);
  if (fixedSize) {
    counts.fixed[k] += perItem * *fixedSize;
    return;
  }
  Value items = size();
  Location loc = items.getLoc();
  Value count = builder.createOrFold<arith::MulIOp>(
      loc, items, arith::ConstantIndexOp::create(builder, loc, perItem));
  counts.dynamic[k].push_back(count);
}

void Counter::countLinalg(linalg::LinalgOp op, KindCounts &counts) {
  std::array<int64_t, runtime::kNumDigitalKinds> perIteration =
      countBody(*op.getBlock());
  std::optional<int64_t> iterations = 1;
  for (int64_t range : op.getStaticLoopRanges()) {
    if (ShapedType::isDynamic(range)) {
      iterations = std::nullopt;
      break;
    }
    *iterations *= range;
  }
  Value dynamicIterations;
  auto size = [&]() -> Value {
    if (dynamicIterations)
      return dynamicIterations;
    Location loc = op.getLoc();
    Value product = arith::ConstantIndexOp::create(builder, loc, 1);
    for (Range range : op.createLoopRanges(builder, loc))
      product = builder.createOrFold<arith::MulIOp>(
          loc, product,
          getValueOrCreateConstantIndexOp(builder, loc, range.size));
    return dynamicIterations = product;
  };
  for (int64_t k = 0; k < runtime::kNumDigitalKinds; ++k)
    add(counts, static_cast<DigitalKind>(k), perIteration[k], iterations, size);
}

void Counter::countElementwise(Operation *op, KindCounts &counts) {
  std::optional<DigitalKind> kind = classify(op);
  auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!kind || !type)
    return;
  std::optional<int64_t> elements;
  if (type.hasStaticShape())
    elements = type.getNumElements();
  Value result = op->getResult(0);
  add(counts, *kind, 1, elements, [&]() -> Value {
    Location loc = op->getLoc();
    Value product = arith::ConstantIndexOp::create(builder, loc, 1);
    for (int64_t d = 0; d < type.getRank(); ++d)
      product = builder.createOrFold<arith::MulIOp>(
          loc, product,
          type.isDynamicDim(d)
              ? tensor::DimOp::create(builder, loc, result, d).getResult()
              : arith::ConstantIndexOp::create(builder, loc, type.getDimSize(d))
                    .getResult());
    return product;
  });
}

void Counter::emit(Block &block, const KindCounts &counts) {
  Location loc = block.getTerminator()->getLoc();
  for (int64_t k = 0; k < runtime::kNumDigitalKinds; ++k) {
    if (counts.fixed[k] == 0 && counts.dynamic[k].empty())
      continue;
    Value total;
    if (counts.fixed[k] != 0)
      total = arith::ConstantIntOp::create(builder, loc, counts.fixed[k], 64);
    for (Value term : counts.dynamic[k]) {
      Value cast =
          arith::IndexCastOp::create(builder, loc, builder.getI64Type(), term);
      total = total ? arith::AddIOp::create(builder, loc, total, cast) : cast;
    }
    func::CallOp::create(
        builder, loc, runtime::kCountDigital, TypeRange(),
        ValueRange{arith::ConstantIntOp::create(builder, loc, k, 64), total});
  }
}

void Counter::countBlock(Block &block) {
  if (block.empty() || !block.mightHaveTerminator())
    return;
  // Collect first: counting inserts ops before the terminator.
  SmallVector<Operation *> ops;
  for (Operation &op : block.without_terminator())
    ops.push_back(&op);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPoint(block.getTerminator());
  KindCounts counts;
  for (Operation *op : ops) {
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op)) {
      countLinalg(linalgOp, counts);
      continue;
    }
    if (op->getNumResults() == 1 && op->getNumRegions() == 0 &&
        isa_and_present<arith::ArithDialect, math::MathDialect>(
            op->getDialect())) {
      countElementwise(op, counts);
      continue;
    }
    for (Region &region : op->getRegions())
      for (Block &nested : region)
        countBlock(nested);
  }
  builder.setInsertionPoint(block.getTerminator());
  if (!counts.empty())
    emit(block, counts);
}

struct CountDigitalOpsPass
    : aimc::impl::AIMCCountDigitalOpsBase<CountDigitalOpsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> functions;
    for (auto func : module.getOps<func::FuncOp>())
      if (!func.isDeclaration() &&
          func.getSymName() != runtime::kProgramTilesFunc)
        functions.push_back(func);
    if (functions.empty())
      return;
    if (failed(runtime::declareFunction(module, runtime::kCountDigital)))
      return signalPassFailure();
    OpBuilder builder(&getContext());
    Counter counter(builder);
    for (func::FuncOp func : functions)
      for (Block &block : func.getBody())
        counter.countBlock(block);
    // Drop the declaration again if nothing was counted.
    auto declaration =
        module.lookupSymbol<func::FuncOp>(runtime::kCountDigital);
    if (declaration && SymbolTable::symbolKnownUseEmpty(declaration, module))
      declaration.erase();
  }
};

} // namespace
