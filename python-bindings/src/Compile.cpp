//===- Compile.cpp - Python bindings of the compilation pipeline ----------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// _compile_stages(source, name, options, elide_above) runs the pipeline
// every host runs (aimc::buildAimcRunPipeline) and returns the module printed
// after each stage; aimc.compile (python-bindings/aimc/compiler.py) wraps it
// in an aimc.Module. _run_options() is the table of options
// (aimc/Runner/RunOptions.def) that aimc/_options.py reads; makeRunOptions
// converts Python keywords to aimc::RunOptions through the same table.
//
//===----------------------------------------------------------------------===//

#include "Bindings.h"

#include "aimc/Runner/CompileStages.h"

#include <pybind11/stl.h>

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace py = pybind11;
using namespace aimc;

namespace {

std::vector<std::pair<std::string, std::string>>
compileStages(const std::string &source, const std::string &name,
              const py::dict &values, std::optional<int64_t> elideAbove) {
  RunOptions options = python::makeRunOptions(values);
  if (elideAbove && *elideAbove < 0)
    throw py::value_error("elide_above must be >= 0 or None, got " +
                          std::to_string(*elideAbove));
  CompileStagesOptions printing;
  printing.elideElementsAbove = elideAbove;
  llvm::Expected<std::vector<CompileStage>> stages = [&] {
    py::gil_scoped_release release;
    return compileInStages(source, options, name, printing);
  }();
  if (!stages)
    throw python::CompileError(llvm::toString(stages.takeError()));
  std::vector<std::pair<std::string, std::string>> out;
  for (CompileStage &stage : *stages)
    out.emplace_back(std::move(stage.name), std::move(stage.ir));
  return out;
}

/// One Python value into a field of RunOptions; TypeError naming the
/// keyword if it does not convert (aimc/_options.py checks types first).
template <typename T>
void setField(T &field, const py::handle &value, const char *keyword) {
  try {
    field = value.cast<T>();
  } catch (const py::cast_error &) {
    throw py::type_error(
        std::string(keyword) + " has the wrong type: " +
        std::string(py::str(py::type::of(value).attr("__name__"))));
  }
}

/// The rows of RunOptions.def as dicts, with the default of RunOptions.
py::list runOptionTable() {
  const RunOptions defaults;
  std::vector<py::object> values;
#define AIMC_RUN_OPTION_STRING(FIELD, LAYER, FLAG, PYTHON, DEFAULT, VALUE,     \
                               HELP)                                           \
  values.push_back(py::cast(defaults.FIELD));
#define AIMC_RUN_OPTION_CHOICE(FIELD, LAYER, FLAG, PYTHON, DEFAULT, CHOICES,   \
                               NOUN, HELP)                                     \
  values.push_back(py::cast(defaults.FIELD));
#define AIMC_RUN_OPTION_INT(FIELD, LAYER, FLAG, PYTHON, DEFAULT, MIN, MAX,     \
                            NOUN, HELP)                                        \
  values.push_back(py::cast(defaults.FIELD));
#define AIMC_RUN_OPTION_UINT(FIELD, LAYER, FLAG, PYTHON, DEFAULT, HELP)        \
  values.push_back(py::cast(defaults.FIELD));
#define AIMC_RUN_OPTION_SECONDS(FIELD, LAYER, FLAG, PYTHON, DEFAULT, MAX,      \
                                NOUN, RANGE, HELP)                             \
  values.push_back(py::cast(defaults.FIELD));
#define AIMC_RUN_OPTION_BOOL(FIELD, LAYER, FLAG, PYTHON, DEFAULT, HELP)        \
  values.push_back(py::cast(defaults.FIELD));
#include "aimc/Runner/RunOptions.def"
  py::list out;
  for (auto [i, info] : llvm::enumerate(getRunOptionInfos())) {
    py::dict row;
    row["flag"] = info.flag;
    row["python"] = info.python;
    row["layer"] = getRunOptionLayerName(info.layer);
    row["kind"] = getRunOptionKindName(info.kind);
    row["default"] = values[i];
    row["valid"] = describeRunOptionRange(info);
    if (info.kind == RunOptionKind::Int) {
      row["min"] = info.minInt;
      row["max"] = info.maxInt;
    } else if (info.kind == RunOptionKind::Seconds) {
      row["min"] = 0.0;
      row["max"] = info.maxSeconds;
    } else if (info.kind == RunOptionKind::Choice) {
      py::list choices;
      for (llvm::StringRef choice : llvm::split(info.choices, '|'))
        choices.append(choice.str());
      row["choices"] = choices;
    }
    row["help"] = info.help;
    out.append(row);
  }
  return out;
}

} // namespace

RunOptions aimc::python::makeRunOptions(const py::dict &values) {
  RunOptions options;
  for (auto [key, value] : values) {
    std::string keyword = py::str(key);
    bool known = false;
#define AIMC_RUN_OPTION_PYTHON(FIELD, PYTHON)                                  \
  if (*PYTHON && keyword == PYTHON) {                                          \
    setField(options.FIELD, value, PYTHON);                                    \
    known = true;                                                              \
  }
#define AIMC_RUN_OPTION_STRING(FIELD, LAYER, FLAG, PYTHON, DEFAULT, VALUE,     \
                               HELP)                                           \
  AIMC_RUN_OPTION_PYTHON(FIELD, PYTHON)
#define AIMC_RUN_OPTION_CHOICE(FIELD, LAYER, FLAG, PYTHON, DEFAULT, CHOICES,   \
                               NOUN, HELP)                                     \
  AIMC_RUN_OPTION_PYTHON(FIELD, PYTHON)
#define AIMC_RUN_OPTION_INT(FIELD, LAYER, FLAG, PYTHON, DEFAULT, MIN, MAX,     \
                            NOUN, HELP)                                        \
  AIMC_RUN_OPTION_PYTHON(FIELD, PYTHON)
#define AIMC_RUN_OPTION_UINT(FIELD, LAYER, FLAG, PYTHON, DEFAULT, HELP)        \
  AIMC_RUN_OPTION_PYTHON(FIELD, PYTHON)
#define AIMC_RUN_OPTION_SECONDS(FIELD, LAYER, FLAG, PYTHON, DEFAULT, MAX,      \
                                NOUN, RANGE, HELP)                             \
  AIMC_RUN_OPTION_PYTHON(FIELD, PYTHON)
#define AIMC_RUN_OPTION_BOOL(FIELD, LAYER, FLAG, PYTHON, DEFAULT, HELP)        \
  AIMC_RUN_OPTION_PYTHON(FIELD, PYTHON)
#include "aimc/Runner/RunOptions.def"
#undef AIMC_RUN_OPTION_PYTHON
    if (!known)
      throw py::type_error("unknown option '" + keyword + "'");
  }
  if (std::string problem = options.validateSettings(); !problem.empty())
    throw py::value_error(problem);
  return options;
}

void aimc::python::populateCompile(py::module_ &m) {
  m.def("_compile_stages", &compileStages, py::arg("source"),
        py::arg("name") = "<source>", py::arg("options") = py::dict(),
        py::arg("elide_above") = py::none(),
        "[(stage, IR text)] after each top-level pass of the compilation "
        "pipeline, starting with ('input', parsed module). options: Python "
        "keywords of aimc/Runner/RunOptions.def. Raises CompileError with "
        "the diagnostics.");
  m.def("_run_options", &runOptionTable,
        "The options of compiling and running (aimc/Runner/RunOptions.def): "
        "one dict per option with flag, python, layer, kind, default, "
        "valid, min/max or choices, help.");
}
