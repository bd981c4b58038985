//===- AIMCDialect.td - The aimc dialect definition --------*- tablegen -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_DIALECT_AIMC_IR_AIMCDIALECT_TD
#define AIMC_DIALECT_AIMC_IR_AIMCDIALECT_TD

include "mlir/IR/OpBase.td"

def AIMC_Dialect : Dialect {
  let name = "aimc";
  let cppNamespace = "::aimc";
  let summary = "Analog in-memory computing at the hardware level";
  let description = [{
    The `aimc` dialect describes the analog part of a heterogeneous
    analog/digital program at the level of the chip: which matrix products
    run as analog matrix-vector multiplications (MVMs), how their constant
    weight matrices are cut into crossbar-sized blocks, on which core and at
    which row/column offset of the crossbar each block is programmed, and how
    the partial sums of row-split blocks are accumulated digitally after the
    ADC.

    The chip is described by the `#aimc.chip` attribute that a module carries
    as the discardable attribute `aimc.chip`; without it the chip is IBM
    HERMES (64 cores of 256x256 PCM crossbars). Every hardware limit the
    verifiers check comes from `aimc::ChipModel`.

    Weight layout: an analog product computes `y = x * W` with `x: B x K`
    (batch x inputs, driven by the DACs on the crossbar rows) and `W: K x N`
    (N outputs, read by the ADCs on the crossbar columns).
  }];
  let useDefaultAttributePrinterParser = 1;
  let useDefaultTypePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    /// The discardable module attribute holding the `#aimc.chip`.
    static constexpr ::llvm::StringLiteral kChipAttrName = "aimc.chip";
    /// The discardable module attribute giving the number of chips a
    /// multi-chip placement spreads over (1 when absent).
    static constexpr ::llvm::StringLiteral kNumChipsAttrName = "aimc.num_chips";
    /// Placement statistics written by `aimc-place`.
    static constexpr ::llvm::StringLiteral kUtilizationAttrName =
        "aimc.utilization";
    static constexpr ::llvm::StringLiteral kChipUtilizationAttrName =
        "aimc.chip_utilization";
    static constexpr ::llvm::StringLiteral kCrossbarsUsedAttrName =
        "aimc.crossbars_used";

  private:
    void registerAttributes();
    void registerTypes();
  }];
}

class AIMC_Op<string mnemonic, list<Trait> traits = []>
    : Op<AIMC_Dialect, mnemonic, traits>;

#endif // AIMC_DIALECT_AIMC_IR_AIMCDIALECT_TD
