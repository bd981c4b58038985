//===- ChipModel.cpp - Every parameter of an AIMC chip --------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Chip/ChipModel.h"
#include "aimc/Chip/MVMLimits.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <utility>

using namespace aimc;

//===----------------------------------------------------------------------===//
// Enumerations
//===----------------------------------------------------------------------===//

namespace {
template <typename Enum>
const char *stringifyCase(Enum value, const char *type) {
#define AIMC_CHIP_ENUM_CASE(TYPE, CASE, SPELLING, CNAME, VALUE)                \
  if (std::strcmp(type, #TYPE) == 0 && static_cast<int32_t>(value) == VALUE)   \
    return SPELLING;
#include "aimc/Chip/ChipParameters.def"
  return "";
}

template <typename Enum>
std::optional<Enum> symbolizeCase(const std::string &text, const char *type) {
#define AIMC_CHIP_ENUM_CASE(TYPE, CASE, SPELLING, CNAME, VALUE)                \
  if (std::strcmp(type, #TYPE) == 0 && text == SPELLING)                       \
    return static_cast<Enum>(VALUE);
#include "aimc/Chip/ChipParameters.def"
  return std::nullopt;
}

/// The spellings of an enumeration, in numbering order.
std::vector<const char *> casesOf(const char *type) {
  std::vector<const char *> cases;
#define AIMC_CHIP_ENUM_CASE(TYPE, CASE, SPELLING, CNAME, VALUE)                \
  if (std::strcmp(type, #TYPE) == 0) {                                         \
    if (cases.size() <= static_cast<size_t>(VALUE))                            \
      cases.resize(VALUE + 1, "");                                             \
    cases[VALUE] = SPELLING;                                                   \
  }
#include "aimc/Chip/ChipParameters.def"
  return cases;
}

/// The cases `false` and `true` stand for in an enumeration that was a bool
/// ({-1, -1} if none).
std::pair<int64_t, int64_t> boolCasesOf(const char *type) {
#define AIMC_CHIP_ENUM_BOOL(TYPE, FALSE_CASE, TRUE_CASE)                       \
  if (std::strcmp(type, #TYPE) == 0)                                           \
    return {static_cast<int64_t>(TYPE::FALSE_CASE),                            \
            static_cast<int64_t>(TYPE::TRUE_CASE)};
#include "aimc/Chip/ChipParameters.def"
  return {-1, -1};
}
} // namespace

const char *aimc::stringifyNoiseModelKind(NoiseModelKind value) {
  return stringifyCase(value, "NoiseModelKind");
}
const char *aimc::stringifyCalibration(Calibration value) {
  return stringifyCase(value, "Calibration");
}
const char *aimc::stringifyWeightScaling(WeightScaling value) {
  return stringifyCase(value, "WeightScaling");
}
const char *aimc::stringifyDriftCompensation(DriftCompensation value) {
  return stringifyCase(value, "DriftCompensation");
}
std::optional<DriftCompensation>
aimc::symbolizeDriftCompensation(const std::string &text) {
  return symbolizeCase<DriftCompensation>(text, "DriftCompensation");
}
const char *aimc::stringifyInputScaling(InputScaling value) {
  return stringifyCase(value, "InputScaling");
}
std::optional<InputScaling>
aimc::symbolizeInputScaling(const std::string &text) {
  return symbolizeCase<InputScaling>(text, "InputScaling");
}
std::optional<NoiseModelKind>
aimc::symbolizeNoiseModelKind(const std::string &text) {
  return symbolizeCase<NoiseModelKind>(text, "NoiseModelKind");
}
std::optional<Calibration> aimc::symbolizeCalibration(const std::string &text) {
  return symbolizeCase<Calibration>(text, "Calibration");
}
std::optional<WeightScaling>
aimc::symbolizeWeightScaling(const std::string &text) {
  return symbolizeCase<WeightScaling>(text, "WeightScaling");
}

//===----------------------------------------------------------------------===//
// Presets
//===----------------------------------------------------------------------===//

ChipModel ChipModel::hermes() { return ChipModel(); }

namespace {
/// The presets' columns of ChipParameters.def.
enum class PresetColumn { Hermes, PCM, Ideal };

template <typename T> T column(PresetColumn c, T hermes, T pcm, T ideal) {
  return c == PresetColumn::Hermes ? hermes
         : c == PresetColumn::PCM  ? pcm
                                   : ideal;
}

/// Every parameter set to its value in one preset column.
ChipModel presetModel(PresetColumn c, const char *name) {
  ChipModel m;
  m.name = name;
#define AIMC_CHIP_INT(FIELD, KEY, MIN, MAX, HERMES, PCM, IDEAL, DOC)           \
  m.FIELD = column<decltype(m.FIELD)>(c, HERMES, PCM, IDEAL);
#define AIMC_CHIP_REAL(FIELD, KEY, MIN, MIN_OPEN, MAX, HERMES, PCM, IDEAL,     \
                       DOC)                                                    \
  m.FIELD = column<decltype(m.FIELD)>(c, HERMES, PCM, IDEAL);
#define AIMC_CHIP_BOOL(FIELD, KEY, HERMES, PCM, IDEAL, DOC)                    \
  m.FIELD = column<decltype(m.FIELD)>(c, HERMES, PCM, IDEAL);
#define AIMC_CHIP_ENUM(FIELD, KEY, TYPE, HERMES, PCM, IDEAL, DOC)              \
  m.FIELD = column(c, TYPE::HERMES, TYPE::PCM, TYPE::IDEAL);
#include "aimc/Chip/ChipParameters.def"
  return m;
}
} // namespace

ChipModel ChipModel::pcm() { return presetModel(PresetColumn::PCM, "pcm"); }

ChipModel ChipModel::ideal() {
  return presetModel(PresetColumn::Ideal, "ideal");
}

std::optional<ChipModel> ChipModel::preset(const std::string &name) {
  if (name == "hermes")
    return hermes();
  if (name == "pcm")
    return pcm();
  if (name == "ideal")
    return ideal();
  return std::nullopt;
}

const char *ChipModel::presetNames() { return "hermes, pcm, ideal"; }

ChipModel ChipModel::base(const std::string &name) {
  ChipModel m = preset(name).value_or(hermes());
  m.name = name;
  return m;
}

//===----------------------------------------------------------------------===//
// The parameter table
//===----------------------------------------------------------------------===//

const std::vector<ChipParamInfo> &ChipModel::parameters() {
  static const std::vector<ChipParamInfo> table = [] {
    std::vector<ChipParamInfo> rows;
#define AIMC_CHIP_INT(FIELD, KEY, MIN, MAX, HERMES, PCM, IDEAL, DOC)           \
  rows.push_back({#KEY, ChipParamKind::Int, MIN, MAX, 0, 0, false, {}, DOC});
#define AIMC_CHIP_REAL(FIELD, KEY, MIN, MIN_OPEN, MAX, HERMES, PCM, IDEAL,     \
                       DOC)                                                    \
  rows.push_back(                                                              \
      {#KEY, ChipParamKind::Real, 0, 0, MIN, MAX, MIN_OPEN != 0, {}, DOC});
#define AIMC_CHIP_BOOL(FIELD, KEY, HERMES, PCM, IDEAL, DOC)                    \
  rows.push_back({#KEY, ChipParamKind::Bool, 0, 1, 0, 0, false, {}, DOC, 0, 1});
#define AIMC_CHIP_ENUM(FIELD, KEY, TYPE, HERMES, PCM, IDEAL, DOC)              \
  rows.push_back({#KEY, ChipParamKind::Enum, 0, 0, 0, 0, false,                \
                  casesOf(#TYPE), DOC, boolCasesOf(#TYPE).first,               \
                  boolCasesOf(#TYPE).second});
#include "aimc/Chip/ChipParameters.def"
    for (ChipParamInfo &row : rows)
      if (row.kind == ChipParamKind::Enum)
        row.intMax = static_cast<int64_t>(row.cases.size()) - 1;
    return rows;
  }();
  return table;
}

const ChipParamInfo *ChipModel::findParameter(const std::string &key) {
  for (const ChipParamInfo &info : parameters())
    if (key == info.key)
      return &info;
  return nullptr;
}

ChipValue ChipModel::get(const ChipParamInfo &info) const {
  std::string key = info.key;
#define AIMC_CHIP_INT(FIELD, KEY, MIN, MAX, HERMES, PCM, IDEAL, DOC)           \
  if (key == #KEY)                                                             \
    return ChipValue::ofInt(FIELD);
#define AIMC_CHIP_REAL(FIELD, KEY, MIN, MIN_OPEN, MAX, HERMES, PCM, IDEAL,     \
                       DOC)                                                    \
  if (key == #KEY)                                                             \
    return ChipValue::ofReal(FIELD);
#define AIMC_CHIP_BOOL(FIELD, KEY, HERMES, PCM, IDEAL, DOC)                    \
  if (key == #KEY)                                                             \
    return ChipValue::ofInt(FIELD ? 1 : 0);
#define AIMC_CHIP_ENUM(FIELD, KEY, TYPE, HERMES, PCM, IDEAL, DOC)              \
  if (key == #KEY)                                                             \
    return ChipValue::ofInt(static_cast<int64_t>(FIELD));
#include "aimc/Chip/ChipParameters.def"
  return ChipValue();
}

std::string ChipModel::checkValue(const ChipParamInfo &info, ChipValue value) {
  std::string key = info.key;
  switch (info.kind) {
  case ChipParamKind::Int:
    if (value.integer < info.intMin || value.integer > info.intMax)
      return key + " must be in [" + std::to_string(info.intMin) + ", " +
             std::to_string(info.intMax) + "], got " +
             std::to_string(value.integer);
    return "";
  case ChipParamKind::Real: {
    double v = value.real;
    bool aboveMin = info.minOpen ? v > info.realMin : v >= info.realMin;
    if (!std::isfinite(v) || !aboveMin || v > info.realMax)
      return key + " must be in " + (info.minOpen ? "(" : "[") +
             formatValue(info, ChipValue::ofReal(info.realMin)) + ", " +
             formatValue(info, ChipValue::ofReal(info.realMax)) + "], got " +
             formatValue(info, value);
    // The simulator computes in float32: a value that is not 0 must not
    // become 0 (or a denormal, whose reciprocal overflows) as a float.
    if (v != 0 && std::fabs(v) < std::numeric_limits<float>::min())
      return key + " must be 0 or at least " +
             formatValue(info,
                         ChipValue::ofReal(std::numeric_limits<float>::min())) +
             " (the simulator computes in float32), got " +
             formatValue(info, value);
    return "";
  }
  case ChipParamKind::Bool:
    if (value.integer != 0 && value.integer != 1)
      return key + " must be true or false";
    return "";
  case ChipParamKind::Enum:
    if (value.integer < 0 ||
        value.integer >= static_cast<int64_t>(info.cases.size()))
      return key + " has no value number " + std::to_string(value.integer);
    return "";
  }
  return "";
}

std::string ChipModel::set(const ChipParamInfo &info, ChipValue value) {
  if (std::string problem = checkValue(info, value); !problem.empty())
    return problem;
  std::string key = info.key;
#define AIMC_CHIP_INT(FIELD, KEY, MIN, MAX, HERMES, PCM, IDEAL, DOC)           \
  if (key == #KEY)                                                             \
    FIELD = value.integer;
#define AIMC_CHIP_REAL(FIELD, KEY, MIN, MIN_OPEN, MAX, HERMES, PCM, IDEAL,     \
                       DOC)                                                    \
  if (key == #KEY)                                                             \
    FIELD = value.real;
#define AIMC_CHIP_BOOL(FIELD, KEY, HERMES, PCM, IDEAL, DOC)                    \
  if (key == #KEY)                                                             \
    FIELD = value.integer != 0;
#define AIMC_CHIP_ENUM(FIELD, KEY, TYPE, HERMES, PCM, IDEAL, DOC)              \
  if (key == #KEY)                                                             \
    FIELD = static_cast<TYPE>(value.integer);
#include "aimc/Chip/ChipParameters.def"
  return "";
}

std::string ChipModel::formatValue(const ChipParamInfo &info, ChipValue value) {
  switch (info.kind) {
  case ChipParamKind::Int:
    return std::to_string(value.integer);
  case ChipParamKind::Bool:
    return value.integer ? "true" : "false";
  case ChipParamKind::Enum:
    if (value.integer >= 0 &&
        value.integer < static_cast<int64_t>(info.cases.size()))
      return info.cases[value.integer];
    return std::to_string(value.integer);
  case ChipParamKind::Real:
    break;
  }
  // The shortest decimal form that reads back exactly, always with a decimal
  // point or an exponent (133.0, 13.43, 1e+12).
  double v = value.real;
  if (!std::isfinite(v))
    return std::isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf");
  char text[48];
  int digits = 1;
  for (; digits < 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, v);
    if (std::strtod(text, nullptr) == v)
      break;
  }
  // Plain notation up to 10^16 (%g switches to an exponent once the
  // exponent reaches the precision).
  int exponent =
      v == 0 ? 0 : static_cast<int>(std::floor(std::log10(std::fabs(v))));
  if (exponent >= digits && exponent < 16)
    digits = exponent + 1;
  std::snprintf(text, sizeof text, "%.*g", digits, v);
  std::string out = text;
  // MLIR float literals need a decimal point: 50.0, 1.0e+20.
  if (out.find('.') == std::string::npos) {
    size_t e = out.find('e');
    out.insert(e == std::string::npos ? out.size() : e, ".0");
  }
  return out;
}

std::optional<ChipValue> ChipModel::valueOfWord(const ChipParamInfo &info,
                                                const std::string &word) {
  if (info.kind != ChipParamKind::Bool && info.kind != ChipParamKind::Enum)
    return std::nullopt;
  for (size_t i = 0; i < info.cases.size(); ++i)
    if (word == info.cases[i])
      return ChipValue::ofInt(static_cast<int64_t>(i));
  if (word == "false" && info.falseCase >= 0)
    return ChipValue::ofInt(info.falseCase);
  if (word == "true" && info.trueCase >= 0)
    return ChipValue::ofInt(info.trueCase);
  return std::nullopt;
}

std::string ChipModel::wordsOf(const ChipParamInfo &info) {
  std::string out;
  for (const char *spelling : info.cases)
    out += (out.empty() ? "" : ", ") + std::string(spelling);
  if (info.trueCase >= 0)
    out += (out.empty() ? "" : ", ") + std::string("true, false");
  return out;
}

std::string ChipModel::printOverrides() const {
  ChipModel from = base(name);
  std::string out;
  for (const ChipParamInfo &info : parameters()) {
    ChipValue value = get(info);
    if (!(value == from.get(info)))
      out += std::string(", ") + info.key + " = " + formatValue(info, value);
  }
  return out;
}

//===----------------------------------------------------------------------===//
// Validation and comparison
//===----------------------------------------------------------------------===//

std::string ChipModel::validate() const {
  for (const ChipParamInfo &info : parameters())
    if (std::string problem = checkValue(info, get(info)); !problem.empty())
      return problem;
  if (devicesPerWeight % 2 != 0)
    return "devices_per_weight must be even (G+ and G-), got " +
           std::to_string(devicesPerWeight);
  return "";
}

std::string ChipModel::geometryMismatch(const ChipModel &other) const {
  if (numCores == other.numCores && crossbarRows == other.crossbarRows &&
      crossbarCols == other.crossbarCols)
    return "";
  auto describe = [](const ChipModel &m) {
    return std::to_string(m.numCores) + " cores of " +
           std::to_string(m.crossbarRows) + "x" +
           std::to_string(m.crossbarCols);
  };
  return describe(*this) + " vs " + describe(other);
}

bool ChipModel::operator==(const ChipModel &other) const {
  if (name != other.name)
    return false;
  for (const ChipParamInfo &info : parameters()) {
    ChipValue a = get(info), b = other.get(info);
    // Compare reals by bits, so that NaN == NaN and -0.0 != 0.0 (attribute
    // uniquing needs a true equivalence).
    if (a.integer != b.integer ||
        std::memcmp(&a.real, &b.real, sizeof(double)) != 0)
      return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Costs
//===----------------------------------------------------------------------===//

double ChipModel::digitalEnergyPJ(int64_t kind) const {
  switch (kind) {
  case 0:
    return addEnergyPJ;
  case 1:
    return multiplyEnergyPJ;
  case 2:
    return transcendentalEnergyPJ;
  default:
    return otherEnergyPJ;
  }
}

double ChipModel::peakTOPS(MVMMode mode) const {
  double opsPerSecondPerCore =
      opsPerCrossbarMVM() / (cost(mode).latencyNs * 1e-9);
  return numCores * opsPerSecondPerCore * 1e-12;
}

double ChipModel::peakTOPSPerWatt(MVMMode mode) const {
  return opsPerCrossbarMVM() / (cost(mode).energyNJ * 1e-9) * 1e-12;
}

double ChipModel::peakPowerW(MVMMode mode) const {
  return fullChipMVMEnergyJ(mode) / (cost(mode).latencyNs * 1e-9);
}

double ChipModel::fullChipMVMEnergyJ(MVMMode mode) const {
  return numCores * cost(mode).energyNJ * 1e-9;
}

static_assert(kMinMVMInputRange == std::numeric_limits<float>::min(),
              "the smallest MVM input range is the smallest normal float32");
