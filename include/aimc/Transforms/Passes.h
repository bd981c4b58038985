//===- Passes.h - Passes of aimc's lowering pipelines -----------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_TRANSFORMS_PASSES_H
#define AIMC_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

#include <memory>

namespace aimc {

/// Name of the function attribute holding an entry point's tensor-level
/// function type, set by `aimc-emit-c-interface`.
constexpr llvm::StringLiteral kEntryTypeAttrName = "aimc.entry_type";

#define GEN_PASS_DECL
#include "aimc/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "aimc/Transforms/Passes.h.inc"

} // namespace aimc

#endif // AIMC_TRANSFORMS_PASSES_H
