//===- AIMCOps.h - Operations of the aimc dialect ---------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_DIALECT_AIMC_IR_AIMCOPS_H
#define AIMC_DIALECT_AIMC_IR_AIMCOPS_H

#include "aimc/Dialect/AIMC/IR/AIMCAttrs.h"
#include "aimc/Dialect/AIMC/IR/AIMCDialect.h"
#include "aimc/Dialect/AIMC/IR/AIMCTypes.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "aimc/Dialect/AIMC/IR/AIMCOps.h.inc"

#endif // AIMC_DIALECT_AIMC_IR_AIMCOPS_H
