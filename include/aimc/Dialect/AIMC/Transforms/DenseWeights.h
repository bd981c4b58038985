//===- DenseWeights.h - Compile-time slicing of weights ---------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Constant weight matrices are rearranged at compile time: transposed into
// the K x N layout by `aimc-partition` and cut into crossbar blocks by
// `aimc-tile`. These helpers work on the raw bytes of dense floating-point
// elements (splats stay splats), so cutting a large matrix costs one copy.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_DIALECT_AIMC_TRANSFORMS_DENSEWEIGHTS_H
#define AIMC_DIALECT_AIMC_TRANSFORMS_DENSEWEIGHTS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace aimc {

/// The dense floating-point value of `value` when it is a compile-time
/// constant: an `arith.constant` (or other constant-like op) of dense
/// elements, possibly through `linalg.transpose` and `tensor.cast`, which are
/// folded. Elements must have a byte-multiple width.
std::optional<mlir::DenseElementsAttr> getConstantWeights(mlir::Value value);

/// `attr` with its dimensions permuted: result dim i is input dim perm[i].
mlir::DenseElementsAttr permuteDims(mlir::DenseElementsAttr attr,
                                    llvm::ArrayRef<int64_t> perm);

/// The sub-block [offsets, offsets + sizes) of `attr`, with the leading
/// `dropDims` unit dimensions of the block dropped from its type.
mlir::DenseElementsAttr sliceBlock(mlir::DenseElementsAttr attr,
                                   llvm::ArrayRef<int64_t> offsets,
                                   llvm::ArrayRef<int64_t> sizes,
                                   unsigned dropDims = 0);

} // namespace aimc

namespace aimc {
/// The bytes of every dense constant under `root` (splats counted as if
/// expanded, since tiling materialises them), saturating.
uint64_t countConstantWeightBytes(mlir::Operation *root);

/// Fails with an error on `root` naming `pass` if the constants under it
/// exceed the weight budget (aimc/Support/Limits.h).
mlir::LogicalResult checkWeightBudget(mlir::Operation *root,
                                      llvm::StringRef pass);
} // namespace aimc

#endif // AIMC_DIALECT_AIMC_TRANSFORMS_DENSEWEIGHTS_H
