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

#include "aimc/Runner/RunBackend.h"

#include <pybind11/pybind11.h>

#include <stdexcept>
#include <string>

namespace aimc::python {

/// Raised as aimc.CompileError: the module does not parse, verify or
/// compile; the message holds the compiler's diagnostics.
struct CompileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Raised as aimc.RunError: a call on a compiled session failed (inputs not
/// matching the entry, an error the chip reported).
struct RunError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// aimc.Error (a RuntimeError) and its subclasses CompileError, RunError.
void populateErrors(pybind11::module_ &m);

/// The run options of a compilation or session from Python keywords (the
/// rows of aimc/Runner/RunOptions.def with a Python name; the others keep
/// their defaults); raises TypeError for an unknown keyword or a value
/// that does not convert, ValueError (with RunOptions::validateSettings'
/// message) for invalid values.
RunOptions makeRunOptions(const pybind11::dict &values);

/// _chip_parameters, _chip_build, _chip_parse, _chip_print: the chip table
/// and its one textual form, behind aimc.Chip.
void populateChip(pybind11::module_ &m);

/// _compile_stages: the IR after each stage of the compilation pipeline;
/// _run_options: the table of options.
void populateCompile(pybind11::module_ &m);

/// _Session: a module compiled, JIT-compiled and programmed once.
void populateSession(pybind11::module_ &m);

/// sample_projection, sample_phases, projection_kinds.
void populateSampling(pybind11::module_ &m);

} // namespace aimc::python

#endif // AIMC_PYTHON_BINDINGS_SRC_BINDINGS_H
