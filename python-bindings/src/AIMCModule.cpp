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

PYBIND11_MODULE(_aimc, m) {
  m.doc() = "aimc's compiler, samplers and simulated chip (C++ extension)";
  aimc::python::populateErrors(m);
  aimc::python::populateSampling(m);
  aimc::python::populateChip(m);
  aimc::python::populateCompile(m);
  aimc::python::populateSession(m);
}
