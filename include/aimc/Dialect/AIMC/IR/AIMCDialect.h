//===- AIMCDialect.h - The aimc dialect -------------------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_DIALECT_AIMC_IR_AIMCDIALECT_H
#define AIMC_DIALECT_AIMC_IR_AIMCDIALECT_H

#include "mlir/IR/Dialect.h"

#include "aimc/Dialect/AIMC/IR/AIMCDialect.h.inc"

#endif // AIMC_DIALECT_AIMC_IR_AIMCDIALECT_H
