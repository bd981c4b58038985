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
// bufferization. The leading column blocks of a regular grid (at least
// kMinLoopColumns of one width, tiles numbered as aimc-tile numbers them)
// become one scf.for over the column blocks making the same calls in the
// same order, so that the IR does not grow with the number of blocks. A lone
// aimc.mvm or aimc.accumulate of MVMs is a product of one column block. Input
// buffers keep a fully dynamic layout so that any buffer one-shot bufferization
// assigns to the input (an argument, a slice of one, a constant) casts to it;
// the runtime reads both strides. An aimc.accumulate of anything else becomes
// an elementwise linalg sum.
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
#include "mlir/Dialect/SCF/IR/SCF.h"
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

/// Columns of a product at least this many run as a loop.
constexpr int64_t kMinLoopColumns = 4;

/// The number of output columns of a column block.
int64_t columnWidth(const ColumnBlock &column) {
  return cast<RankedTensorType>(column.front()->getResult(0).getType())
      .getDimSize(1);
}

int64_t tileId(Operation *mvm) {
  return cast<MVMOp>(mvm).getTile().getDefiningOp<TileOp>().getId();
}

int64_t firstTileId(ArrayRef<ColumnBlock> columns) {
  return tileId(columns.front().front());
}

/// The number of leading column blocks that form a regular grid, as
/// aimc-tile emits it: the same width, the same row blocks reading the same
/// inputs and tile ids first + c * rows + r for row block r of column c.
int64_t regularColumns(ArrayRef<ColumnBlock> columns) {
  const ColumnBlock &first = columns.front();
  int64_t rows = static_cast<int64_t>(first.size());
  int64_t width = columnWidth(first);
  int64_t base = firstTileId(columns);
  int64_t count = 0;
  for (const ColumnBlock &column : columns) {
    if (static_cast<int64_t>(column.size()) != rows ||
        columnWidth(column) != width)
      break;
    bool regular = true;
    for (int64_t r = 0; r < rows && regular; ++r) {
      auto mvm = cast<MVMOp>(column[r]);
      regular = mvm.getInput() == cast<MVMOp>(first[r]).getInput() &&
                tileId(mvm) == base + count * rows + r;
    }
    if (!regular)
      break;
    ++count;
  }
  return count;
}

/// Emits the MVMs of `count` regular column blocks of `width` columns as
///
///   scf.for %c = 0 to count {
///     %v = memref.subview %output[0, %c * width] [batch, width] [1, 1]
///     call @aimc_rt_mvm(firstId + %c * rows, %x0, cast %v)
///     call @aimc_rt_mvm_accumulate(firstId + %c * rows + 1, %x1, cast %v)
///     ...
///   }
///
/// in the order of the straight-line calls, so that the IR does not grow
/// with the number of column blocks.
void emitColumnLoop(PatternRewriter &rewriter, Location loc, Value output,
                    OpFoldResult batch, ArrayRef<Value> rowInputs,
                    int64_t firstId, int64_t width, int64_t count) {
  MLIRContext *context = rewriter.getContext();
  auto rows = static_cast<int64_t>(rowInputs.size());
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  Value end = arith::ConstantIndexOp::create(rewriter, loc, count);
  auto loop = scf::ForOp::create(rewriter, loc, zero, end, one);
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointToStart(loop.getBody());
  Value c = loop.getInductionVar();
  Value columnOffset = arith::MulIOp::create(
      rewriter, loc, c, arith::ConstantIndexOp::create(rewriter, loc, width));
  Value target = memref::SubViewOp::create(
      rewriter, loc, output,
      ArrayRef<OpFoldResult>{rewriter.getIndexAttr(0), columnOffset},
      ArrayRef<OpFoldResult>{batch, rewriter.getIndexAttr(width)},
      ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1),
                             rewriter.getIndexAttr(1)});
  Value targetMatrix = memref::CastOp::create(
      rewriter, loc, runtime::getMatrixType(context), target);
  Value firstOfColumn = c;
  if (rows != 1)
    firstOfColumn = arith::MulIOp::create(
        rewriter, loc, c, arith::ConstantIndexOp::create(rewriter, loc, rows));
  if (firstId != 0)
    firstOfColumn = arith::AddIOp::create(
        rewriter, loc, firstOfColumn,
        arith::ConstantIndexOp::create(rewriter, loc, firstId));
  Value firstOfColumnI64 = arith::IndexCastOp::create(
      rewriter, loc, rewriter.getI64Type(), firstOfColumn);
  for (auto [row, input] : llvm::enumerate(rowInputs)) {
    Value tileId = firstOfColumnI64;
    if (row > 0)
      tileId = arith::AddIOp::create(
          rewriter, loc, firstOfColumnI64,
          arith::ConstantIntOp::create(rewriter, loc, row, 64));
    func::CallOp::create(rewriter, loc,
                         row == 0 ? runtime::kMVM : runtime::kMVMAccumulate,
                         TypeRange(), ValueRange{tileId, input, targetMatrix});
  }
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

  // The leading columns of a regular grid run as one loop; the rest (and
  // products too small or too irregular for a loop) as straight-line calls.
  int64_t looped = regularColumns(columns);
  if (looped < kMinLoopColumns)
    looped = 0;
  int64_t offset = 0;
  if (looped > 0) {
    SmallVector<Value> rowInputs;
    for (Operation *block : columns.front())
      rowInputs.push_back(inputBuffer(cast<MVMOp>(block).getInput()));
    int64_t width = columnWidth(columns.front());
    emitColumnLoop(rewriter, loc, output, batch, rowInputs,
                   firstTileId(columns), width, looped);
    offset = looped * width;
  }
  for (const ColumnBlock &column : ArrayRef(columns).drop_front(looped)) {
    int64_t width = columnWidth(column);
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
