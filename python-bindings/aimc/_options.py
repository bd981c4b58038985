"""The options of compiling and running, from the one table
include/aimc/Runner/RunOptions.def (through the extension's _run_options):
the keywords of aimc.compile (layer "compile") and aimc.Session (both
layers), their defaults and their type checks. The value ranges are checked
by aimc::RunOptions::validateSettings, with aimc-run's messages."""

import numbers
from typing import Any, Dict

import numpy as np

from . import _aimc

# One dict per option with a Python keyword: flag, python, layer, kind,
# default, valid, help (and min/max or choices).
OPTIONS = tuple(row for row in _aimc._run_options() if row["python"])
BY_NAME = {row["python"]: row for row in OPTIONS}
COMPILE_OPTIONS = tuple(row["python"] for row in OPTIONS
                        if row["layer"] == "compile")
RUN_OPTIONS = tuple(row["python"] for row in OPTIONS
                    if row["layer"] == "run")


def defaults(layer: str) -> Dict[str, Any]:
    """{keyword: default} of the options of `layer` ("compile" or "run"),
    in the table's order. The chip's default is None (the module's chip)."""
    out = {}
    for row in OPTIONS:
        if row["layer"] == layer:
            out[row["python"]] = (None if row["python"] == "chip"
                                  else row["default"])
    return out


def check(name: str, value: Any) -> Any:
    """`value` of option `name` as the extension takes it (chip as its text);
    a short TypeError naming the option for a wrong type, ValueError for a
    value no C++ integer or number holds. RunOptions checks the ranges."""
    from .chip import chip_text
    if name == "chip":
        return chip_text(value)
    kind = BY_NAME[name]["kind"]
    if kind in ("string", "choice"):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a string, got "
                            f"{type(value).__name__}")
        return value
    if kind == "bool":
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{name} must be True or False, got "
                            f"{type(value).__name__}")
        return bool(value)
    if kind in ("int", "uint"):
        if isinstance(value, (bool, np.bool_)) or \
                not isinstance(value, numbers.Integral):
            raise TypeError(f"{name} must be an integer, got "
                            f"{type(value).__name__}")
        low, high, text = ((0, 2**64, "[0, 2^64)") if kind == "uint" else
                           (-2**63, 2**63, "[-2^63, 2^63)"))
        if not low <= int(value) < high:
            raise ValueError(f"{name} must be in {text}, got {int(value)}")
        return int(value)
    if kind == "seconds":
        if isinstance(value, (bool, np.bool_)) or \
                not isinstance(value, numbers.Real):
            raise TypeError(f"{name} must be a number of seconds, got "
                            f"{type(value).__name__}")
        return float(value)
    raise AssertionError(f"option {name} of unknown kind {kind}")


def max_seconds(name: str) -> float:
    """The largest value of a seconds option (t_inference: 1e10)."""
    return BY_NAME[name]["max"]

