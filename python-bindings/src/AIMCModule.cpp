//===- AIMCModule.cpp - The aimc._aimc extension module -------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Entry point of the pybind11 extension; the `aimc` package re-exports what
// is defined here (python-bindings/aimc/__init__.py).
//
//===----------------------------------------------------------------------===//

#include "Bindings.h"

#include "aimc/Support/Limits.h"

PYBIND11_MODULE(_aimc, m) {
  m.doc() = "aimc's compiler, samplers and simulated chip (C++ extension)";
  aimc::python::populateErrors(m);
  aimc::python::populateSampling(m);
  aimc::python::populateChip(m);
  aimc::python::populateCompile(m);
  aimc::python::populateSession(m);
  m.def(
      "set_weight_budget",
      [](uint64_t bytes) {
        if (bytes == 0 || bytes > (uint64_t(1) << 62))
          throw pybind11::value_error(
              "the weight budget must be in [1, 2^62] bytes, got " +
              std::to_string(bytes));
        aimc::setWeightBudgetBytes(bytes);
      },
      pybind11::arg("bytes"),
      "Sets the largest size in bytes of a model's constant weights that "
      "the compiler accepts (process-wide; default 2 GiB). Larger models "
      "fail with CompileError stating their size.");
  m.def(
      "get_weight_budget", [] { return aimc::getWeightBudgetBytes(); },
      "The weight budget in bytes (see set_weight_budget).");
}
