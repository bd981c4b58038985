//===- AIMCTypes.td - Types of the aimc dialect ------------*- tablegen -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_DIALECT_AIMC_IR_AIMCTYPES_TD
#define AIMC_DIALECT_AIMC_IR_AIMCTYPES_TD

include "aimc/Dialect/AIMC/IR/AIMCDialect.td"
include "mlir/IR/AttrTypeBase.td"

def AIMC_TileType : TypeDef<AIMC_Dialect, "Tile"> {
  let mnemonic = "tile";
  let summary = "A crossbar tile programmed with a K x N weight block";
  let description = [{
    The handle of a weight block programmed into (part of) one crossbar:
    `rows` inputs (K) by `cols` outputs (N).

    Example:

    ```mlir
    !aimc.tile<256x88>
    ```
  }];
  let parameters = (ins "int64_t":$rows, "int64_t":$cols);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

#endif // AIMC_DIALECT_AIMC_IR_AIMCTYPES_TD
