//===- LoweringUtils.h - Builders for the ka-lower patterns -----*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Small builders of upstream ops on static-shape f32 tensors, used by the
// patterns that expand ka ops (ka-lower).
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_LIB_CONVERSION_KATOLINALG_LOWERINGUTILS_H
#define AIMC_LIB_CONVERSION_KATOLINALG_LOWERINGUTILS_H

#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Support/LLVM.h"

namespace aimc::ka::lowering {

/// Body of an elementwise linalg.generic: maps the scalar inputs to the
/// scalar output.
using ScalarBody = llvm::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;

/// A scalar f32 constant.
mlir::Value createF32(mlir::OpBuilder &b, mlir::Location loc, double value);

/// tensor.empty of `shape` filled with `value` by linalg.fill.
mlir::Value createFilled(mlir::OpBuilder &b, mlir::Location loc,
                         llvm::ArrayRef<int64_t> shape, mlir::Type elementType,
                         mlir::Value value);

/// An all-parallel linalg.generic producing `resultType`; input `i` is read
/// through `inputMaps[i]` (from the result's iteration space).
mlir::Value createElementwise(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::RankedTensorType resultType,
                              mlir::ValueRange inputs,
                              llvm::ArrayRef<mlir::AffineMap> inputMaps,
                              ScalarBody body);

/// Identity map of a rank-2 iteration space.
mlir::AffineMap identity2D(mlir::MLIRContext *ctx);
/// (n, i) -> (i): a row vector broadcast over the rows.
mlir::AffineMap columnBroadcast(mlir::MLIRContext *ctx);
/// (n, i) -> (n): a column vector broadcast over the columns.
mlir::AffineMap rowBroadcast(mlir::MLIRContext *ctx);

/// linalg.matmul lhs (B x K) * rhs (K x N) into a zero-filled B x N tensor,
/// tagged `ka.role = role` unless `role` is empty.
mlir::Value createMatmul(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Value lhs, mlir::Value rhs,
                         llvm::StringRef role);

/// matrix[n][c] + bias[c].
mlir::Value addBias(mlir::OpBuilder &b, mlir::Location loc, mlir::Value matrix,
                    mlir::Value bias);

/// [left, right] along the columns (tensor.insert_slice into tensor.empty).
mlir::Value concatColumns(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Value left, mlir::Value right);

/// The constant Omega (s x d) of `omega` when it is a ka.sample_projection
/// or a dense constant, else a null attribute.
mlir::DenseElementsAttr getConstantProjection(mlir::Value omega);

/// arith.constant holding Omega^T (d x s), the crossbar weights.
mlir::Value createTransposedConstant(mlir::OpBuilder &b, mlir::Location loc,
                                     mlir::DenseElementsAttr omega);

/// FAVOR+ features (2s)^(-1/2) [exp(z - |x|^2/2), exp(-z - |x|^2/2)] + eps.
mlir::Value createFavorFeatures(mlir::OpBuilder &b, mlir::Location loc,
                                mlir::Value z, mlir::Value x, double epsilon);

/// scale * Theta(z) * z^order + eps, order in {0, 1, 2} (Theta(0) = 0).
mlir::Value createRectifiedFeatures(mlir::OpBuilder &b, mlir::Location loc,
                                    mlir::Value z, int64_t order, double scale,
                                    double epsilon);

} // namespace aimc::ka::lowering

#endif // AIMC_LIB_CONVERSION_KATOLINALG_LOWERINGUTILS_H
