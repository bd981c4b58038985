//===- ChipModel.h - Every parameter of an AIMC chip ------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The single source of truth for a chip: its geometry, converters, device
// model and costs. The fields, their valid ranges and the presets come from
// one table, aimc/Chip/ChipParameters.def, from which the `#aimc.chip`
// attribute, the C API struct, the report JSON and Python's aimc.Chip are
// generated too. The `aimc` dialect's verifiers, the tiling and placement
// passes and the simulated executor all query this model; no hardware number
// is written into op or pass code.
//
// Presets: `hermes` (the default: IBM HERMES, Le Gallo et al., Nature
// Electronics 2023: 64 cores of 256x256 crossbars with 4 PCM devices per
// weight, 8-bit signed PWM inputs and 8-bit ADC outputs, its device model;
// a full 256x256 MVM takes 133 ns in 1-phase mode, the chip peaks at 63.1
// TOPS and 9.76 TOPS/W; in 4-phase mode 16.1 TOPS and 2.48 TOPS/W), `pcm`
// (the same chip with aihwkit's PCMLikeNoiseModel) and `ideal` (no noise,
// exact converters). Operations count a multiply-accumulate as two.
//
// This library has no MLIR or LLVM dependency.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_CHIP_CHIPMODEL_H
#define AIMC_CHIP_CHIPMODEL_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace aimc {

/// Cost of one full-crossbar MVM on one core in a given read mode.
struct MVMCost {
  /// Wall time of one MVM of a whole crossbar, in nanoseconds.
  double latencyNs = 0;
  /// Energy of one MVM of a whole crossbar on one core, in nanojoules.
  double energyNJ = 0;
};

/// How the crossbar is read. 4-phase mode reads each polarity and input sign
/// separately for higher precision, at four times the time and energy.
enum class MVMMode { OnePhase, FourPhase };

// The enumerations of the table; their numbering, spelling and C names are
// the AIMC_CHIP_ENUM_CASE rows of ChipParameters.def (checked below).

/// Which fitted PCM device model the simulator uses.
enum class NoiseModelKind : int32_t { None = 0, PCMLike = 1, Hermes = 2 };
/// How a converter range is chosen: the largest magnitude or a percentile
/// of the calibration data, or a fixed value. The same enumeration is an
/// analog MVM's `#aimc.mvm_config` calibration.
enum class Calibration : int32_t { MaxAbs = 0, Percentile = 1, Fixed = 2 };
/// How weights are scaled to conductances: each column's largest |w| to
/// g_max (HERMES scales per column in its local digital unit), or the
/// block's.
enum class WeightScaling : int32_t { PerColumn = 0, PerTile = 1 };
/// How the DAC range is set: one range per tile (input_range_mode), or each
/// input vector scaled to its own largest |x| (aihwkit's noise management
/// ABS_MAX), the outputs scaled back digitally.
enum class InputScaling : int32_t { PerTile = 0, PerVector = 1 };
/// The inputs of the global drift compensation's calibration read: none
/// (no compensation), 64 uniform random vectors, or the one-hot vectors of
/// aihwkit's GlobalDriftCompensation (docs/NonIdealities.md).
enum class DriftCompensation : int32_t { None = 0, Random = 1, OneHot = 2 };

#define AIMC_CHIP_ENUM_CASE(TYPE, CASE, SPELLING, CNAME, VALUE)                \
  static_assert(static_cast<int32_t>(TYPE::CASE) == VALUE,                     \
                "ChipParameters.def numbers " #TYPE "::" #CASE                 \
                " differently");
#include "aimc/Chip/ChipParameters.def"

/// The IR spelling of an enumerator ("max_abs", "hermes", ...).
const char *stringifyNoiseModelKind(NoiseModelKind value);
const char *stringifyCalibration(Calibration value);
const char *stringifyWeightScaling(WeightScaling value);
const char *stringifyDriftCompensation(DriftCompensation value);
const char *stringifyInputScaling(InputScaling value);
std::optional<NoiseModelKind> symbolizeNoiseModelKind(const std::string &text);
std::optional<Calibration> symbolizeCalibration(const std::string &text);
std::optional<WeightScaling> symbolizeWeightScaling(const std::string &text);
std::optional<DriftCompensation>
symbolizeDriftCompensation(const std::string &text);
std::optional<InputScaling> symbolizeInputScaling(const std::string &text);

/// What kind of value a chip parameter holds.
enum class ChipParamKind { Int, Real, Bool, Enum };

/// One row of ChipParameters.def.
struct ChipParamInfo {
  /// The key in `#aimc.chip<...>`, the C API, JSON and Python.
  const char *key;
  ChipParamKind kind;
  /// Valid range, inclusive (Int, Real); for Real, `minOpen` excludes min.
  int64_t intMin = 0, intMax = 0;
  double realMin = 0, realMax = 0;
  bool minOpen = false;
  /// The enumerators' spellings, in numbering order (Enum).
  std::vector<const char *> cases;
  const char *doc;
  /// The values `false` and `true` stand for: 0 and 1 for a Bool; for an
  /// Enum that was a bool (AIMC_CHIP_ENUM_BOOL) its cases; else -1 (the
  /// words are not accepted).
  int64_t falseCase = -1, trueCase = -1;
};

/// A parameter's value: `integer` for Int, Bool (0/1) and Enum (the
/// enumerator's number), `real` for Real.
struct ChipValue {
  int64_t integer = 0;
  double real = 0;
  static ChipValue ofInt(int64_t v) { return {v, 0}; }
  static ChipValue ofReal(double v) { return {0, v}; }
  bool operator==(const ChipValue &o) const {
    return integer == o.integer && real == o.real;
  }
};

/// A chip: every parameter of ChipParameters.def, plus the name of the preset
/// it was derived from. Default-constructed, it is the `hermes` preset.
struct ChipModel {
  /// The preset name, or a user's label for a chip derived from HERMES.
  std::string name = "hermes";

#define AIMC_CHIP_INT(FIELD, KEY, MIN, MAX, HERMES, PCM, IDEAL, DOC)           \
  int64_t FIELD = HERMES;
#define AIMC_CHIP_REAL(FIELD, KEY, MIN, MIN_OPEN, MAX, HERMES, PCM, IDEAL,     \
                       DOC)                                                    \
  double FIELD = HERMES;
#define AIMC_CHIP_BOOL(FIELD, KEY, HERMES, PCM, IDEAL, DOC) bool FIELD = HERMES;
#define AIMC_CHIP_ENUM(FIELD, KEY, TYPE, HERMES, PCM, IDEAL, DOC)              \
  TYPE FIELD = TYPE::HERMES;
#include "aimc/Chip/ChipParameters.def"

  /// IBM HERMES with its device model, the default.
  static ChipModel hermes();
  /// HERMES geometry and costs with aihwkit's PCMLikeNoiseModel.
  static ChipModel pcm();
  /// No noise, drift, clipping or quantisation: exact float MVMs.
  static ChipModel ideal();
  /// The preset named `name` (hermes, pcm, ideal); nullopt if unknown.
  static std::optional<ChipModel> preset(const std::string &name);
  /// The preset names, for messages: "hermes, pcm, ideal".
  static const char *presetNames();
  /// The model a `#aimc.chip<"name", ...>` starts from: the preset of that
  /// name, HERMES for any other name (a label), named `name`.
  static ChipModel base(const std::string &name);

  /// The parameter table (ChipParameters.def), in declaration order.
  static const std::vector<ChipParamInfo> &parameters();
  /// The row of `key`, or null.
  static const ChipParamInfo *findParameter(const std::string &key);
  /// The value of parameter `info`.
  ChipValue get(const ChipParamInfo &info) const;
  /// Sets parameter `info`; empty on success, else why `value` is outside
  /// its range (and nothing is changed).
  std::string set(const ChipParamInfo &info, ChipValue value);
  /// Empty if `value` is valid for `info`, else the reason.
  static std::string checkValue(const ChipParamInfo &info, ChipValue value);
  /// A parameter's value as IR text: `64`, `133.0`, `true`, `max_abs`.
  static std::string formatValue(const ChipParamInfo &info, ChipValue value);
  /// The value a word of IR text or Python names for `info`: an Enum's
  /// spelling, or true/false for a Bool (and an Enum that was one).
  /// Nullopt if the word names no value.
  static std::optional<ChipValue> valueOfWord(const ChipParamInfo &info,
                                              const std::string &word);
  /// The words valueOfWord accepts for `info`, for messages:
  /// "none, random, onehot, true, false".
  static std::string wordsOf(const ChipParamInfo &info);

  /// The parameters that differ from base(name), as `#aimc.chip` prints
  /// them after the name: `, adc_bits = 4, drift = false` (empty if none).
  std::string printOverrides() const;

  /// Empty if the model is self-consistent, else a description of the first
  /// problem: a value outside its table range, an odd device count.
  std::string validate() const;
  /// Empty if `other` has the same compile-time geometry (cores, rows,
  /// cols), else a description of the difference.
  std::string geometryMismatch(const ChipModel &other) const;

  bool operator==(const ChipModel &other) const;
  bool operator!=(const ChipModel &other) const { return !(*this == other); }

  int64_t cellsPerCrossbar() const { return crossbarRows * crossbarCols; }
  int64_t totalCells() const { return numCores * cellsPerCrossbar(); }
  int64_t devicesPerPolarity() const { return devicesPerWeight / 2; }
  /// Largest DAC input level: 127 for 8 bits.
  int64_t maxInputLevel() const { return (int64_t(1) << (dacBits - 1)) - 1; }
  /// Largest ADC output level: 127 for 8 bits.
  int64_t maxOutputLevel() const { return (int64_t(1) << (adcBits - 1)) - 1; }

  /// True if a rows x cols block fits in one crossbar.
  bool fitsCrossbar(int64_t rows, int64_t cols) const {
    return rows > 0 && cols > 0 && rows <= crossbarRows && cols <= crossbarCols;
  }
  /// True if a block of rows x cols placed at (rowOffset, colOffset) stays
  /// inside one crossbar (no overflow for any int64 arguments).
  bool fitsAt(int64_t rowOffset, int64_t colOffset, int64_t rows,
              int64_t cols) const {
    // Compared without forming rowOffset + rows, which may overflow.
    return rowOffset >= 0 && colOffset >= 0 && rows > 0 && cols > 0 &&
           rows <= crossbarRows && cols <= crossbarCols &&
           rowOffset <= crossbarRows - rows && colOffset <= crossbarCols - cols;
  }
  bool hasCore(int64_t core) const { return core >= 0 && core < numCores; }

  MVMCost cost(MVMMode mode) const {
    return mode == MVMMode::OnePhase
               ? MVMCost{onePhaseLatencyNs, onePhaseEnergyNJ}
               : MVMCost{fourPhaseLatencyNs, fourPhaseEnergyNJ};
  }
  /// Energy of one digital operation of kind 0..3 (add, multiply,
  /// transcendental, other), in picojoules.
  double digitalEnergyPJ(int64_t kind) const;
  /// Digital operations per second of the whole chip.
  double digitalOpsPerSecond() const {
    return static_cast<double>(numCores) * digitalGOpsPerCore * 1e9;
  }
  /// Operations of one full-crossbar MVM (2 per multiply-accumulate).
  double opsPerCrossbarMVM() const { return 2.0 * cellsPerCrossbar(); }
  /// All cores running full MVMs back to back, in tera-operations/second.
  double peakTOPS(MVMMode mode = MVMMode::OnePhase) const;
  /// Peak efficiency in tera-operations per joule (TOPS/W).
  double peakTOPSPerWatt(MVMMode mode = MVMMode::OnePhase) const;
  /// Power with all cores busy, in watts.
  double peakPowerW(MVMMode mode = MVMMode::OnePhase) const;
  /// Energy of one MVM on every core at once, in joules.
  double fullChipMVMEnergyJ(MVMMode mode = MVMMode::OnePhase) const;
};

} // namespace aimc

#endif // AIMC_CHIP_CHIPMODEL_H
