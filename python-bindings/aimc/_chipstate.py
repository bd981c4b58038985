"""The programmed chip behind a fitted estimator (docs/Python.md,
"Determinism, pickling and drift").

A :class:`ChipState` owns an :class:`aimc.Session` compiled from a ka module
and remembers how it was brought into its fitted state: the chip, seed and
options it was programmed with, the calibration rows its converters were
calibrated on, the inference time it reads at and the read-noise position
after fitting. That is enough to

* make every later call deterministic: each call starts from the read-noise
  position the fit left (the same input at the same position of a call gives
  the same output, and predicting never changes the estimator);
* pickle or deep-copy a fitted model: the state holds no compiled code; a
  copy re-programs an identical chip (same module, chip, seed, calibration)
  the first time it is used, and predicts exactly as the original;
* move a fitted model in time: :meth:`set_inference_time` reads the same
  programmed devices, drifted to another time, without reprogramming.
"""

from __future__ import annotations

import copy
from typing import Any, Dict, Iterator, List, Optional, Tuple

import numpy as np

from ._progress import progress


class ChipState:
    """A session programmed from `module_text`, calibrated on
    `calibration` rows (run through `entry` first), reading at
    `t_inference` seconds after programming."""

    def __init__(self, module_text: str, *, chip: Any, seed: int,
                 t_program: float, num_chips: int,
                 drift_compensation: bool, approximate_math: bool = True,
                 batch: int, name: str) -> None:
        self.module_text = module_text
        self.options = {"chip": chip, "seed": int(seed),
                        "t_inference": float(t_program),
                        "num_chips": int(num_chips),
                        "drift_compensation": bool(drift_compensation),
                        "approximate_math": bool(approximate_math),
                        "name": name}
        self.batch = int(batch)
        self.calibration: Optional[Tuple[str, np.ndarray]] = None
        self.t_inference = float(t_program)
        self.positions: Optional[Dict[int, int]] = None
        self.last_report: Optional[Dict[str, Any]] = None
        self._session = None
        self._session = self._program()

    # -- the session ---------------------------------------------------------

    def _program(self):
        from .session import Session
        o = self.options
        return Session(self.module_text, chip=o["chip"], seed=o["seed"],
                       t_inference=o["t_inference"],
                       num_chips=o["num_chips"],
                       drift_compensation=o["drift_compensation"],
                       approximate_math=o["approximate_math"],
                       name=o["name"])

    @property
    def session(self):
        """The programmed session; re-programmed (and re-calibrated, moved
        to the inference time and read-noise position of the original) on
        first use after unpickling or copying."""
        if self._session is None:
            session = self._program()
            if self.calibration is not None:
                entry, rows = self.calibration
                session.run(entry, [rows])
            if self.t_inference != self.options["t_inference"]:
                session.set_inference_time(self.t_inference)
            if self.positions is not None:
                session.set_read_noise_positions(self.positions)
            self._session = session
        return self._session

    def calibrate(self, entry: str, rows: np.ndarray) -> None:
        """Runs `entry` once on `rows` (batch x d, float32): the tiles fix
        their converter ranges on this first batch."""
        rows = np.ascontiguousarray(rows, dtype=np.float32)
        self.session.run(entry, [rows])
        self.calibration = (entry, rows)

    def mark(self) -> None:
        """Remembers the read-noise position every later call starts from
        (called at the end of fit)."""
        self.positions = {int(k): int(v) for k, v in
                          self.session.read_noise_positions().items()}

    def set_inference_time(self, t: float) -> None:
        """Reads the same programmed devices at t seconds after
        programming (drift), keeping the calibration."""
        self.session.set_inference_time(float(t))
        self.t_inference = float(t)

    # -- running -------------------------------------------------------------

    def _start(self) -> None:
        session = self.session
        if self.positions is not None:
            session.set_read_noise_positions(self.positions)
        session.reset_stats()

    def batches(self, x, verbose: int, desc: str
                ) -> Iterator[Tuple[np.ndarray, int]]:
        """(padded float32 batch, real rows) chunks of the rows of x (dense
        or scipy.sparse), with a progress bar when verbose."""
        b, n = self.batch, x.shape[0]
        with progress(n, verbose, desc) as bar:
            for start in range(0, n, b):
                chunk = x[start:start + b]
                if hasattr(chunk, "toarray"):
                    chunk = chunk.toarray()
                chunk = np.asarray(chunk, dtype=np.float32)
                rows = chunk.shape[0]
                if rows < b:
                    chunk = np.vstack([chunk, np.zeros((b - rows, x.shape[1]),
                                                       np.float32)])
                yield np.ascontiguousarray(chunk), rows
                bar.update(rows)

    def run_rows(self, entry: str, x, extra: List[np.ndarray], call: str,
                 verbose: int = 0, rewind: bool = True
                 ) -> Iterator[List[np.ndarray]]:
        """Runs `entry` on the rows of x, batch by batch (with the `extra`
        arguments), starting from the fitted read-noise position unless
        `rewind` is False; yields the results of each batch trimmed to its
        real rows. last_report describes the call once all are out."""
        if rewind:
            self._start()
        else:
            self.session.reset_stats()
        executed = 0
        for chunk, rows in self.batches(x, verbose, f"{call} ({entry})"):
            results = self.session.run(entry, [chunk] + list(extra))
            executed += chunk.shape[0]
            yield [r[:rows] for r in results]
        self.last_report = self.report(call, x.shape[0], executed)

    def report(self, call: str, rows: int, executed: int) -> Dict[str, Any]:
        """The session's statistics of the last call, with per-inference
        figures (every executed row, padding included, costs the same)."""
        report = self.session.report()
        analog = report["analog"]["total"]
        digital_j = report.get("digital_energy_j", 0.0)
        digital_s = report.get("digital_time_s", 0.0)
        energy = analog["energy_j"] + digital_j
        latency = analog["latency_s"] + digital_s
        executed = max(executed, 1)
        return {
            "backend": "aimc", "call": call, "chip": report["chip"],
            "t_inference_s": self.t_inference,
            "drift_compensation": self.options["drift_compensation"],
            "rows": rows, "executed_rows": executed, "batch": self.batch,
            "calls": report.get("calls"),
            "mvms": analog["mvms"],
            "analog_energy_j": analog["energy_j"],
            "digital_energy_j": digital_j,
            "energy_j": energy,
            "analog_latency_s": analog["latency_s"],
            "digital_time_s": digital_s,
            "latency_s": latency,
            "energy_per_inference_j": energy / executed,
            "latency_per_inference_s": latency / executed,
            "mvms_per_inference": analog["mvms"] / executed,
            "tops_per_w": analog["tops_per_w"],
            "report": report,
        }

    # -- pickling and copying --------------------------------------------------

    def __getstate__(self) -> Dict[str, Any]:
        state = dict(self.__dict__)
        state["_session"] = None  # compiled code is not picklable: re-program
        return state

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__dict__.update(state)

    def __deepcopy__(self, memo) -> "ChipState":
        other = ChipState.__new__(ChipState)
        other.__setstate__(copy.deepcopy(self.__getstate__(), memo))
        return other
