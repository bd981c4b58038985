//===- KADialect.cpp - The ka dialect -------------------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/KA/IR/KADialect.h"

#include "aimc/Dialect/KA/IR/KAOps.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace aimc::ka;

#include "aimc/Dialect/KA/IR/KADialect.cpp.inc"
#include "aimc/Dialect/KA/IR/KAEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "aimc/Dialect/KA/IR/KAAttrs.cpp.inc"

void KADialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "aimc/Dialect/KA/IR/KAAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "aimc/Dialect/KA/IR/KAOps.cpp.inc"
      >();
}

Operation *KADialect::materializeConstant(OpBuilder &builder, Attribute value,
                                          Type type, Location loc) {
  return arith::ConstantOp::materialize(builder, value, type, loc);
}
