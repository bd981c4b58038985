"""aimc: compile kernel-approximation models for a simulated analog
in-memory-computing chip, from Python.

Functions and classes (see docs/Python.md):
  Chip(preset, **parameters)                   the chip: geometry, converters,
                                               device model, costs; str() is
                                               its #aimc.chip text
  compile(source, chip=...)                    compile MLIR text; an aimc.Module
                                               with the IR after every stage
  Session(module_or_text, chip=..., seed=...)  compile once, program the chip,
                                               run entries with numpy arrays
  projection_model(omega, kernel, ...)         a ka model (IR text) built from
                                               numpy arrays
  Error, CompileError, RunError                what the compiler and chip raise
  RandomFeatureRidgeClassifier(...)            kernel ridge classification on
                                               random features, float or chip
  RandomFeatureRidgeRegressor(...)             kernel ridge regression, same
  RandomFeatures(...)                          random features as a
                                               scikit-learn transformer
  NotFittedError                               scikit-learn's
  __version__                                  the aimc version
  sample_projection(method, rows, cols, seed)  the Omega ka.sample_projection
                                               folds to, bit for bit
  sample_phases(count, seed)                   the phases of ka.sample_phase
  set_weight_budget(bytes), get_weight_budget()
                                               the compiler's limit on a
                                               model's constant weights

Submodules:
  datasets  loaders for the paper's six datasets and Fashion-MNIST
  sweep     parameter sweeps on Dask (``from aimc import sweep``;
            docs/Scaling.md)

The compiled extension ``aimc._aimc`` lives next to this file in the build
tree (``build/python-bindings/aimc``) and in the install tree. Without it
(a source checkout on PYTHONPATH) only the pure-Python submodules work.
"""

from . import datasets  # noqa: F401
from ._version import __version__  # noqa: F401

try:
    from . import _aimc
except ImportError as _error:  # a source tree without the built extension
    _aimc = None
    _import_error = _error
else:
    _import_error = None
    from ._aimc import (  # noqa: F401
        CompileError,
        Error,
        RunError,
        get_weight_budget,
        projection_methods,
        sample_phases,
        sample_projection,
        set_weight_budget,
    )
    from .chip import Chip  # noqa: F401
    from .compiler import Module, compile  # noqa: F401
    from .kamodels import projection_model  # noqa: F401
    from .features import RandomFeatures  # noqa: F401
    from .ridge import (  # noqa: F401
        NotFittedError,
        RandomFeatureRidgeClassifier,
        RandomFeatureRidgeRegressor,
    )
    from .session import Session  # noqa: F401

_EXTENSION_NAMES = ("Chip", "CompileError", "Error", "Module", "NotFittedError",
                    "RandomFeatureRidgeClassifier",
                    "RandomFeatureRidgeRegressor", "RandomFeatures",
                    "RunError", "Session",
                    "compile", "get_weight_budget", "projection_model",
                    "projection_methods", "sample_phases", "sample_projection",
                    "set_weight_budget")


def __getattr__(name: str):
    """Explains a missing compiled extension instead of an AttributeError."""
    if _aimc is None and name in _EXTENSION_NAMES:
        raise ImportError(
            f"aimc.{name} needs the compiled extension aimc._aimc, which "
            f"could not be imported ({_import_error}); build aimc and put "
            f"build/python-bindings on PYTHONPATH") from _import_error
    raise AttributeError(f"module 'aimc' has no attribute {name!r}")
