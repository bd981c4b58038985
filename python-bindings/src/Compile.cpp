//===- Compile.cpp - Python bindings of the compilation pipeline ----------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// _compile_stages(source, name, options..., elide_above) runs the pipeline
// every host runs (aimc::buildAimcRunPipeline) and returns the module printed
// after each stage; aimc.compile (python-bindings/aimc/compiler.py) wraps it
// in an aimc.Module.
//
//===----------------------------------------------------------------------===//

#include "Bindings.h"

#include "aimc/Runner/CompileStages.h"

#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace py = pybind11;
using namespace aimc;

namespace {

std::vector<std::pair<std::string, std::string>>
compileStages(const std::string &source, const std::string &name,
              const std::string &chip, const std::string &policy,
              int64_t minSize, int64_t numChips,
              std::optional<int64_t> elideAbove) {
  RunOptions options =
      python::makeRunOptions(chip, /*seed=*/0,
                             /*tInference=*/0, policy, minSize, numChips);
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

} // namespace

RunOptions aimc::python::makeRunOptions(const std::string &chip, uint64_t seed,
                                        double tInference,
                                        const std::string &policy,
                                        int64_t minSize, int64_t numChips) {
  RunOptions options;
  options.chip = chip;
  options.seed = seed;
  options.tInferenceSeconds = tInference;
  options.partitionPolicy = policy;
  options.minSize = minSize;
  options.numChips = numChips;
  if (std::string problem = options.validateSettings(); !problem.empty())
    throw py::value_error(problem);
  return options;
}

void aimc::python::populateCompile(py::module_ &m) {
  m.def("_compile_stages", &compileStages, py::arg("source"),
        py::arg("name") = "<source>", py::arg("chip") = "",
        py::arg("policy") = "projections", py::arg("min_size") = 0,
        py::arg("num_chips") = 1, py::arg("elide_above") = py::none(),
        "[(stage, IR text)] after each top-level pass of the compilation "
        "pipeline, starting with ('input', parsed module). Raises "
        "CompileError with the diagnostics.");
}
