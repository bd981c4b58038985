//===- Bindings.h - Pieces of the aimc._aimc extension ----------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Each source file of the extension adds one group of functions and classes
// to the module; AIMCModule.cpp calls them in order.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_PYTHON_BINDINGS_SRC_BINDINGS_H
#define AIMC_PYTHON_BINDINGS_SRC_BINDINGS_H

#include <pybind11/pybind11.h>

namespace aimc::python {

/// sample_projection, sample_phases, projection_kinds.
void populateSampling(pybind11::module_ &m);

} // namespace aimc::python

#endif // AIMC_PYTHON_BINDINGS_SRC_BINDINGS_H
