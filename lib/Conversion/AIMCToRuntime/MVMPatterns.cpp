//===- MVMPatterns.cpp - Analog products to runtime calls -----------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// aimc-tile turns one analog product into MVMs on row x column blocks, a sum
// per column block and a concatenation of the column blocks:
//
//   %p00 = aimc.mvm %t0(%x0)  %p10 = aimc.mvm %t1(%x1)   ...
//   %c0 = aimc.accumulate %p00, %p10 : tensor<BxN0xf32>
//   %y = tensor.concat dim(1) %c0, %c1, ... : (...) -> tensor<BxNxf32>
//
// Such a product becomes one output buffer that every column block's MVMs
// write into (a subview per column block), the first row block overwriting,
// the others accumulating after the ADC:
//
//   %xb0 = bufferization.to_buffer %x0 read_only : ... strided<[?, ?], offset:
//   ?> %yb = memref.alloc() {alignment = 64} : memref<BxNxf32> %v0 =
//   memref.subview %yb[0, 0] [B, N0] [1, 1] call @aimc_rt_mvm(%id0, cast %xb0,
//   cast %v0) call @aimc_rt_mvm_accumulate(%id1, cast %xb1, cast %v0)
//   ...
//   %y = bufferization.to_tensor %yb restrict writable : ... to tensor<BxNxf32>
//
// so that a product of any number of blocks leaves one tensor for one-shot
// bufferization. A lone aimc.mvm or aimc.accumulate of MVMs is a product of
// one column block. Input buffers keep a fully dynamic layout so that any
// buffer one-shot bufferization assigns to the input (an argument, a slice
// of one, a constant) casts to it; the runtime reads both strides.
// An aimc.accumulate of anything else becomes an elementwise linalg sum.
//
//===----------------------------------------------------------------------===//

#include "aimc/Conversion/AIMCToRuntime/AIMCToRuntime.h"

#include "aimc/Dialect/AIMC/IR/AIMCOps.h"
#include "aimc/Dialect/AIMC/IR/AIMCRuntime.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace aimc;

namespace {

/// The MVMs (aimc.mvm ops) of one column block: the row blocks' partial
/// products.
using ColumnBlock = SmallVector<Operation *, 2>;

bool isF32Matrix(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.getRank() == 2 && tensor.getElementType().isF32();
}

/// True if `mvm` can become a runtime call.
bool isConvertible(MVMOp mvm) {
  return mvm.getTile().getDefiningOp<TileOp>() &&
         isF32Matrix(mvm.getInput().getType()) && isF32Matrix(mvm.getType());
}

/// The MVMs summed by `sum`, if all its partials are convertible MVMs used
/// only there.
std::optional<ColumnBlock> summedMVMs(AccumulateOp sum) {
  ColumnBlock block;
  for (Value partial : sum.getPartials()) {
    auto mvm = partial.getDefiningOp<MVMOp>();
    if (!mvm || !partial.hasOneUse() || !isConvertible(mvm))
      return std::nullopt;
    block.push_back(mvm);
  }
  return block;
}

/// The column blocks of the product computed by `root`: the inputs of a
/// tensor.concat along columns that are each an MVM or a sum of MVMs (used
/// only there), the MVMs of an accumulation, or one MVM.
std::optional<SmallVector<ColumnBlock>> productColumns(Operation *root) {
  SmallVector<ColumnBlock> columns;
  if (auto mvm = dyn_cast<MVMOp>(root)) {
    if (!isConvertible(mvm))
      return std::nullopt;
    columns.push_back({mvm});
  } else if (auto sum = dyn_cast<AccumulateOp>(root)) {
    std::optional<ColumnBlock> block = summedMVMs(sum);
    if (!block)
      return std::nullopt;
    columns.push_back(*block);
  } else if (auto concat = dyn_cast<tensor::ConcatOp>(root)) {
    if (concat.getDim() != 1 || !isF32Matrix(concat.getType()))
      return std::nullopt;
    for (Value input : concat.getInputs()) {
      Operation *def = input.getDefiningOp();
      if (!def || !input.hasOneUse())
        return std::nullopt;
      std::optional<SmallVector<ColumnBlock>> inner;
      if (isa<MVMOp, AccumulateOp>(def))
        inner = productColumns(def);
      if (!inner)
        return std::nullopt;
      columns.append(*inner);
    }
  } else {
    return std::nullopt;
  }
  return columns;
}

/// The op computing the whole product `op` (an MVM or accumulation)
/// belongs to, or null if `op` is not part of a convertible product.
Operation *productRoot(Operation *op) {
  Operation *node = op;
  if (isa<MVMOp>(node) && node->hasOneUse()) {
    auto sum = dyn_cast<AccumulateOp>(*node->user_begin());
    if (sum && productColumns(sum))
      node = sum;
  }
  if (node->hasOneUse()) {
    auto concat = dyn_cast<tensor::ConcatOp>(*node->user_begin());
    if (concat && productColumns(concat))
      return concat;
  }
  return productColumns(node) ? node : nullptr;
}

/// Rewrites the product computed by `root` into runtime calls writing one
/// output buffer.
void lowerProduct(Operation *root, ArrayRef<ColumnBlock> columns,
                  PatternRewriter &rewriter) {
  Location loc = root->getLoc();
  MLIRContext *context = rewriter.getContext();
  auto type = cast<RankedTensorType>(root->getResult(0).getType());
  Type f32 = rewriter.getF32Type();
  MemRefType matrix = runtime::getMatrixType(context);

  // The batch size: static, or the row count of the first input.
  Value firstInput = cast<MVMOp>(columns.front().front()).getInput();
  OpFoldResult batch = rewriter.getIndexAttr(type.getDimSize(0));
  SmallVector<Value> dynamicSizes;
  if (type.isDynamicDim(0)) {
    Value rows = tensor::DimOp::create(rewriter, loc, firstInput, 0);
    dynamicSizes.push_back(rows);
    batch = rows;
  }
  Value output = memref::AllocOp::create(
      rewriter, loc, MemRefType::get(type.getShape(), f32), dynamicSizes,
      rewriter.getI64IntegerAttr(64));

  int64_t dynamic = ShapedType::kDynamic;
  auto anyLayout = StridedLayoutAttr::get(context, dynamic, {dynamic, dynamic});
  llvm::SmallDenseMap<Value, Value> inputBuffers;
  auto inputBuffer = [&](Value input) {
    Value &buffer = inputBuffers[input];
    if (!buffer) {
      auto inputType = cast<RankedTensorType>(input.getType());
      Value view = bufferization::ToBufferOp::create(
          rewriter, loc, MemRefType::get(inputType.getShape(), f32, anyLayout),
          input, /*read_only=*/true);
      buffer = memref::CastOp::create(rewriter, loc, matrix, view);
    }
    return buffer;
  };

  int64_t offset = 0;
  for (const ColumnBlock &column : columns) {
    int64_t width =
        cast<RankedTensorType>(column.front()->getResult(0).getType())
            .getDimSize(1);
    Value target = output;
    if (columns.size() > 1)
      target = memref::SubViewOp::create(
          rewriter, loc, output,
          ArrayRef<OpFoldResult>{rewriter.getIndexAttr(0),
                                 rewriter.getIndexAttr(offset)},
          ArrayRef<OpFoldResult>{batch, rewriter.getIndexAttr(width)},
          ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1),
                                 rewriter.getIndexAttr(1)});
    Value targetMatrix = memref::CastOp::create(rewriter, loc, matrix, target);
    for (auto [row, block] : llvm::enumerate(column)) {
      auto mvm = cast<MVMOp>(block);
      int64_t id = mvm.getTile().getDefiningOp<TileOp>().getId();
      Value tileId =
          arith::ConstantIntOp::create(rewriter, mvm.getLoc(), id, 64);
      func::CallOp::create(
          rewriter, mvm.getLoc(),
          row == 0 ? runtime::kMVM : runtime::kMVMAccumulate, TypeRange(),
          ValueRange{tileId, inputBuffer(mvm.getInput()), targetMatrix});
    }
    offset += width;
  }
  Value result = bufferization::ToTensorOp::create(
      rewriter, loc, type, output, /*restrict=*/true, /*writable=*/true);

  // Replace the root, then erase the now unused column ops (sums first).
  SmallVector<Operation *> dead;
  for (const ColumnBlock &column : columns) {
    Operation *first = column.front();
    Operation *user = first->hasOneUse() ? *first->user_begin() : nullptr;
    if (user && user != root && isa<AccumulateOp>(user))
      dead.push_back(user);
  }
  rewriter.replaceOp(root, result);
  for (Operation *sum : dead)
    rewriter.eraseOp(sum);
  for (const ColumnBlock &column : columns)
    for (Operation *mvm : column)
      if (mvm != root)
        rewriter.eraseOp(mvm);
}

/// Lowers the product rooted at an op of type OpTy.
template <typename OpTy> struct ProductToRuntimeCalls : OpRewritePattern<OpTy> {
  ProductToRuntimeCalls(MLIRContext *context)
      : OpRewritePattern<OpTy>(context, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    if (productRoot(op) != op.getOperation())
      return rewriter.notifyMatchFailure(
          op, "not the root of a convertible analog product");
    std::optional<SmallVector<ColumnBlock>> columns = productColumns(op);
    lowerProduct(op, *columns, rewriter);
    return success();
  }
};

/// sum(p0, ..., pn) of anything but MVMs, as one elementwise linalg.generic.
struct AccumulateToLinalg : OpRewritePattern<AccumulateOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AccumulateOp sum,
                                PatternRewriter &rewriter) const override {
    if (productRoot(sum))
      return rewriter.notifyMatchFailure(sum, "part of an analog product");
    Location loc = sum.getLoc();
    auto type = cast<RankedTensorType>(sum.getType());
    ValueRange partials = sum.getPartials();
    if (partials.size() == 1) {
      rewriter.replaceOp(sum, partials.front());
      return success();
    }
    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(rewriter, loc, partials.front());
    Value init =
        tensor::EmptyOp::create(rewriter, loc, sizes, type.getElementType());
    AffineMap identity = rewriter.getMultiDimIdentityMap(type.getRank());
    SmallVector<AffineMap> maps(partials.size() + 1, identity);
    SmallVector<utils::IteratorType> iterators(type.getRank(),
                                               utils::IteratorType::parallel);
    rewriter.replaceOpWithNewOp<linalg::GenericOp>(
        sum, type, partials, ValueRange{init}, maps, iterators,
        [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
          Value total = args[0];
          for (Value partial : args.drop_front().drop_back())
            total = arith::AddFOp::create(b, bodyLoc, total, partial);
          linalg::YieldOp::create(b, bodyLoc, total);
        });
    return success();
  }
};

} // namespace

void aimc::populateAIMCToRuntimePatterns(RewritePatternSet &patterns) {
  patterns
      .add<ProductToRuntimeCalls<MVMOp>, ProductToRuntimeCalls<AccumulateOp>,
           ProductToRuntimeCalls<tensor::ConcatOp>, AccumulateToLinalg>(
          patterns.getContext());
}
