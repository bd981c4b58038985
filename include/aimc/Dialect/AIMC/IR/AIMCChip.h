//===- AIMCChip.h - The chip a module targets -------------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Queries of the chip an operation is compiled for. A module names its chip
// with the discardable attribute `aimc.chip = #aimc.chip<...>`; without it the
// chip is IBM HERMES. Verifiers and passes ask these helpers instead of
// hard-coding any limit.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_DIALECT_AIMC_IR_AIMCCHIP_H
#define AIMC_DIALECT_AIMC_IR_AIMCCHIP_H

#include "aimc/Chip/ChipModel.h"

#include "mlir/Support/LLVM.h"

namespace mlir {
class Operation;
class ModuleOp;
} // namespace mlir

namespace aimc {
class ChipAttr;

/// The `#aimc.chip` of the closest enclosing operation (or `op` itself) that
/// carries `aimc.chip`, or a null attribute.
ChipAttr getChipAttr(mlir::Operation *op);

/// The chip model `op` is compiled for: its module's `aimc.chip`, or HERMES.
ChipModel getChipModel(mlir::Operation *op);

/// How many chips a placement may use (`aimc.num_chips`, default 1).
int64_t getNumChips(mlir::Operation *op);

/// Checks, over every `aimc.tile` nested in `root`, that tile ids are unique
/// and that no two placed blocks overlap on one crossbar; reports the first
/// offending tile. Runs in O(n log n) for n tiles.
llvm::LogicalResult verifyCrossbarOccupancy(mlir::Operation *root,
                                            const ChipModel &chip);

} // namespace aimc

#endif // AIMC_DIALECT_AIMC_IR_AIMCCHIP_H
