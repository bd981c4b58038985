//===- AIMCTypes.h - Types of the aimc dialect ------------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_DIALECT_AIMC_IR_AIMCTYPES_H
#define AIMC_DIALECT_AIMC_IR_AIMCTYPES_H

#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/Types.h"

#define GET_TYPEDEF_CLASSES
#include "aimc/Dialect/AIMC/IR/AIMCTypes.h.inc"

#endif // AIMC_DIALECT_AIMC_IR_AIMCTYPES_H
