//===- KAOps.h - ka dialect attributes and operations -----------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_DIALECT_KA_IR_KAOPS_H
#define AIMC_DIALECT_KA_IR_KAOPS_H

#include "aimc/Dialect/KA/IR/KADialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "aimc/Dialect/KA/IR/KAEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "aimc/Dialect/KA/IR/KAAttrs.h.inc"

#define GET_OP_CLASSES
#include "aimc/Dialect/KA/IR/KAOps.h.inc"

#endif // AIMC_DIALECT_KA_IR_KAOPS_H
