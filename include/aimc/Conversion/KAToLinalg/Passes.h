//===- Passes.h - ka dialect passes -----------------------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_CONVERSION_KATOLINALG_PASSES_H
#define AIMC_CONVERSION_KATOLINALG_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

namespace aimc::ka {

/// The discardable attribute naming the role of a lowered matmul, and its
/// values.
constexpr llvm::StringLiteral kRoleAttrName = "ka.role";
constexpr llvm::StringLiteral kRoleProjection = "projection";
constexpr llvm::StringLiteral kRoleReadout = "readout";

/// Adds the patterns that expand each ka op into upstream ops.
void populateKALowerPatterns(mlir::RewritePatternSet &patterns);

#define GEN_PASS_DECL
#include "aimc/Conversion/KAToLinalg/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "aimc/Conversion/KAToLinalg/Passes.h.inc"

} // namespace aimc::ka

#endif // AIMC_CONVERSION_KATOLINALG_PASSES_H
