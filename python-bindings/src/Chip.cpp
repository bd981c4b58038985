//===- Chip.cpp - Python bindings of the chip model -----------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The chip parameter table (aimc/Chip/ChipParameters.def) and the one
// textual form of a chip, for aimc.Chip (python-bindings/aimc/chip.py):
//   _chip_parameters()            [(key, kind, min, max, cases, doc,
//                                   {preset: value})] in table order
//   _chip_build(preset, name, overrides) -> (name, {key: value})
//   _chip_parse(text) -> (name, {key: value})
//   _chip_print(name, {key: value}) -> "#aimc.chip<...>"
//   _chip_device_noise(text, t)   {"programming", "read", "weight",
//                                   "g_max_us"}: the executor's device
//                                   noise at a weight of max |w|
// Invalid values raise ValueError (TypeError for a value of the wrong
// type), invalid text ValueError with its line and column.
//
//===----------------------------------------------------------------------===//

#include "Bindings.h"

#include "aimc/Dialect/AIMC/IR/AIMCChip.h"
#include "aimc/Executor/Config.h"

#include <pybind11/stl.h>

#include <cmath>

namespace py = pybind11;
using namespace aimc;

namespace {

const char *kindName(ChipParamKind kind) {
  switch (kind) {
  case ChipParamKind::Int:
    return "int";
  case ChipParamKind::Real:
    return "float";
  case ChipParamKind::Bool:
    return "bool";
  case ChipParamKind::Enum:
    return "enum";
  }
  return "";
}

py::object toPython(const ChipParamInfo &info, ChipValue value) {
  switch (info.kind) {
  case ChipParamKind::Int:
    return py::int_(value.integer);
  case ChipParamKind::Real:
    return py::float_(value.real);
  case ChipParamKind::Bool:
    return py::bool_(value.integer != 0);
  case ChipParamKind::Enum:
    return py::str(ChipModel::formatValue(info, value));
  }
  return py::none();
}

ChipValue fromPython(const ChipParamInfo &info, const py::handle &object) {
  std::string key = info.key;
  auto wrongType = [&](const char *expected) {
    return py::type_error(
        key + " must be " + expected + ", got " +
        std::string(py::str(py::type::of(object).attr("__name__"))));
  };
  bool isBool = py::isinstance<py::bool_>(object);
  switch (info.kind) {
  case ChipParamKind::Int:
    if (isBool || !py::isinstance<py::int_>(object))
      throw wrongType("an int");
    try {
      return ChipValue::ofInt(object.cast<int64_t>());
    } catch (const py::cast_error &) {
      throw py::value_error(key + " must be in [" +
                            std::to_string(info.intMin) + ", " +
                            std::to_string(info.intMax) + "], got " +
                            std::string(py::str(object)));
    }
  case ChipParamKind::Real:
    if (isBool || !(py::isinstance<py::float_>(object) ||
                    py::isinstance<py::int_>(object)))
      throw wrongType("a number");
    return ChipValue::ofReal(object.cast<double>());
  case ChipParamKind::Bool:
    if (!isBool)
      throw wrongType("a bool");
    return ChipValue::ofInt(object.cast<bool>() ? 1 : 0);
  case ChipParamKind::Enum: {
    // An enumeration that was a bool still takes True and False.
    if (isBool && info.trueCase >= 0)
      return ChipValue::ofInt(object.cast<bool>() ? info.trueCase
                                                  : info.falseCase);
    if (!py::isinstance<py::str>(object))
      throw wrongType(info.trueCase >= 0 ? "a str or a bool" : "a str");
    std::string text = object.cast<std::string>();
    if (std::optional<ChipValue> v = ChipModel::valueOfWord(info, text))
      return *v;
    throw py::value_error(key + " must be one of " + ChipModel::wordsOf(info) +
                          ", got '" + text + "'");
  }
  }
  return ChipValue();
}

py::dict toDict(const ChipModel &model) {
  py::dict out;
  for (const ChipParamInfo &info : ChipModel::parameters())
    out[info.key] = toPython(info, model.get(info));
  return out;
}

/// `base` with `overrides` ({key: value}) applied and validated.
ChipModel applyOverrides(ChipModel model, const py::dict &overrides) {
  for (auto [key, value] : overrides) {
    std::string name = py::str(key);
    const ChipParamInfo *info = ChipModel::findParameter(name);
    if (!info) {
      std::string known;
      for (const ChipParamInfo &row : ChipModel::parameters())
        known += (known.empty() ? "" : ", ") + std::string(row.key);
      throw py::type_error("unknown chip parameter '" + name +
                           "'; the parameters are " + known);
    }
    if (std::string problem = model.set(*info, fromPython(*info, value));
        !problem.empty())
      throw py::value_error(problem);
  }
  if (std::string problem = model.validate(); !problem.empty())
    throw py::value_error(problem);
  return model;
}

py::tuple build(const std::string &preset, const std::string &name,
                const py::dict &overrides) {
  std::optional<ChipModel> model = ChipModel::preset(preset);
  if (!model)
    throw py::value_error("unknown chip preset '" + preset + "'; expected " +
                          ChipModel::presetNames());
  if (!name.empty()) {
    if (name.size() > 63)
      throw py::value_error("a chip name has at most 63 characters");
    model->name = name;
  }
  ChipModel result = applyOverrides(*model, overrides);
  return py::make_tuple(result.name, toDict(result));
}

py::tuple parse(const std::string &text) {
  llvm::Expected<ChipModel> model = [&] {
    py::gil_scoped_release release;
    return parseChip(text, "chip");
  }();
  if (!model)
    throw py::value_error(llvm::toString(model.takeError()));
  return py::make_tuple(model->name, toDict(*model));
}

std::string print(const std::string &name, const py::dict &parameters) {
  return printChip(applyOverrides(ChipModel::base(name), parameters));
}

/// The device noise the executor applies to a weight of max |w| of a chip
/// (its positive polarity at g_max, the negative one at 0), relative to
/// that weight, `t` seconds after programming: programming noise, 1/f read
/// noise and both combined (what aimc.nn.chip_training_config scales the
/// hardware-aware training noise by).
py::dict deviceNoise(const std::string &text, double t) {
  if (!(t >= 0) || t > exec::ExecutorConfig::kMaxInferenceSeconds)
    throw py::value_error("the time after programming must be in [0, 1e10] "
                          "seconds, got " +
                          std::to_string(t));
  llvm::Expected<ChipModel> chip = parseChip(text, "chip");
  if (!chip)
    throw py::value_error(llvm::toString(chip.takeError()));
  exec::DeviceModel device = exec::ExecutorConfig::forChip(*chip).deviceModel();
  if (std::string problem = device.validate(); !problem.empty())
    throw py::value_error("invalid device model: " + problem);
  double gMax = device.gMax;
  // Independent units per polarity average their noise: the weight's
  // largest conductance is units * g_max, its noise std sqrt(units) times
  // one unit's.
  double units = static_cast<double>(device.unitsPerPolarity);
  double scale = 1.0 / (gMax * std::sqrt(units));
  double prog =
      std::hypot(device.programmingSigma(gMax), device.programmingSigma(0.0)) *
      scale;
  double read = gMax * device.readNoiseRelSigma(gMax, t) * scale;
  py::dict out;
  out["programming"] = prog;
  out["read"] = read;
  out["weight"] = std::hypot(prog, read);
  out["g_max_us"] = gMax;
  return out;
}

py::list table() {
  py::list rows;
  const char *presets[] = {"hermes", "pcm", "ideal"};
  for (const ChipParamInfo &info : ChipModel::parameters()) {
    py::dict values;
    for (const char *preset : presets)
      values[preset] = toPython(info, ChipModel::preset(preset)->get(info));
    py::object lo = py::none(), hi = py::none();
    if (info.kind == ChipParamKind::Int) {
      lo = py::int_(info.intMin);
      hi = py::int_(info.intMax);
    } else if (info.kind == ChipParamKind::Real) {
      lo = py::float_(info.realMin);
      hi = py::float_(info.realMax);
    }
    py::list cases;
    for (const char *spelling : info.cases)
      cases.append(spelling);
    rows.append(py::make_tuple(info.key, kindName(info.kind), lo, hi,
                               info.minOpen, cases, info.doc, values));
  }
  return rows;
}

} // namespace

void aimc::python::populateChip(py::module_ &m) {
  m.def("_chip_parameters", &table,
        "[(key, kind, min, max, min_open, cases, doc, {preset: value})] of "
        "every chip parameter, in table order");
  m.def("_chip_build", &build, py::arg("preset"), py::arg("name"),
        py::arg("overrides"),
        "(name, {key: value}) of a preset with overrides; ValueError or "
        "TypeError for invalid ones");
  m.def("_chip_parse", &parse, py::arg("text"),
        "(name, {key: value}) of a preset name or #aimc.chip text; "
        "ValueError with the position of an error");
  m.def("_chip_print", &print, py::arg("name"), py::arg("parameters"),
        "the #aimc.chip text of a chip");
  m.def("_chip_device_noise", &deviceNoise, py::arg("text"),
        py::arg("t_inference") = 0.0,
        "{programming, read, weight, g_max_us}: the executor's device noise "
        "(std) at a weight of max |w|, relative to it, t_inference seconds "
        "after programming");
}
