//===- AIMCAttrs.td - Attributes of the aimc dialect -------*- tablegen -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_DIALECT_AIMC_IR_AIMCATTRS_TD
#define AIMC_DIALECT_AIMC_IR_AIMCATTRS_TD

include "aimc/Dialect/AIMC/IR/AIMCDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

class AIMC_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<AIMC_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def AIMC_CalibrationMaxAbs : I32EnumAttrCase<"MaxAbs", 0, "max_abs">;
def AIMC_CalibrationPercentile : I32EnumAttrCase<"Percentile", 1, "percentile">;
def AIMC_CalibrationFixed : I32EnumAttrCase<"Fixed", 2, "fixed">;
def AIMC_Calibration : I32EnumAttr<"Calibration",
    "how the DAC input range of an analog MVM is chosen",
    [AIMC_CalibrationMaxAbs, AIMC_CalibrationPercentile,
     AIMC_CalibrationFixed]> {
  let cppNamespace = "::aimc";
  let genSpecializedAttr = 0;
}

def AIMC_ChipAttr : AIMC_Attr<"Chip", "chip"> {
  let summary = "Geometry, converter resolution and MVM costs of an AIMC chip";
  let description = [{
    Describes the target chip: the number of cores, the crossbar size, the
    DAC and ADC resolutions, the PCM devices per weight and the latency and
    energy of one full-crossbar MVM in 1-phase and 4-phase read mode. It is
    the IR form of `aimc::ChipModel`; `getModel()` and `ChipAttr::get(ctx,
    model)` convert. The verifier runs `ChipModel::validate()`.

    The first parameter names a preset (`"hermes"`); keys that are not given
    take the preset's values (HERMES values for an unknown name), and the
    printer only prints the keys that differ from the preset.

    Example:

    ```mlir
    module attributes {aimc.chip = #aimc.chip<"hermes">} {}
    module attributes {aimc.chip = #aimc.chip<"small", cores = 4, rows = 64,
        cols = 32, adc_bits = 6, one_phase_latency_ns = 50.0>} {}
    ```

    Keys: `cores`, `rows`, `cols`, `dac_bits`, `adc_bits`,
    `devices_per_weight`, `one_phase_latency_ns`, `one_phase_energy_nj`,
    `four_phase_latency_ns`, `four_phase_energy_nj`.
  }];
  let parameters = (ins
    StringRefParameter<"preset name">:$name,
    "int64_t":$cores,
    "int64_t":$rows,
    "int64_t":$cols,
    "int64_t":$dacBits,
    "int64_t":$adcBits,
    "int64_t":$devicesPerWeight,
    APFloatParameter<"1-phase MVM latency (ns)">:$onePhaseLatencyNs,
    APFloatParameter<"1-phase MVM energy (nJ)">:$onePhaseEnergyNJ,
    APFloatParameter<"4-phase MVM latency (ns)">:$fourPhaseLatencyNs,
    APFloatParameter<"4-phase MVM energy (nJ)">:$fourPhaseEnergyNJ
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Builds the attribute describing `model`.
    static ChipAttr get(::mlir::MLIRContext *context,
                        const ::aimc::ChipModel &model);
    /// Like `get`, but reports an invalid model through `emitError`.
    static ChipAttr
    getChecked(::llvm::function_ref<::mlir::InFlightDiagnostic()> emitError,
               ::mlir::MLIRContext *context, const ::aimc::ChipModel &model);
    /// The chip model this attribute describes.
    ::aimc::ChipModel getModel() const;
  }];
}

def AIMC_MVMConfigAttr : AIMC_Attr<"MVMConfig", "mvm_config"> {
  let summary = "DAC, ADC and noise configuration of an analog MVM";
  let description = [{
    How an analog MVM is run:

    - `mode`: `one_phase` (default) or `four_phase` read of the crossbar
      (4-phase reads each polarity and input sign separately: more precise,
      four times the time and energy);
    - `calibration`: how the input range mapped to the DAC's full scale is
      chosen: `max_abs` (default, the largest |x| of the batch row),
      `percentile` (the `percentile`-th percentile of |x|, clipping
      outliers) or `fixed` (the constant `input_range`);
    - `percentile` (default 99.995) and `input_range` (default 1.0);
    - `noise_scale`: multiplies the chip's programming and read noise
      (default 1.0; 0 runs the MVM noise-free, keeping only quantisation).

    Keys equal to their default are not printed; `#aimc.mvm_config<>` is the
    default configuration.

    Example:

    ```mlir
    #aimc.mvm_config<>
    #aimc.mvm_config<mode = four_phase, calibration = percentile, percentile = 99.9>
    #aimc.mvm_config<calibration = fixed, input_range = 3.5, noise_scale = 0.0>
    ```
  }];
  let parameters = (ins
    "::aimc::MVMMode":$mode,
    "::aimc::Calibration":$calibration,
    APFloatParameter<"percentile for `percentile` calibration">:$percentile,
    APFloatParameter<"input range for `fixed` calibration">:$inputRange,
    APFloatParameter<"scale of the programming and read noise">:$noiseScale
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The default configuration (1-phase, max_abs calibration, full noise).
    static MVMConfigAttr getDefault(::mlir::MLIRContext *context);
    bool isDefault() const { return *this == getDefault(getContext()); }
  }];
}

def AIMC_PlacementAttr : AIMC_Attr<"Placement", "placement"> {
  let summary = "Where a crossbar tile is programmed";
  let description = [{
    The chip index (only printed when non-zero), core and the row and column
    offsets of a block's top-left cell inside the core's crossbar.

    Example:

    ```mlir
    #aimc.placement<core = 3, row = 0, col = 128>
    #aimc.placement<chip = 1, core = 0, row = 44, col = 0>
    ```
  }];
  let parameters = (ins
    DefaultValuedParameter<"int64_t", "0", "chip index">:$chip,
    "int64_t":$core,
    "int64_t":$row,
    "int64_t":$col
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

#endif // AIMC_DIALECT_AIMC_IR_AIMCATTRS_TD
