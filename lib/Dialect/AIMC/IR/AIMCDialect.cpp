//===- AIMCDialect.cpp - The aimc dialect ---------------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/AIMC/IR/AIMCDialect.h"
#include "aimc/Dialect/AIMC/IR/AIMCOps.h"
#include "aimc/Dialect/AIMC/IR/AIMCRuntime.h"

#include "mlir/IR/BuiltinOps.h"

using namespace mlir;
using namespace aimc;

#include "aimc/Dialect/AIMC/IR/AIMCDialect.cpp.inc"

void AIMCDialect::initialize() {
  registerAttributes();
  registerTypes();
  addOperations<
#define GET_OP_LIST
#include "aimc/Dialect/AIMC/IR/AIMCOps.cpp.inc"
      >();
}

LogicalResult AIMCDialect::verifyOperationAttribute(Operation *op,
                                                    NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == kChipAttrName) {
    if (!isa<ChipAttr>(attr.getValue()))
      return op->emitError()
             << "'" << name << "' must be a #aimc.chip attribute, got "
             << attr.getValue();
    if (!isa<ModuleOp>(op))
      return op->emitError()
             << "'" << name << "' may only be attached to a builtin.module";
    return success();
  }
  if (name == kNumChipsAttrName || name == kCrossbarsUsedAttrName) {
    auto count = dyn_cast<IntegerAttr>(attr.getValue());
    if (!count || count.getValue().getSExtValue() < 0 ||
        (name == kNumChipsAttrName && count.getValue().getSExtValue() < 1))
      return op->emitError()
             << "'" << name << "' must be a positive integer, got "
             << attr.getValue();
    return success();
  }
  if (name == kUtilizationAttrName || name == kChipUtilizationAttrName) {
    auto value = dyn_cast<FloatAttr>(attr.getValue());
    if (!value || value.getValueAsDouble() < 0.0 ||
        value.getValueAsDouble() > 1.0)
      return op->emitError()
             << "'" << name << "' must be a float in [0, 1], got "
             << attr.getValue();
    return success();
  }
  if (name == runtime::kAnalogOpsAttr) {
    auto ops = dyn_cast<ArrayAttr>(attr.getValue());
    bool wellFormed = ops && isa<ModuleOp>(op);
    for (Attribute element : ops ? ops.getValue() : ArrayRef<Attribute>()) {
      auto entry = dyn_cast<DictionaryAttr>(element);
      wellFormed &= entry && entry.size() == 2 &&
                    entry.getAs<StringAttr>("name") &&
                    entry.getAs<DenseI64ArrayAttr>("tiles");
    }
    if (!wellFormed)
      return op->emitError()
             << "'" << name
             << "' must be an array of {name = \"...\", tiles = "
                "array<i64: ...>} on a builtin.module, got "
             << attr.getValue();
    return success();
  }
  return success();
}
