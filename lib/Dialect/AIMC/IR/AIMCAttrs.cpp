//===- AIMCAttrs.cpp - Attributes of the aimc dialect ---------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/AIMC/IR/AIMCAttrs.h"
#include "aimc/Dialect/AIMC/IR/AIMCDialect.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cstdlib>

using namespace mlir;
using namespace aimc;

#include "aimc/Dialect/AIMC/IR/AIMCEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "aimc/Dialect/AIMC/IR/AIMCAttrs.cpp.inc"

void AIMCDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "aimc/Dialect/AIMC/IR/AIMCAttrs.cpp.inc"
      >();
}

static APFloat f64(double value) { return APFloat(value); }

/// Prints `value` in its shortest exact decimal form, always with a decimal
/// point or exponent (`133.0`, `13.43`, `99.995`).
static void printReal(AsmPrinter &printer, double value) {
  SmallString<32> text;
  for (unsigned digits = 6; digits <= 17; ++digits) {
    text.clear();
    f64(value).toString(text, digits, /*FormatMaxPadding=*/6);
    if (std::strtod(text.c_str(), nullptr) == value)
      break;
  }
  if (StringRef(text).find_first_of(".eEn") == StringRef::npos)
    text += ".0";
  printer << text;
}

/// Parses `, key = value` pairs up to the closing `>`; `parseValue` handles
/// one key and fails on unknown ones. Rejects repeated keys.
static ParseResult
parseKeyValueList(AsmParser &parser, bool leadingComma,
                  function_ref<ParseResult(StringRef, SMLoc)> parseValue) {
  llvm::StringSet<> seen;
  auto parseOne = [&]() -> ParseResult {
    SMLoc loc = parser.getCurrentLocation();
    StringRef key;
    if (parser.parseKeyword(&key) || parser.parseEqual())
      return failure();
    if (!seen.insert(key).second)
      return parser.emitError(loc, "duplicate key '") << key << "'";
    return parseValue(key, loc);
  };
  if (leadingComma) {
    while (succeeded(parser.parseOptionalComma()))
      if (parseOne())
        return failure();
    return parser.parseGreater();
  }
  if (succeeded(parser.parseOptionalGreater()))
    return success();
  do {
    if (parseOne())
      return failure();
  } while (succeeded(parser.parseOptionalComma()));
  return parser.parseGreater();
}

//===----------------------------------------------------------------------===//
// ChipAttr
//===----------------------------------------------------------------------===//

ChipAttr ChipAttr::get(MLIRContext *context, const ChipModel &model) {
  return get(context, model.name, model.numCores, model.crossbarRows,
             model.crossbarCols, model.dacBits, model.adcBits,
             model.devicesPerWeight, f64(model.onePhase.latencyNs),
             f64(model.onePhase.energyNJ), f64(model.fourPhase.latencyNs),
             f64(model.fourPhase.energyNJ));
}

/// The chip model of a #aimc.chip's parameters (what getModel() returns and
/// verify() checks).
static ChipModel
makeChipModel(StringRef name, int64_t cores, int64_t rows, int64_t cols,
              int64_t dacBits, int64_t adcBits, int64_t devicesPerWeight,
              const APFloat &onePhaseNs, const APFloat &onePhaseNJ,
              const APFloat &fourPhaseNs, const APFloat &fourPhaseNJ) {
  ChipModel model;
  model.name = name.str();
  model.numCores = cores;
  model.crossbarRows = rows;
  model.crossbarCols = cols;
  model.dacBits = dacBits;
  model.adcBits = adcBits;
  model.devicesPerWeight = devicesPerWeight;
  model.onePhase = {onePhaseNs.convertToDouble(), onePhaseNJ.convertToDouble()};
  model.fourPhase = {fourPhaseNs.convertToDouble(),
                     fourPhaseNJ.convertToDouble()};
  return model;
}

ChipModel ChipAttr::getModel() const {
  return makeChipModel(getName(), getCores(), getRows(), getCols(),
                       getDacBits(), getAdcBits(), getDevicesPerWeight(),
                       getOnePhaseLatencyNs(), getOnePhaseEnergyNJ(),
                       getFourPhaseLatencyNs(), getFourPhaseEnergyNJ());
}

LogicalResult ChipAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               StringRef name, int64_t cores, int64_t rows,
                               int64_t cols, int64_t dacBits, int64_t adcBits,
                               int64_t devicesPerWeight, APFloat onePhaseNs,
                               APFloat onePhaseNJ, APFloat fourPhaseNs,
                               APFloat fourPhaseNJ) {
  if (name.empty())
    return emitError() << "#aimc.chip needs a non-empty name";
  std::string problem =
      makeChipModel(name, cores, rows, cols, dacBits, adcBits, devicesPerWeight,
                    onePhaseNs, onePhaseNJ, fourPhaseNs, fourPhaseNJ)
          .validate();
  if (!problem.empty())
    return emitError() << "invalid #aimc.chip<\"" << name << "\">: " << problem;
  return success();
}

namespace {
/// The integer and floating-point fields of a chip model by their keys.
struct ChipFields {
  ChipModel &model;
  int64_t *integer(StringRef key) {
    return llvm::StringSwitch<int64_t *>(key)
        .Case("cores", &model.numCores)
        .Case("rows", &model.crossbarRows)
        .Case("cols", &model.crossbarCols)
        .Case("dac_bits", &model.dacBits)
        .Case("adc_bits", &model.adcBits)
        .Case("devices_per_weight", &model.devicesPerWeight)
        .Default(nullptr);
  }
  double *real(StringRef key) {
    return llvm::StringSwitch<double *>(key)
        .Case("one_phase_latency_ns", &model.onePhase.latencyNs)
        .Case("one_phase_energy_nj", &model.onePhase.energyNJ)
        .Case("four_phase_latency_ns", &model.fourPhase.latencyNs)
        .Case("four_phase_energy_nj", &model.fourPhase.energyNJ)
        .Default(nullptr);
  }
};
constexpr const char *kIntKeys[] = {
    "cores", "rows", "cols", "dac_bits", "adc_bits", "devices_per_weight"};
constexpr const char *kRealKeys[] = {
    "one_phase_latency_ns", "one_phase_energy_nj", "four_phase_latency_ns",
    "four_phase_energy_nj"};
} // namespace

Attribute ChipAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  std::string name;
  if (parser.parseLess() || parser.parseString(&name))
    return {};
  ChipModel model = ChipModel::byName(name).value_or(ChipModel::hermes());
  model.name = name;
  ChipFields fields{model};
  auto parseValue = [&](StringRef key, SMLoc keyLoc) -> ParseResult {
    if (int64_t *field = fields.integer(key))
      return parser.parseInteger(*field);
    if (double *field = fields.real(key))
      return parser.parseFloat(*field);
    return parser.emitError(keyLoc, "unknown #aimc.chip key '")
           << key
           << "'; expected cores, rows, cols, dac_bits, adc_bits, "
              "devices_per_weight, one_phase_latency_ns, one_phase_energy_nj, "
              "four_phase_latency_ns or four_phase_energy_nj";
  };
  if (parseKeyValueList(parser, /*leadingComma=*/true, parseValue))
    return {};
  return getChecked([&] { return parser.emitError(loc); }, parser.getContext(),
                    model);
}

ChipAttr ChipAttr::getChecked(function_ref<InFlightDiagnostic()> emitError,
                              MLIRContext *context, const ChipModel &model) {
  return Base::getChecked(
      emitError, context, model.name, model.numCores, model.crossbarRows,
      model.crossbarCols, model.dacBits, model.adcBits, model.devicesPerWeight,
      f64(model.onePhase.latencyNs), f64(model.onePhase.energyNJ),
      f64(model.fourPhase.latencyNs), f64(model.fourPhase.energyNJ));
}

void ChipAttr::print(AsmPrinter &printer) const {
  ChipModel model = getModel();
  ChipModel preset =
      ChipModel::byName(model.name).value_or(ChipModel::hermes());
  ChipFields fields{model}, presetFields{preset};
  printer << "<\"";
  llvm::printEscapedString(getName(), printer.getStream());
  printer << "\"";
  for (const char *key : kIntKeys)
    if (*fields.integer(key) != *presetFields.integer(key))
      printer << ", " << key << " = " << *fields.integer(key);
  for (const char *key : kRealKeys)
    if (*fields.real(key) != *presetFields.real(key)) {
      printer << ", " << key << " = ";
      printReal(printer, *fields.real(key));
    }
  printer << ">";
}

//===----------------------------------------------------------------------===//
// MVMConfigAttr
//===----------------------------------------------------------------------===//

namespace {
constexpr double kDefaultPercentile = 99.995;
constexpr double kDefaultInputRange = 1.0;
constexpr double kDefaultNoiseScale = 1.0;

StringRef stringifyMode(MVMMode mode) {
  return mode == MVMMode::OnePhase ? "one_phase" : "four_phase";
}
} // namespace

MVMConfigAttr MVMConfigAttr::getDefault(MLIRContext *context) {
  return get(context, MVMMode::OnePhase, Calibration::MaxAbs,
             f64(kDefaultPercentile), f64(kDefaultInputRange),
             f64(kDefaultNoiseScale));
}

LogicalResult
MVMConfigAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                      MVMMode mode, Calibration calibration, APFloat percentile,
                      APFloat inputRange, APFloat noiseScale) {
  double p = percentile.convertToDouble();
  if (!(p > 0.0 && p <= 100.0))
    return emitError()
           << "#aimc.mvm_config percentile must be in (0, 100], got " << p;
  if (!(inputRange.convertToDouble() > 0.0))
    return emitError() << "#aimc.mvm_config input_range must be positive, got "
                       << inputRange.convertToDouble();
  if (!(noiseScale.convertToDouble() >= 0.0))
    return emitError()
           << "#aimc.mvm_config noise_scale must be non-negative, got "
           << noiseScale.convertToDouble();
  return success();
}

Attribute MVMConfigAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  MVMMode mode = MVMMode::OnePhase;
  Calibration calibration = Calibration::MaxAbs;
  double percentile = kDefaultPercentile, inputRange = kDefaultInputRange,
         noiseScale = kDefaultNoiseScale;
  auto parseValue = [&](StringRef key, SMLoc keyLoc) -> ParseResult {
    if (key == "mode") {
      StringRef value;
      SMLoc valueLoc = parser.getCurrentLocation();
      if (parser.parseKeyword(&value))
        return failure();
      if (value != "one_phase" && value != "four_phase")
        return parser.emitError(valueLoc, "expected one_phase or four_phase");
      mode = value == "one_phase" ? MVMMode::OnePhase : MVMMode::FourPhase;
      return success();
    }
    if (key == "calibration") {
      StringRef value;
      SMLoc valueLoc = parser.getCurrentLocation();
      if (parser.parseKeyword(&value))
        return failure();
      std::optional<Calibration> parsed = symbolizeCalibration(value);
      if (!parsed)
        return parser.emitError(valueLoc,
                                "expected max_abs, percentile or fixed");
      calibration = *parsed;
      return success();
    }
    if (key == "percentile")
      return parser.parseFloat(percentile);
    if (key == "input_range")
      return parser.parseFloat(inputRange);
    if (key == "noise_scale")
      return parser.parseFloat(noiseScale);
    return parser.emitError(keyLoc, "unknown #aimc.mvm_config key '")
           << key
           << "'; expected mode, calibration, percentile, input_range or "
              "noise_scale";
  };
  if (parser.parseLess() ||
      parseKeyValueList(parser, /*leadingComma=*/false, parseValue))
    return {};
  return getChecked([&] { return parser.emitError(loc); }, parser.getContext(),
                    mode, calibration, f64(percentile), f64(inputRange),
                    f64(noiseScale));
}

void MVMConfigAttr::print(AsmPrinter &printer) const {
  SmallVector<std::function<void()>> items;
  if (getMode() != MVMMode::OnePhase)
    items.push_back([&] { printer << "mode = " << stringifyMode(getMode()); });
  if (getCalibration() != Calibration::MaxAbs)
    items.push_back([&] {
      printer << "calibration = " << stringifyCalibration(getCalibration());
    });
  auto addReal = [&](StringRef key, APFloat value, double byDefault) {
    if (value.convertToDouble() != byDefault)
      items.push_back([&printer, key, value] {
        printer << key << " = ";
        printReal(printer, value.convertToDouble());
      });
  };
  addReal("percentile", getPercentile(), kDefaultPercentile);
  addReal("input_range", getInputRange(), kDefaultInputRange);
  addReal("noise_scale", getNoiseScale(), kDefaultNoiseScale);
  printer << "<";
  llvm::interleaveComma(items, printer, [](auto &item) { item(); });
  printer << ">";
}

//===----------------------------------------------------------------------===//
// PlacementAttr
//===----------------------------------------------------------------------===//

LogicalResult
PlacementAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                      int64_t chip, int64_t core, int64_t row, int64_t col) {
  if (chip < 0 || core < 0 || row < 0 || col < 0)
    return emitError() << "#aimc.placement fields must be non-negative, got "
                          "chip = "
                       << chip << ", core = " << core << ", row = " << row
                       << ", col = " << col;
  return success();
}
