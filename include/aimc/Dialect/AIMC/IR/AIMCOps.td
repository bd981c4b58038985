//===- AIMCOps.td - Operations of the aimc dialect ---------*- tablegen -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_DIALECT_AIMC_IR_AIMCOPS_TD
#define AIMC_DIALECT_AIMC_IR_AIMCOPS_TD

include "aimc/Dialect/AIMC/IR/AIMCDialect.td"
include "aimc/Dialect/AIMC/IR/AIMCAttrs.td"
include "aimc/Dialect/AIMC/IR/AIMCTypes.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def AIMC_Float2DTensor : 2DTensorOf<[AnyFloat]>;

def AIMC_MatmulOp : AIMC_Op<"matmul", [
    Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "An analog matrix product with a constant weight, before tiling";
  let description = [{
    Marks `y = x * W` (x: B x K, W: K x N, y: B x N) as an analog computation
    whose constant weight matrix W will be programmed into crossbars. W may
    have any size; `aimc-tile` cuts it into crossbar blocks. The weights must
    be a compile-time constant (defined by a constant-like op such as
    `arith.constant`), since crossbars are programmed once, before inference.
    `config` (default `#aimc.mvm_config<>`) is the DAC/ADC/noise
    configuration every MVM of the product uses.

    Created by `aimc-partition` from linalg contractions; the accumulator of
    the original contraction is not part of this op (it is added digitally).

    Example:

    ```mlir
    %w = arith.constant dense<0.5> : tensor<300x600xf32>
    %analog = aimc.matmul %x, %w : tensor<4x300xf32>, tensor<300x600xf32> -> tensor<4x600xf32>
    %analog_0 = aimc.matmul %x, %w config <mode = four_phase>
        : tensor<4x300xf32>, tensor<300x600xf32> -> tensor<4x600xf32>
    ```
  }];
  let arguments = (ins AIMC_Float2DTensor:$input, AIMC_Float2DTensor:$weights,
                   OptionalAttr<AIMC_MVMConfigAttr>:$config);
  let results = (outs AIMC_Float2DTensor:$result);
  let assemblyFormat = [{
    $input `,` $weights (`config` $config^)? attr-dict `:` type($input) `,`
    type($weights) `->` type($result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The configuration, or the default one when `config` is absent.
    MVMConfigAttr getConfigOrDefault();
  }];
}

def AIMC_TileOp : AIMC_Op<"tile", [
    Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Declares a crossbar tile and programs a weight block into it";
  let description = [{
    Programs the constant K x N weight block `weights` (K <= crossbar rows,
    N <= crossbar columns of the module's chip) into one crossbar and yields
    the tile handle that `aimc.mvm` reads. `id` numbers the tile uniquely in
    the module (the runtime addresses tiles by it). `placement` (added by
    `aimc-place`) gives the chip, core and the row/column offset of the
    block's top-left cell.

    Verified against the module's chip: the block fits a crossbar, and when
    placed, the core (and chip) exists and the block stays inside the
    crossbar at its offsets. The first tile of a module also checks the whole
    module: tile ids are unique and no two placed blocks overlap on one
    crossbar (same chip and core, intersecting row x column rectangles).

    Example:

    ```mlir
    %w0 = arith.constant dense<1.0> : tensor<256x88xf32>
    %tile0 = aimc.tile [0] %w0 : tensor<256x88xf32> -> !aimc.tile<256x88>
    %tile_c3_r0_c128 = aimc.tile [1] %w0 at <core = 3, row = 0, col = 128>
        : tensor<256x88xf32> -> !aimc.tile<256x88>
    ```
  }];
  let arguments = (ins ConfinedAttr<I64Attr, [IntNonNegative]>:$id,
                   AIMC_Float2DTensor:$weights,
                   OptionalAttr<AIMC_PlacementAttr>:$placement);
  let results = (outs AIMC_TileType:$tile);
  let assemblyFormat = [{
    ` ` `[` $id `]` $weights (`at` $placement^)? attr-dict `:` type($weights)
    `->` qualified(type($tile))
  }];
  let hasVerifier = 1;
}

def AIMC_MVMOp : AIMC_Op<"mvm", [
    Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "An analog matrix-vector multiplication of a batch on a tile";
  let description = [{
    Computes `y = x * W` on the crossbar tile holding W (K x N) for every row
    of the batch `x` (B x K): the inputs go through the DACs, the products
    are summed along the crossbar columns and digitised by the ADCs, all as
    configured by `config` (default `#aimc.mvm_config<>`). The result is
    B x N.

    Example:

    ```mlir
    %mvm = aimc.mvm %tile0(%x) : !aimc.tile<256x88>, tensor<4x256xf32> -> tensor<4x88xf32>
    %mvm_0 = aimc.mvm %tile0(%x) config <calibration = percentile>
        : !aimc.tile<256x88>, tensor<4x256xf32> -> tensor<4x88xf32>
    ```
  }];
  let arguments = (ins AIMC_TileType:$tile, AIMC_Float2DTensor:$input,
                   OptionalAttr<AIMC_MVMConfigAttr>:$config);
  let results = (outs AIMC_Float2DTensor:$result);
  let assemblyFormat = [{
    $tile `(` $input `)` (`config` $config^)? attr-dict `:`
    qualified(type($tile)) `,` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The configuration, or the default one when `config` is absent.
    MVMConfigAttr getConfigOrDefault();
  }];
}

def AIMC_AccumulateOp : AIMC_Op<"accumulate", [
    Pure, SameOperandsAndResultType,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Digital sum of the partial results of row-split blocks";
  let description = [{
    Adds the B x N partial results of the MVMs on the row blocks of one
    column block of a split weight matrix. It runs digitally, after the ADC.
    One operand folds to itself; nested single-use accumulations are
    flattened by canonicalization.

    Example:

    ```mlir
    %acc = aimc.accumulate %mvm, %mvm_0 : tensor<4x88xf32>
    ```
  }];
  let arguments = (ins Variadic<AIMC_Float2DTensor>:$partials);
  let results = (outs AIMC_Float2DTensor:$result);
  let assemblyFormat = "$partials attr-dict `:` type($result)";
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

#endif // AIMC_DIALECT_AIMC_IR_AIMCOPS_TD
