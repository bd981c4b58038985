//===- Errors.cpp - Python exceptions of the aimc extension ---------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// aimc.Error is the base class of every error the compiler or the simulated
// chip reports; catching it never hides a Python bug (TypeError, ...).
//
//===----------------------------------------------------------------------===//

#include "Bindings.h"

namespace py = pybind11;

void aimc::python::populateErrors(py::module_ &m) {
  static py::exception<std::runtime_error> base(m, "Error", PyExc_RuntimeError);
  base.doc() = "An error reported by the aimc compiler or simulated chip.";
  // Registered after the base so that their translators are tried first.
  py::register_exception<CompileError>(m, "CompileError", base.ptr()).doc() =
      "The module does not parse, verify or compile; the message holds the "
      "compiler's diagnostics with their source locations.";
  py::register_exception<RunError>(m, "RunError", base.ptr()).doc() =
      "A call of a compiled entry failed: inputs not matching its signature "
      "or an error reported by the simulated chip.";
}
