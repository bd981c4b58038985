//===- Passes.h - aimc's conversion passes ----------------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_CONVERSION_PASSES_H
#define AIMC_CONVERSION_PASSES_H

#include "aimc/Conversion/AIMCToRuntime/AIMCToRuntime.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace aimc {

#define GEN_PASS_DECL
#include "aimc/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "aimc/Conversion/Passes.h.inc"

} // namespace aimc

#endif // AIMC_CONVERSION_PASSES_H
