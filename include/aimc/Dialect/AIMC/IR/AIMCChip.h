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
#include "llvm/Support/Error.h"

#include <string>

namespace mlir {
class MLIRContext;
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

/// Parses a chip as the command line and Python write it: a preset name
/// (`hermes`, `pcm`, `ideal`) or `#aimc.chip<...>` attribute text. `source`
/// names the text in errors, which give the line and column in it
/// (`--chip:1:23: unknown #aimc.chip key ...`). Uses `context` (which must
/// allow loading the aimc dialect) or a private one.
llvm::Expected<ChipModel> parseChip(llvm::StringRef text,
                                    llvm::StringRef source = "chip",
                                    mlir::MLIRContext *context = nullptr);

/// The attribute text of `model`: `#aimc.chip<"hermes", adc_bits = 4>`, the
/// form parseChip reads back.
std::string printChip(const ChipModel &model);

/// How many chips a placement may use (`aimc.num_chips`, default 1).
int64_t getNumChips(mlir::Operation *op);

/// Checks, over every `aimc.tile` nested in `root`, that tile ids are unique
/// and that no two placed blocks overlap on one crossbar; reports the first
/// offending tile. Runs in O(n log n) for n tiles.
llvm::LogicalResult verifyCrossbarOccupancy(mlir::Operation *root,
                                            const ChipModel &chip);

} // namespace aimc

#endif // AIMC_DIALECT_AIMC_IR_AIMCCHIP_H
