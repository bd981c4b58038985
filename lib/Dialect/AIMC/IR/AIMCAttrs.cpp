//===- AIMCAttrs.cpp - Attributes of the aimc dialect ---------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/AIMC/IR/AIMCAttrs.h"
#include "aimc/Dialect/AIMC/IR/AIMCDialect.h"

#include "aimc/Chip/MVMLimits.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cstdlib>
#include <cstring>

using namespace mlir;
using namespace aimc;

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
//
// The parser, printer and verifier walk the parameter table of
// aimc/Chip/ChipParameters.def; no parameter is named here.

llvm::hash_code aimc::hash_value(const ChipModel &model) {
  llvm::hash_code hash = llvm::hash_value(model.name);
  for (const ChipParamInfo &info : ChipModel::parameters()) {
    ChipValue value = model.get(info);
    uint64_t bits;
    std::memcpy(&bits, &value.real, sizeof bits);
    hash = llvm::hash_combine(hash, value.integer, bits);
  }
  return hash;
}

LogicalResult ChipAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               ChipModel model) {
  if (model.name.empty())
    return emitError() << "#aimc.chip needs a non-empty name";
  if (std::string problem = model.validate(); !problem.empty())
    return emitError() << "invalid #aimc.chip<\"" << model.name
                       << "\">: " << problem;
  return success();
}

/// Parses the value of parameter `info` into `value`.
static ParseResult parseChipValue(AsmParser &parser, const ChipParamInfo &info,
                                  ChipValue &value) {
  SMLoc loc = parser.getCurrentLocation();
  switch (info.kind) {
  case ChipParamKind::Int:
    return parser.parseInteger(value.integer);
  case ChipParamKind::Real:
    return parser.parseFloat(value.real);
  case ChipParamKind::Bool:
  case ChipParamKind::Enum: {
    StringRef word;
    if (parser.parseKeyword(&word))
      return failure();
    if (std::optional<ChipValue> v = ChipModel::valueOfWord(info, word.str())) {
      value = *v;
      return success();
    }
    return parser.emitError(loc, "expected ")
           << (info.kind == ChipParamKind::Bool ? "true or false"
                                                : ChipModel::wordsOf(info))
           << " for '" << info.key << "'";
  }
  }
  return failure();
}

Attribute ChipAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  std::string name;
  if (parser.parseLess() || parser.parseString(&name))
    return {};
  ChipModel model = ChipModel::base(name);
  auto parseValue = [&](StringRef key, SMLoc keyLoc) -> ParseResult {
    const ChipParamInfo *info = ChipModel::findParameter(key.str());
    if (!info) {
      SmallVector<StringRef> keys;
      for (const ChipParamInfo &row : ChipModel::parameters())
        keys.push_back(row.key);
      return parser.emitError(keyLoc, "unknown #aimc.chip key '")
             << key << "'; expected one of " << llvm::join(keys, ", ");
    }
    SMLoc valueLoc = parser.getCurrentLocation();
    ChipValue value;
    if (parseChipValue(parser, *info, value))
      return failure();
    if (std::string problem = model.set(*info, value); !problem.empty())
      return parser.emitError(valueLoc, "invalid #aimc.chip<\"")
             << name << "\">: " << problem;
    return success();
  };
  if (parseKeyValueList(parser, /*leadingComma=*/true, parseValue))
    return {};
  return getChecked([&] { return parser.emitError(loc); }, parser.getContext(),
                    model);
}

void ChipAttr::print(AsmPrinter &printer) const {
  const ChipModel &model = getModel();
  printer << "<\"";
  llvm::printEscapedString(model.name, printer.getStream());
  printer << "\"" << model.printOverrides() << ">";
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
  // The executor's bounds (aimc/Chip/MVMLimits.h): the DAC divides by the
  // range in float32; larger noise factors overflow float32 conductances.
  double range = inputRange.convertToDouble();
  if (!(range >= kMinMVMInputRange && range <= kMaxMVMInputRange))
    return emitError() << "#aimc.mvm_config input_range must be positive, "
                          "in [1.17549e-38, 1e12] (float32), got "
                       << range;
  double scale = noiseScale.convertToDouble();
  if (!(scale >= 0.0 && scale <= kMaxMVMNoiseScale))
    return emitError()
           << "#aimc.mvm_config noise_scale must be non-negative, at most "
              "1000, got "
           << scale;
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
      std::optional<Calibration> parsed = symbolizeCalibration(value.str());
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
