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

def AIMC_ChipAttr : AIMC_Attr<"Chip", "chip"> {
  let summary = "Everything about an AIMC chip: geometry, converters, device "
                "model and costs";
  let description = [{
    Describes the target chip: the number of cores and the crossbar size,
    the DAC and ADC resolution and how their ranges are calibrated, the PCM
    device model (noise model, programming and read noise scales, drift and
    its compensation, g_max, weight clipping) and the latency and energy of
    an MVM and of digital operations. It is the IR form of
    `aimc::ChipModel`, whose parameters, valid ranges and presets are one
    table, `include/aimc/Chip/ChipParameters.def`; this attribute's parser,
    printer and verifier, the C API, the run report and Python's `aimc.Chip`
    are generated from it. The same text is what `aimc-run --chip=...`,
    `aimc-compile="chip=..."` and `aimc.Chip.parse` take.

    The first parameter names a preset: `"hermes"` (IBM HERMES, the
    default), `"pcm"` (HERMES with aihwkit's PCMLikeNoiseModel) or
    `"ideal"` (no noise, exact converters); any other name is a label for a
    chip derived from HERMES. `key = value` pairs override parameters
    (integers, reals, `true`/`false` or a keyword); the printer prints only
    the keys that differ from the preset. Every value is checked against its
    range (e.g. `cores` in [1, 65536]), so products like cores * rows * cols
    cannot overflow.

    Example:

    ```mlir
    module attributes {aimc.chip = #aimc.chip<"hermes">} {}
    module attributes {aimc.chip = #aimc.chip<"hermes", adc_bits = 4,
        read_noise_scale = 0.5, drift = false>} {}
    module attributes {aimc.chip = #aimc.chip<"small", cores = 4, rows = 64,
        cols = 32, adc_bits = 6, one_phase_latency_ns = 50.0>} {}
    ```

    Keys (docs/Dialects/AIMC.md lists ranges and presets): geometry `cores`,
    `rows`, `cols`, `devices_per_weight`; converters `dac_bits`,
    `adc_bits`, `quantize_inputs`, `quantize_outputs`, `input_range_mode`,
    `input_scaling`, `input_range`, `input_percentile`, `output_range_mode`,
    `output_range`, `output_range_factor`, `output_percentile`,
    `output_margin`, `adc_gain_sigma`, `adc_offset_sigma_lsb`,
    `adc_nonlinearity`, `adc_nonlinearity_std`, `output_noise`,
    `affine_calibration`; array
    effects `ir_drop`, `ir_drop_g_ratio`, `ir_drop_time_resolved`,
    `ir_drop_rs`, `ir_drop_v_read`, `polarity_asymmetry`,
    `polarity_asymmetry_std`; device
    `noise_model` (hermes, pcm, none), `prog_noise_scale`,
    `read_noise_scale`, `drift`, `drift_scale`, `drift_compensation`
    (random, onehot, none; true and false still mean random and none),
    `g_max`, `g_max_sigma`, `weight_scaling`, `clip_sigmas`; costs
    `one_phase_latency_ns`, `one_phase_energy_nj`, `four_phase_latency_ns`,
    `four_phase_energy_nj`, `add_energy_pj`, `multiply_energy_pj`,
    `transcendental_energy_pj`, `other_energy_pj`, `digital_gops_per_core`.
  }];
  let parameters = (ins
    AttrParameter<"::aimc::ChipModel", "the chip model",
                  "const ::aimc::ChipModel &">:$model
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The preset name or label.
    ::llvm::StringRef getName() const { return getModel().name; }
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
