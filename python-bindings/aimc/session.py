"""``aimc.Session``: a model compiled, JIT-compiled and programmed onto the
simulated chip once, then run many times with numpy arrays."""

import json
import math
import numbers
from typing import Any, Dict, List, Optional

import numpy as np

from . import _aimc, _options
from .compiler import COMPILE_DEFAULTS, Module, _read_source

# The defaults of the run options (include/aimc/Runner/RunOptions.def).
_RUN = _options.defaults("run")


class Session:
    """A compiled model on a simulated chip.

        sess = aimc.Session(module_or_text, chip="hermes", seed=0,
                            t_inference=0.0)
        y, = sess.run("entry", [x])
        sess.report()["analog"]["total"]["energy_j"]

    module_or_text: an :class:`aimc.Module` (its compile options are used
    unless given here), MLIR source text, or a path (os.PathLike).
    chip: an aimc.Chip, a preset name ("hermes": PCM noise, 8-bit
    converters; "pcm": aihwkit's PCM model; "ideal": exact MVMs) or
    #aimc.chip<...> text; None: the module's aimc.chip, HERMES if none.
    seed: seed of every random draw of the chip (programming and read
    noise). t_inference: seconds from programming to inference (drift).
    policy ("projections" | "attention" | "all"), min_size, num_chips:
    compile options.
    drift_compensation: the chip's global drift compensation (default on).
    approximate_math: compute f32 sin, cos and exp with the vectorised
    polynomials of aimc-approximate-math (default True; accurate to about
    one float32 ulp for every finite input), or with libm (False).
    The options, their defaults and valid values are those of aimc-run
    (one table, docs/Tools/RunOptions.md); compile options left None keep
    the module's.

    Raises CompileError (with the compiler's diagnostics) if the module does
    not compile or program, ValueError for a bad option value, TypeError
    for an argument of the wrong type (a short message naming it).
    """

    def __init__(self, module_or_text: Any, chip: Any = None,
                 seed: int = _RUN["seed"],
                 t_inference: float = _RUN["t_inference"],
                 policy: Optional[str] = None,
                 min_size: Optional[int] = None,
                 num_chips: Optional[int] = None, name: Optional[str] = None,
                 drift_compensation: bool = _RUN["drift_compensation"],
                 approximate_math: Optional[bool] = None) -> None:
        given = dict(chip=chip, seed=seed, t_inference=t_inference,
                     policy=policy, min_size=min_size, num_chips=num_chips,
                     drift_compensation=drift_compensation,
                     approximate_math=approximate_math)
        if name is not None and not isinstance(name, str):
            raise TypeError(f"name must be a string, got "
                            f"{type(name).__name__}")
        if isinstance(module_or_text, Module):
            text, source_name = module_or_text.source, module_or_text.name
            settings = dict(module_or_text.options)
        else:
            text, source_name = _read_source(module_or_text)
            settings = dict(COMPILE_DEFAULTS)
        # Compile options left None keep the module's (or the defaults).
        for key in _options.COMPILE_OPTIONS:
            if given[key] is not None:
                settings[key] = given[key]
        settings.update((key, given[key]) for key in _options.RUN_OPTIONS)
        settings = {key: _options.check(key, value)
                    for key, value in settings.items()}
        self.name = name or source_name or "<source>"
        self.options = settings
        self._session = _aimc._Session(text, self.name, settings)
        self._signatures = {}

    @property
    def entries(self) -> List[str]:
        """Names of the functions run() can call."""
        return list(self._session.entries())

    def signature(self, entry: str) -> Dict[str, Any]:
        """{"args": [(dtype, shape)], "results": [(dtype, shape)]} of an
        entry; None in a shape is a dynamic size. RunError if unknown."""
        if entry not in self._signatures:
            self._signatures[entry] = self._session.signature(entry)
        return self._signatures[entry]

    def run(self, entry: str, inputs: Any) -> List[np.ndarray]:
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

    def report(self) -> Dict[str, Any]:
        """What the calls since creation (or reset_stats()) cost, as a dict
        with the keys of ``aimc-run --json``: "analog" {"ops": [...],
        "total": {...}} with mvms, operations, latency_s, energy_j,
        utilization, tops_per_w per analog op and in total;
        "digital_ops", "digital_energy_j", "digital_time_s",
        "total_energy_j", "calls", "compile_time_s", "wall_time_s", ..."""
        return json.loads(self._session.report_json())

    def report_text(self) -> str:
        """The report as aimc-run prints it."""
        return self._session.report_text()

    def reset_stats(self) -> None:
        """Zeroes the statistics; the programmed chip is kept."""
        self._session.reset_stats()

    def set_inference_time(self, t: float) -> None:
        """Reads the programmed chip at t seconds after programming from
        now on (PCM drift), without reprogramming or recalibrating it: the
        same devices, drifted; the drift compensation is redone. report()
        and options["t_inference"] then give t. ValueError for a negative or
        non-finite t."""
        t = _seconds(t)
        self._session.set_inference_time(t)
        self.options["t_inference"] = t

    def reprogram(self, seed: int,
                  t_inference: Optional[float] = None) -> None:
        """Programs a fresh chip with `seed` (new programming and read
        noise), read t_inference seconds after programming (default: the
        current options["t_inference"]), without recompiling: the outputs
        are bit for bit those of a new Session with this seed and
        t_inference, without the seconds of compiling. The statistics start
        from zero; options give the new seed and time. ValueError for a
        negative or non-finite t_inference, changing nothing."""
        seed = _integer("seed", seed, 2**64)
        t = (self.options["t_inference"] if t_inference is None
             else _seconds(t_inference))
        self._session.reprogram(seed, float(t))
        self.options["seed"], self.options["t_inference"] = seed, t

    def read_noise_positions(self) -> Dict[int, int]:
        """{tile id: input vectors read so far}: where every tile's read
        noise stream stands."""
        return dict(self._session.read_noise_positions())

    def set_read_noise_positions(self, positions: Dict[int, int]) -> None:
        """Moves the read-noise streams to positions returned by
        read_noise_positions(): the same inputs then give the same outputs
        as when the chip stood there before. RunError for an unknown tile."""
        self._session.set_read_noise_positions(
            {int(k): int(v) for k, v in positions.items()})

    @property
    def num_tiles(self) -> int:
        """Crossbar tiles programmed on the chip(s)."""
        return self._session.num_tiles

    @property
    def compile_seconds(self) -> float:
        """Host time of compiling, JIT-compiling and programming."""
        return self._session.compile_seconds

    def __repr__(self):
        return (f"<aimc.Session {self.name!r}: entries {self.entries}, "
                f"{self.num_tiles} tiles, options {self.options}>")


def _integer(name: str, value: Any, high: int) -> int:
    """value as an int in [0, high), else a short TypeError/ValueError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got "
                        f"{type(value).__name__}")
    if not 0 <= int(value) < high:
        raise ValueError(f"{name} must be in [0, 2^{high.bit_length() - 1}),"
                         f" got {int(value)}")
    return int(value)


def _seconds(value: Any) -> float:
    """A time in seconds as a float, finite and >= 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"t_inference must be a number of seconds, got "
                        f"{type(value).__name__}")
    t = float(value)
    if not (math.isfinite(t) and t >= 0):
        raise ValueError(f"the inference time must be a finite number of "
                         f"seconds >= 0, got {value!r}")
    return t
