"""``aimc.Session``: a model compiled, JIT-compiled and programmed onto the
simulated chip once, then run many times with numpy arrays."""

import json

import numpy as np

from . import _aimc
from .compiler import COMPILE_DEFAULTS, Module, _read_source


class Session:
    """A compiled model on a simulated chip.

        sess = aimc.Session(module_or_text, chip="hermes", seed=0,
                            t_inference=0.0)
        y, = sess.run("entry", [x])
        sess.report()["analog"]["total"]["energy_j"]

    module_or_text: an :class:`aimc.Module` (its compile options are used
    unless given here), MLIR source text, or a path (os.PathLike).
    chip: "hermes" (PCM noise, 8-bit converters) or "ideal" (exact MVMs).
    seed: seed of every random draw of the chip (programming and read
    noise). t_inference: seconds from programming to inference (drift).
    policy ("projections" | "all"), min_size, num_chips: compile options.
    approximate_math: compute f32 sin, cos and exp with the vectorised
    polynomials of aimc-approximate-math (default True; accurate to about
    one float32 ulp for every finite input), or with libm (False).

    Raises CompileError (with the compiler's diagnostics) if the module does
    not compile or program, ValueError for a bad option.
    """

    def __init__(self, module_or_text, chip=None, seed=0, t_inference=0.0,
                 policy=None, min_size=None, num_chips=None, name=None,
                 approximate_math=True):
        if isinstance(module_or_text, Module):
            text, source_name = module_or_text.source, module_or_text.name
            settings = dict(module_or_text.options)
        else:
            text, source_name = _read_source(module_or_text)
            settings = dict(COMPILE_DEFAULTS)
        for key, value in (("chip", chip), ("policy", policy),
                           ("min_size", min_size), ("num_chips", num_chips)):
            if value is not None:
                settings[key] = value
        self.name = name or source_name or "<source>"
        self.options = dict(settings, seed=seed, t_inference=t_inference,
                            approximate_math=bool(approximate_math))
        self._session = _aimc._Session(
            text, self.name, settings["chip"], seed, float(t_inference),
            settings["policy"], settings["min_size"], settings["num_chips"],
            bool(approximate_math))
        self._signatures = {}

    @property
    def entries(self):
        """Names of the functions run() can call."""
        return list(self._session.entries())

    def signature(self, entry):
        """{"args": [(dtype, shape)], "results": [(dtype, shape)]} of an
        entry; None in a shape is a dynamic size. RunError if unknown."""
        if entry not in self._signatures:
            self._signatures[entry] = self._session.signature(entry)
        return self._signatures[entry]

    def run(self, entry, inputs):
        """Calls `entry` with one array per argument and returns the list
        of its results (numpy arrays). Inputs are converted to the entry's
        element types when the kind matches (float to float32, ...);
        shapes must match. Raises RunError on a mismatch or an error the
        chip reports."""
        args = self.signature(entry)["args"]
        if isinstance(inputs, np.ndarray):
            raise TypeError("inputs must be a list of arrays, one per "
                            "argument of @" + entry)
        inputs = list(inputs)
        if len(inputs) != len(args):
            raise _aimc.RunError(f"@{entry} takes {len(args)} argument(s), "
                                 f"but {len(inputs)} were given")
        arrays = []
        for i, (value, (dtype, _)) in enumerate(zip(inputs, args)):
            array = np.asarray(value)
            expected = np.dtype(dtype)
            if array.dtype.kind not in ("fiub" if expected.kind == "f"
                                        else "iub"):
                raise TypeError(f"argument {i} of @{entry} is {dtype}, got "
                                f"an array of {array.dtype}")
            if expected.kind == "i" and array.dtype.kind in "iu" and \
                    array.size and array.dtype != expected:
                info = np.iinfo(expected)
                if array.min() < info.min or array.max() > info.max:
                    raise OverflowError(f"argument {i} of @{entry}: values "
                                        f"outside the range of {dtype}")
            arrays.append(np.ascontiguousarray(array, dtype=expected))
        return list(self._session.run(entry, arrays))

    def report(self):
        """What the calls since creation (or reset_stats()) cost, as a dict
        with the keys of ``aimc-run --json``: "analog" {"ops": [...],
        "total": {...}} with mvms, operations, latency_s, energy_j,
        utilization, tops_per_w per analog op and in total;
        "digital_ops", "digital_energy_j", "digital_time_s",
        "total_energy_j", "calls", "compile_time_s", "wall_time_s", ..."""
        return json.loads(self._session.report_json())

    def report_text(self):
        """The report as aimc-run prints it."""
        return self._session.report_text()

    def reset_stats(self):
        """Zeroes the statistics; the programmed chip is kept."""
        self._session.reset_stats()

    @property
    def num_tiles(self):
        """Crossbar tiles programmed on the chip(s)."""
        return self._session.num_tiles

    @property
    def compile_seconds(self):
        """Host time of compiling, JIT-compiling and programming."""
        return self._session.compile_seconds

    def __repr__(self):
        return (f"<aimc.Session {self.name!r}: entries {self.entries}, "
                f"{self.num_tiles} tiles, options {self.options}>")
