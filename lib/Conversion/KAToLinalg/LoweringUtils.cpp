//===- LoweringUtils.cpp - Builders shared by the ka-lower patterns -------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "aimc/Dialect/KA/IR/KAOps.h"
#include "aimc/Conversion/KAToLinalg/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/Threading.h"

#include <cmath>

using namespace mlir;
using namespace aimc::ka;

namespace {

RankedTensorType tensorType(Value value) {
  return cast<RankedTensorType>(value.getType());
}

} // namespace

Value lowering::createF32(OpBuilder &b, Location loc, double value) {
  return arith::ConstantOp::create(
      b, loc, b.getF32FloatAttr(static_cast<float>(value)));
}

Value lowering::createFilled(OpBuilder &b, Location loc,
                             ArrayRef<int64_t> shape, Type elementType,
                             Value value) {
  Value empty = tensor::EmptyOp::create(b, loc, shape, elementType);
  return linalg::FillOp::create(b, loc, ValueRange{value}, ValueRange{empty})
      .getResult(0);
}

Value lowering::createElementwise(OpBuilder &b, Location loc,
                                  RankedTensorType resultType,
                                  ValueRange inputs,
                                  ArrayRef<AffineMap> inputMaps,
                                  ScalarBody body) {
  unsigned rank = resultType.getRank();
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(AffineMap::getMultiDimIdentityMap(rank, b.getContext()));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  Value init = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                       resultType.getElementType());
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args.drop_back());
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

AffineMap lowering::identity2D(MLIRContext *ctx) {
  return AffineMap::getMultiDimIdentityMap(2, ctx);
}

AffineMap lowering::columnBroadcast(MLIRContext *ctx) {
  return AffineMap::get(2, 0, {getAffineDimExpr(1, ctx)}, ctx);
}

AffineMap lowering::rowBroadcast(MLIRContext *ctx) {
  return AffineMap::get(2, 0, {getAffineDimExpr(0, ctx)}, ctx);
}

Value lowering::createMatmul(OpBuilder &b, Location loc, Value lhs, Value rhs,
                             StringRef role) {
  RankedTensorType lhsType = tensorType(lhs), rhsType = tensorType(rhs);
  Type f32 = b.getF32Type();
  Value init =
      createFilled(b, loc, {lhsType.getDimSize(0), rhsType.getDimSize(1)}, f32,
                   createF32(b, loc, 0.0));
  auto matmul =
      linalg::MatmulOp::create(b, loc, TypeRange{init.getType()},
                               ValueRange{lhs, rhs}, ValueRange{init});
  if (!role.empty())
    matmul->setAttr(kRoleAttrName, b.getStringAttr(role));
  return matmul.getResult(0);
}

Value lowering::addBias(OpBuilder &b, Location loc, Value matrix, Value bias) {
  MLIRContext *ctx = b.getContext();
  return createElementwise(
      b, loc, tensorType(matrix), {matrix, bias},
      {identity2D(ctx), columnBroadcast(ctx)},
      [](OpBuilder &nb, Location nl, ValueRange args) -> Value {
        return arith::AddFOp::create(nb, nl, args[0], args[1]);
      });
}

Value lowering::concatColumns(OpBuilder &b, Location loc, Value left,
                              Value right) {
  RankedTensorType leftType = tensorType(left), rightType = tensorType(right);
  int64_t rows = leftType.getDimSize(0);
  int64_t leftCols = leftType.getDimSize(1),
          rightCols = rightType.getDimSize(1);
  Value result = tensor::EmptyOp::create(
      b, loc, ArrayRef<int64_t>{rows, leftCols + rightCols}, b.getF32Type());
  SmallVector<OpFoldResult> strides = {b.getIndexAttr(1), b.getIndexAttr(1)};
  result = tensor::InsertSliceOp::create(
      b, loc, left, result, {b.getIndexAttr(0), b.getIndexAttr(0)},
      {b.getIndexAttr(rows), b.getIndexAttr(leftCols)}, strides);
  return tensor::InsertSliceOp::create(
      b, loc, right, result, {b.getIndexAttr(0), b.getIndexAttr(leftCols)},
      {b.getIndexAttr(rows), b.getIndexAttr(rightCols)}, strides);
}

DenseElementsAttr lowering::getConstantProjection(Value omega) {
  if (auto sample = omega.getDefiningOp<SampleProjectionOp>())
    return sample.sample();
  DenseElementsAttr attr;
  if (matchPattern(omega, m_Constant(&attr)))
    return attr;
  return {};
}

Value lowering::createTransposedConstant(OpBuilder &b, Location loc,
                                         DenseElementsAttr omega) {
  auto type = cast<RankedTensorType>(omega.getType());
  int64_t s = type.getDimSize(0), d = type.getDimSize(1);
  auto transposedType = RankedTensorType::get({d, s}, b.getF32Type());
  if (omega.isSplat())
    return arith::ConstantOp::create(b, loc, omega.reshape(transposedType));
  // Reads the f32 storage in place; pieces of kTransposeRows rows of Omega
  // (columns of the result) are transposed in parallel.
  constexpr int64_t kTransposeRows = 4096;
  const float *values =
      reinterpret_cast<const float *>(omega.getRawData().data());
  std::vector<float> transposed(static_cast<size_t>(s * d));
  mlir::parallelFor(b.getContext(), 0, llvm::divideCeil(s, kTransposeRows),
                    [&](size_t piece) {
                      int64_t begin =
                          static_cast<int64_t>(piece) * kTransposeRows;
                      int64_t end = std::min(s, begin + kTransposeRows);
                      for (int64_t k = 0; k < d; ++k) {
                        float *row = transposed.data() + k * s;
                        for (int64_t i = begin; i < end; ++i)
                          row[i] = values[i * d + k];
                      }
                    });
  return arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(transposedType, ArrayRef<float>(transposed)));
}

Value lowering::createFavorFeatures(OpBuilder &b, Location loc, Value z,
                                    Value x, double epsilon) {
  MLIRContext *ctx = b.getContext();
  RankedTensorType zType = tensorType(z);
  int64_t rows = zType.getDimSize(0);
  // halfNorm[n] = ||x[n]||^2 / 2 (linalg.generic reduction over columns).
  Value zero = createF32(b, loc, 0.0);
  Value init = createFilled(b, loc, {rows}, b.getF32Type(), zero);
  Value half = createF32(b, loc, 0.5);
  auto sumSquares = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{x}, ValueRange{init},
      ArrayRef<AffineMap>{identity2D(ctx), rowBroadcast(ctx)},
      ArrayRef<utils::IteratorType>{utils::IteratorType::parallel,
                                    utils::IteratorType::reduction},
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        Value square = arith::MulFOp::create(nb, nl, args[0], args[0]);
        Value halfSquare = arith::MulFOp::create(nb, nl, square, half);
        linalg::YieldOp::create(
            nb, nl,
            ValueRange{arith::AddFOp::create(nb, nl, args[1], halfSquare)});
      });
  Value halfNorm = sumSquares.getResult(0);
  Value scale = createF32(b, loc, 1.0 / std::sqrt(2.0 * zType.getDimSize(1)));
  Value eps = createF32(b, loc, epsilon);
  auto halfFeatures = [&](bool negate) {
    return createElementwise(
        b, loc, zType, {z, halfNorm}, {identity2D(ctx), rowBroadcast(ctx)},
        [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
          Value arg =
              negate ? Value(arith::NegFOp::create(nb, nl, args[0])) : args[0];
          Value shifted = arith::SubFOp::create(nb, nl, arg, args[1]);
          Value feature = arith::MulFOp::create(
              nb, nl, scale, math::ExpOp::create(nb, nl, shifted));
          if (epsilon == 0.0)
            return feature;
          return arith::AddFOp::create(nb, nl, feature, eps);
        });
  };
  Value positive = halfFeatures(false);
  Value negative = halfFeatures(true);
  return concatColumns(b, loc, positive, negative);
}

Value lowering::createRectifiedFeatures(OpBuilder &b, Location loc, Value z,
                                        int64_t order, double scale,
                                        double epsilon) {
  MLIRContext *ctx = b.getContext();
  Value zero = createF32(b, loc, 0.0);
  Value scaleValue = createF32(b, loc, scale);
  Value eps = createF32(b, loc, epsilon);
  return createElementwise(
      b, loc, tensorType(z), {z}, {identity2D(ctx)},
      [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
        Value v = args[0];
        Value positive =
            arith::CmpFOp::create(nb, nl, arith::CmpFPredicate::OGT, v, zero);
        Value power = scaleValue;
        for (int64_t i = 0; i < order; ++i)
          power = arith::MulFOp::create(nb, nl, power, v);
        Value feature = arith::SelectOp::create(nb, nl, positive, power, zero);
        if (epsilon == 0.0)
          return feature;
        return arith::AddFOp::create(nb, nl, feature, eps);
      });
}
