//===- VectorizeMatvec.cpp - Matrix-vector products by 16x16 blocks -------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// A buffer-level linalg.matmul with one output column (the binary readout
// phi w) becomes vector code over blocks of 16 rows: 16 contiguous row
// loads, an in-register transpose, then the products added column by column
// in the order of the reduction (bit-identical); see Passes.td.
//
//===----------------------------------------------------------------------===//

#include "aimc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

#include "llvm/ADT/SmallVector.h"

namespace aimc {
#define GEN_PASS_DEF_VECTORIZEMATVECPASS
#include "aimc/Transforms/Passes.h.inc"
} // namespace aimc

using namespace mlir;

namespace {

/// Rows per block and columns per transposed tile (16 f32: one AVX-512
/// register; the transpose is lowered to shuffles for 16 x 16).
constexpr int64_t kBlock = 16;

/// True if `op`'s body is `out + in0 * in1` in f32 without fast-math flags
/// (linalg.matmul's default body).
bool isPlainMultiplyAdd(linalg::MatmulOp op) {
  Block &body = op->getRegion(0).front();
  if (body.getOperations().size() != 3)
    return false;
  auto mul = dyn_cast<arith::MulFOp>(&body.front());
  auto add = dyn_cast<arith::AddFOp>(mul ? mul->getNextNode() : nullptr);
  if (!mul || !add || mul.getFastmath() != arith::FastMathFlags::none ||
      add.getFastmath() != arith::FastMathFlags::none)
    return false;
  return mul.getLhs() == body.getArgument(0) &&
         mul.getRhs() == body.getArgument(1) &&
         add.getLhs() == body.getArgument(2) && add.getRhs() == mul &&
         body.getTerminator()->getOperand(0) == add;
}

/// Static strides of a memref, or nothing.
std::optional<SmallVector<int64_t>> staticStrides(MemRefType type) {
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)) ||
      llvm::any_of(strides, ShapedType::isDynamic))
    return std::nullopt;
  return strides;
}

/// Rewrites `op` (M x K times K x 1 into M x 1, buffers) if it qualifies.
bool vectorizeMatvec(linalg::MatmulOp op) {
  if (!op.hasPureBufferSemantics() ||
      !linalg::MatmulOp::isDefaultIndexingMaps(op.getIndexingMaps()) ||
      !isPlainMultiplyAdd(op))
    return false;
  Value a = op.getDpsInputs()[0], w = op.getDpsInputs()[1];
  Value y = op.getDpsInits()[0];
  auto aType = dyn_cast<MemRefType>(a.getType());
  auto wType = dyn_cast<MemRefType>(w.getType());
  auto yType = dyn_cast<MemRefType>(y.getType());
  if (!aType || !wType || !yType || !aType.hasStaticShape() ||
      !yType.hasStaticShape() || !aType.getElementType().isF32() ||
      !wType.getElementType().isF32() || !yType.getElementType().isF32())
    return false;
  int64_t m = aType.getDimSize(0), k = aType.getDimSize(1);
  if (yType.getDimSize(1) != 1 || m % kBlock != 0 || k < kBlock)
    return false;
  // Rows of A contiguous (vector loads), y contiguous along its rows (one
  // vector per block): an identity layout, so it can be collapsed.
  auto aStrides = staticStrides(aType);
  if (!aStrides || (*aStrides)[1] != 1 || !yType.getLayout().isIdentity())
    return false;

  ImplicitLocOpBuilder b(op.getLoc(), op);
  auto vecType = VectorType::get({kBlock}, b.getF32Type());
  auto tileType = VectorType::get({kBlock, kBlock}, b.getF32Type());
  auto index = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, v);
  };
  Value c0 = index(0), c1 = index(1);
  Value yFlat = memref::CollapseShapeOp::create(
      b, y, SmallVector<ReassociationIndices>{{0, 1}});
  int64_t kMain = k / kBlock * kBlock;
  auto rows = scf::ForOp::create(b, c0, index(m), index(kBlock));
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(rows.getBody());
    Value i0 = rows.getInductionVar();
    Value acc0 = vector::LoadOp::create(b, vecType, yFlat, ValueRange{i0});
    SmallVector<Value> rowIndex;
    for (int64_t r = 0; r < kBlock; ++r)
      rowIndex.push_back(arith::AddIOp::create(b, i0, index(r)));
    // Full tiles: 16 row loads, one transpose, 16 column updates in k order.
    auto tiles = scf::ForOp::create(
        b, c0, index(kMain), index(kBlock), ValueRange{acc0},
        [&](OpBuilder &nested, Location loc, Value k0, ValueRange iter) {
          ImplicitLocOpBuilder nb(loc, nested);
          Value tile = arith::ConstantOp::create(
              nb, DenseElementsAttr::get(tileType, 0.0f));
          for (int64_t r = 0; r < kBlock; ++r) {
            Value row = vector::LoadOp::create(nb, vecType, a,
                                               ValueRange{rowIndex[r], k0});
            tile = vector::InsertOp::create(nb, row, tile, r);
          }
          Value columns =
              vector::TransposeOp::create(nb, tile, ArrayRef<int64_t>{1, 0});
          Value acc = iter[0];
          for (int64_t c = 0; c < kBlock; ++c) {
            Value column = vector::ExtractOp::create(nb, columns, c);
            Value kc = arith::AddIOp::create(
                nb, k0, arith::ConstantIndexOp::create(nb, c));
            Value wk = memref::LoadOp::create(
                nb, w, ValueRange{kc, arith::ConstantIndexOp::create(nb, 0)});
            Value product = arith::MulFOp::create(
                nb, column, vector::BroadcastOp::create(nb, vecType, wk));
            acc = arith::AddFOp::create(nb, acc, product);
          }
          scf::YieldOp::create(nb, acc);
        });
    // The last k % 16 columns one by one.
    auto rest = scf::ForOp::create(
        b, index(kMain), index(k), c1, tiles.getResults(),
        [&](OpBuilder &nested, Location loc, Value kc, ValueRange iter) {
          ImplicitLocOpBuilder nb(loc, nested);
          SmallVector<Value> elements;
          for (int64_t r = 0; r < kBlock; ++r)
            elements.push_back(
                memref::LoadOp::create(nb, a, ValueRange{rowIndex[r], kc}));
          Value column = vector::FromElementsOp::create(nb, vecType, elements);
          Value wk = memref::LoadOp::create(
              nb, w, ValueRange{kc, arith::ConstantIndexOp::create(nb, 0)});
          Value product = arith::MulFOp::create(
              nb, column, vector::BroadcastOp::create(nb, vecType, wk));
          scf::YieldOp::create(
              nb, ValueRange{arith::AddFOp::create(nb, iter[0], product)});
        });
    vector::StoreOp::create(b, rest.getResult(0), yFlat, ValueRange{i0});
  }
  op->erase();
  return true;
}

struct VectorizeMatvecPass
    : public aimc::impl::VectorizeMatvecPassBase<VectorizeMatvecPass> {
  void runOnOperation() override {
    SmallVector<linalg::MatmulOp> ops;
    getOperation()->walk([&](linalg::MatmulOp op) { ops.push_back(op); });
    for (linalg::MatmulOp op : ops)
      vectorizeMatvec(op);
  }
};

} // namespace
