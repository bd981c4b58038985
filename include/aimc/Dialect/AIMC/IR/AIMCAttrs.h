//===- AIMCAttrs.h - Attributes of the aimc dialect -------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_DIALECT_AIMC_IR_AIMCATTRS_H
#define AIMC_DIALECT_AIMC_IR_AIMCATTRS_H

#include "aimc/Chip/ChipModel.h"

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/Hashing.h"

namespace aimc {
/// Hash of every parameter of a chip model (for `#aimc.chip` uniquing).
llvm::hash_code hash_value(const ChipModel &model);
} // namespace aimc

#define GET_ATTRDEF_CLASSES
#include "aimc/Dialect/AIMC/IR/AIMCAttrs.h.inc"

#endif // AIMC_DIALECT_AIMC_IR_AIMCATTRS_H
