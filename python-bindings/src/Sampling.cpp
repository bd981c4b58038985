//===- Sampling.cpp - Python bindings of the projection samplers ----------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// aimc.sample_projection calls the same C++ function that folds
// ka.sample_projection (aimc/Sampling/RandomProjection.h), so the matrix a
// Python user sees is bit for bit the one the compiler bakes into a program.
//
//===----------------------------------------------------------------------===//

#include "Bindings.h"

#include "aimc/Sampling/RandomProjection.h"
#include "aimc/Support/Limits.h"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace py = pybind11;
using namespace aimc;

namespace {

/// Method names accepted by sample_projection: the ka keywords and the short
/// names of the random-feature methods.
const std::pair<const char *, ProjectionKind> kMethodNames[] = {
    {"gaussian", ProjectionKind::Gaussian},
    {"truncated_gaussian", ProjectionKind::TruncatedGaussian},
    {"orthogonal", ProjectionKind::Orthogonal},
    {"structured_orthogonal", ProjectionKind::StructuredOrthogonal},
    {"rff", ProjectionKind::TruncatedGaussian},
    {"orf", ProjectionKind::Orthogonal},
    {"sorf", ProjectionKind::StructuredOrthogonal},
};

std::string knownMethods() {
  std::string names;
  for (const auto &[name, kind] : kMethodNames) {
    if (!names.empty())
      names += ", ";
    names += name;
  }
  return names;
}

ProjectionKind parseMethod(const std::string &method) {
  for (const auto &[name, kind] : kMethodNames)
    if (method == name)
      return kind;
  throw py::value_error("unknown projection method '" + method +
                        "' (expected one of " + knownMethods() + ")");
}

py::array_t<float> sampleProjectionArray(const std::string &method,
                                         int64_t rows, int64_t cols,
                                         uint64_t seed) {
  ProjectionKind kind = parseMethod(method);
  if (std::string problem = checkProjectionShape(rows, cols); !problem.empty())
    throw py::value_error(problem);
  // The weight budget, as for ka.sample_projection, before allocating (a
  // 1000000000 x 2 projection took 8 GB and minutes before the compiler
  // refused it).
  if (std::string problem =
          checkWeightBudget(uint64_t(rows) * uint64_t(cols) * sizeof(float),
                            "sampling a " + std::to_string(rows) + "x" +
                                std::to_string(cols) + " projection");
      !problem.empty())
    throw py::value_error(problem);
  py::array_t<float> out({rows, cols});
  std::string error;
  bool ok;
  {
    py::gil_scoped_release release;
    ok = sampleProjection(kind, rows, cols, seed, out.mutable_data(), &error);
  }
  if (!ok)
    throw py::value_error(error);
  return out;
}

py::array_t<float> samplePhasesArray(int64_t count, uint64_t seed) {
  if (count < 1 || count > kMaxProjectionEntries)
    throw py::value_error("the number of phases must be in [1, " +
                          std::to_string(kMaxProjectionEntries) + "], got " +
                          std::to_string(count));
  if (std::string problem =
          checkWeightBudget(uint64_t(count) * sizeof(float),
                            "sampling " + std::to_string(count) + " phases");
      !problem.empty())
    throw py::value_error(problem);
  py::array_t<float> out(count);
  std::string error;
  if (!samplePhases(count, seed, out.mutable_data(), &error))
    throw py::value_error(error);
  return out;
}

} // namespace

void aimc::python::populateSampling(py::module_ &m) {
  m.def("sample_projection", &sampleProjectionArray, py::arg("method"),
        py::arg("rows"), py::arg("cols"), py::arg("seed"),
        R"doc(The random projection Omega (rows x cols, float32) that
`ka.sample_projection <method> seed(seed) : tensor<rows x cols x f32>` folds
to, bit for bit. `method` is a ka keyword (gaussian, truncated_gaussian,
orthogonal, structured_orthogonal) or rff (= truncated_gaussian), orf
(= orthogonal), sorf (= structured_orthogonal). Raises ValueError on an
unknown method or a shape the sampler rejects.)doc");
  m.def("sample_phases", &samplePhasesArray, py::arg("count"), py::arg("seed"),
        R"doc(The phases (float32, in (0, 2 pi)) that
`ka.sample_phase seed(seed) : tensor<count x f32>` folds to.)doc");
  std::vector<std::string> names;
  for (const auto &[name, kind] : kMethodNames)
    names.push_back(name);
  m.attr("projection_methods") = py::cast(names);
}
