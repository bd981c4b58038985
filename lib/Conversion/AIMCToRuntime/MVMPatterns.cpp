//===- MVMPatterns.cpp - MVMs to runtime calls, sums to linalg ------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
//   %y = aimc.mvm %tile(%x) : !aimc.tile<KxN>, tensor<BxKxf32> -> tensor<BxNxf32>
//
// becomes
//
//   %xb = bufferization.to_buffer %x read_only
//       : tensor<BxKxf32> to memref<BxKxf32, strided<[?, ?], offset: ?>>
//   %yb = memref.alloc() {alignment = 64} : memref<BxNxf32>
//   call @aimc_rt_mvm(%id, cast %xb, cast %yb)
//   %y = bufferization.to_tensor %yb restrict writable : ... to tensor<BxNxf32>
//
// The input buffer's layout is left fully dynamic so that any buffer one-shot
// bufferization assigns to %x (a function argument, a slice of one, a
// constant) casts to it; the runtime reads both strides.
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

struct MVMToRuntimeCall : OpRewritePattern<MVMOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MVMOp mvm,
                                PatternRewriter &rewriter) const override {
    auto tile = mvm.getTile().getDefiningOp<TileOp>();
    auto inputType = cast<RankedTensorType>(mvm.getInput().getType());
    auto resultType = cast<RankedTensorType>(mvm.getType());
    Type f32 = rewriter.getF32Type();
    if (!tile || inputType.getElementType() != f32 ||
        resultType.getElementType() != f32)
      return rewriter.notifyMatchFailure(
          mvm, "needs an aimc.tile and f32 inputs and results");

    Location loc = mvm.getLoc();
    MLIRContext *context = rewriter.getContext();
    int64_t dynamic = ShapedType::kDynamic;
    auto anyLayout = StridedLayoutAttr::get(context, dynamic, {dynamic, dynamic});
    Value input = bufferization::ToBufferOp::create(
        rewriter, loc, MemRefType::get(inputType.getShape(), f32, anyLayout),
        mvm.getInput(), /*read_only=*/true);
    SmallVector<Value> dynamicSizes;
    if (resultType.isDynamicDim(0))
      dynamicSizes.push_back(
          tensor::DimOp::create(rewriter, loc, mvm.getInput(), 0));
    auto outputType = MemRefType::get(resultType.getShape(), f32);
    Value output =
        memref::AllocOp::create(rewriter, loc, outputType, dynamicSizes,
                                rewriter.getI64IntegerAttr(64));
    MemRefType matrix = runtime::getMatrixType(context);
    Value id = arith::ConstantIntOp::create(rewriter, loc, tile.getId(), 64);
    func::CallOp::create(
        rewriter, loc, runtime::kMVM, TypeRange(),
        ValueRange{id, memref::CastOp::create(rewriter, loc, matrix, input),
                   memref::CastOp::create(rewriter, loc, matrix, output)});
    rewriter.replaceOpWithNewOp<bufferization::ToTensorOp>(
        mvm, resultType, output, /*restrict=*/true, /*writable=*/true);
    return success();
  }
};

/// sum(p0, ..., pn) as one elementwise linalg.generic.
struct AccumulateToLinalg : OpRewritePattern<AccumulateOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AccumulateOp sum,
                                PatternRewriter &rewriter) const override {
    Location loc = sum.getLoc();
    auto type = cast<RankedTensorType>(sum.getType());
    ValueRange partials = sum.getPartials();
    if (partials.size() == 1) {
      rewriter.replaceOp(sum, partials.front());
      return success();
    }
    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(rewriter, loc, partials.front());
    Value init = tensor::EmptyOp::create(rewriter, loc, sizes,
                                         type.getElementType());
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
  patterns.add<MVMToRuntimeCall, AccumulateToLinalg>(patterns.getContext());
}
