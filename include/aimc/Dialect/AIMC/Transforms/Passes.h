//===- Passes.h - Passes of the aimc dialect --------------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_DIALECT_AIMC_TRANSFORMS_PASSES_H
#define AIMC_DIALECT_AIMC_TRANSFORMS_PASSES_H

#include "aimc/Dialect/AIMC/IR/AIMCDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace aimc {

#define GEN_PASS_DECL
#include "aimc/Dialect/AIMC/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "aimc/Dialect/AIMC/Transforms/Passes.h.inc"

} // namespace aimc

#endif // AIMC_DIALECT_AIMC_TRANSFORMS_PASSES_H
