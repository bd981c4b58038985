//===- AIMCTypes.cpp - Types of the aimc dialect --------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/AIMC/IR/AIMCTypes.h"
#include "aimc/Dialect/AIMC/IR/AIMCDialect.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace aimc;

#define GET_TYPEDEF_CLASSES
#include "aimc/Dialect/AIMC/IR/AIMCTypes.cpp.inc"

void AIMCDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "aimc/Dialect/AIMC/IR/AIMCTypes.cpp.inc"
      >();
}

Type TileType::parse(AsmParser &parser) {
  SmallVector<int64_t, 2> dims;
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLess() ||
      parser.parseDimensionList(dims, /*allowDynamic=*/false,
                                /*withTrailingX=*/false) ||
      parser.parseGreater())
    return {};
  if (dims.size() != 2) {
    parser.emitError(loc, "expected a 2-D tile shape 'rows x cols', got ")
        << dims.size() << " dimensions";
    return {};
  }
  return getChecked([&] { return parser.emitError(loc); }, parser.getContext(),
                    dims[0], dims[1]);
}

void TileType::print(AsmPrinter &printer) const {
  printer << '<' << getRows() << 'x' << getCols() << '>';
}

LogicalResult TileType::verify(function_ref<InFlightDiagnostic()> emitError,
                               int64_t rows, int64_t cols) {
  if (rows <= 0 || cols <= 0)
    return emitError() << "tile dimensions must be positive, got " << rows
                       << "x" << cols;
  return success();
}
