"""What aimc's random-feature estimators share (docs/Python.md): their
parameters and checks, input validation the scikit-learn way, Omega, the
features on the float backend or the programmed chip, drift on a fitted
model, pickling and the estimator tags.

Subclasses: aimc.RandomFeatures (transformer), aimc.RandomFeatureRidge-
Classifier and aimc.RandomFeatureRidgeRegressor (ridge readouts).
"""

from __future__ import annotations

import math
from typing import Any, Dict, Iterator, Optional

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from . import kamodels
from ._chipstate import ChipState
from .chip import PRESETS, Chip, chip_text
from ._progress import progress

BACKENDS = ("float", "aimc")
# Where the ridge readout is fitted (backend "aimc"): "float" on the float
# features (the paper's protocol, a deployed model: only inference runs on
# the chip), "chip" on the chip's own features (chip in the loop).
FIT_ON = ("float", "chip")
# Presets the chip parameter accepts by name (anything else is passed to
# aimc.Session as it is, which decides).
CHIPS = PRESETS
# Rows per slice of the float backend's features.
FLOAT_ROWS = 8192
# Largest float32: inputs beyond it cannot reach the chip.
_F32_MAX = float(np.finfo(np.float32).max)
# Parameters whose change keeps a fitted model (see set_params).
_KEEP_FIT = ("verbose", "t_inference")


class _CallLog:
    """The report of the last call, kept outside the estimator's attributes
    so that predicting does not change the estimator."""

    def __init__(self) -> None:
        self.report: Optional[Dict[str, Any]] = None


def _same(a: Any, b: Any) -> bool:
    if a is b:
        return True
    try:
        return type(a) is type(b) and bool(a == b)
    except (TypeError, ValueError):
        return False


def is_ideal_chip(chip: Any) -> bool:
    """True for a chip without read noise (its outputs are a function of
    its inputs): the "ideal" preset, or any chip description whose noise
    model is "none" or whose read noise is scaled to 0. None (the module's
    chip, HERMES by default) and invalid descriptions count as noisy."""
    if chip is None:
        return False
    try:
        chip = chip if isinstance(chip, Chip) else Chip.parse(chip_text(chip))
    except (TypeError, ValueError):
        return False
    return chip.noise_model == "none" or chip.read_noise_scale == 0


class RandomFeatureBase(BaseEstimator):
    """Parameters, validation and features of the random-feature
    estimators. Not used directly."""

    # Entry of the compiled model that computes the features.
    _FEATURES_ENTRY = "features"

    # -- parameters ------------------------------------------------------------

    def _check_params(self) -> None:
        """Raises ValueError for a bad parameter value (at fit)."""
        kamodels.check_kernel(self.kernel)
        kamodels.check_method(self.method)
        if self.backend not in BACKENDS:
            raise ValueError(f"unknown backend {self.backend!r} (expected one "
                             f"of {', '.join(BACKENDS)})")
        if getattr(self, "fit_on", "float") not in FIT_ON:
            raise ValueError(f"unknown fit_on {self.fit_on!r} (expected one "
                             f"of {', '.join(FIT_ON)})")
        for name in ("n_features", "batch_size", "num_chips"):
            _check_int(name, getattr(self, name), 1, None)
        if hasattr(self, "alpha") and not (
                _is_real(self.alpha) and math.isfinite(self.alpha)
                and self.alpha >= 0):
            raise ValueError(f"alpha must be finite and >= 0, got "
                             f"{self.alpha!r}")
        if self.kernel == "rbf" and not (
                _is_real(self.gamma) and math.isfinite(self.gamma)
                and np.float32(self.gamma) > 0):
            raise ValueError(f"gamma must be positive and finite, got "
                             f"{self.gamma!r}")
        if self.chip is not None:
            Chip.parse(chip_text(self.chip))  # ValueError if invalid
        _check_time(self.t_inference)
        _check_int("seed", self.seed, 0, 2**63)
        if self.chip_seed is not None:
            _check_int("chip_seed", self.chip_seed, 0, 2**63)

    def set_params(self, **params: Any) -> "RandomFeatureBase":
        """Sets parameters (scikit-learn's protocol); returns self.

        On a fitted model, changing ``t_inference`` (or ``verbose``) keeps
        the fit: a chip model then reads the same programmed chip at the
        new time (PCM drift since programming), with the converters
        calibrated at fit. Changing any other parameter drops the fitted
        model (fit again before predicting). Values are checked by fit,
        except a new time for a fitted chip (ValueError, nothing changed)."""
        fitted = "omega_" in self.__dict__
        if fitted and self._chip is not None and "t_inference" in params:
            _check_time(params["t_inference"])
        before = self.get_params(deep=False)
        super().set_params(**params)
        if not fitted:
            return self
        changed = {k for k, v in params.items() if not _same(before[k], v)}
        if changed - set(_KEEP_FIT):
            self._forget()
        elif "t_inference" in changed and self._chip is not None:
            self._chip.set_inference_time(float(self.t_inference))
        return self

    # -- fitted state ------------------------------------------------------------

    _chip: Optional[ChipState] = None

    def _forget(self) -> None:
        for name in list(self.__dict__):
            if name.endswith("_") and not name.startswith("__"):
                del self.__dict__[name]
        for name in ("_chip", "_log", "_n_features_out"):
            self.__dict__.pop(name, None)

    @property
    def last_report_(self) -> Dict[str, Any]:
        """What the last fit, predict, decision_function, score or
        transform computed and cost (docs/Python.md, "last_report_")."""
        log = self.__dict__.get("_log")
        if log is None or log.report is None:
            raise AttributeError("last_report_: the model is not fitted")
        return log.report

    @property
    def session_(self) -> Any:
        """The aimc.Session of the programmed chip (backend "aimc")."""
        if self._chip is None:
            raise AttributeError("session_: no programmed chip (fit with "
                                 "backend='aimc' first)")
        return self._chip.session

    @property
    def batch_(self) -> int:
        """Rows per call of the compiled model (backend "aimc")."""
        if self._chip is None:
            raise AttributeError("batch_: no programmed chip (fit with "
                                 "backend='aimc' first)")
        return self._chip.batch

    # -- inputs ------------------------------------------------------------------

    def _check_X(self, X: Any, reset: bool):
        """X validated the scikit-learn way (2-D, numeric, finite, float64
        or float32, scipy.sparse as CSR) and within the float32 range."""
        x = self._validate_data(X, accept_sparse="csr",
                                dtype=(np.float64, np.float32), reset=reset)
        _check_f32_range(x)
        return x

    def _validated_fit_X(self, X: Any):
        return self._check_X(X, reset=True)

    def _fitted_X(self, X: Any):
        check_is_fitted(self, "omega_")
        return self._check_X(X, reset=False)

    # -- the model ----------------------------------------------------------------

    def _module(self, batch: int) -> str:
        """The ka module programmed for backend "aimc"."""
        return kamodels.random_feature_module(
            self.kernel, self.method, self.n_features, self.gamma, self.seed,
            self.n_features_in_, batch)

    def _prepare(self, x) -> None:
        """Samples Omega and, for the chip, compiles, programs and
        calibrates it on a seeded random sample of the rows of x."""
        self.omega_ = kamodels.sample_omega(self.method, self.n_features,
                                            x.shape[1], self.seed)
        self._n_features_out = kamodels.num_output_features(
            self.kernel, self.n_features)
        self._log = _CallLog()
        if self.backend != "aimc":
            self._chip = None
            return
        batch = min(int(self.batch_size), x.shape[0])
        self.module_text_ = self._module(batch)
        chip_seed = self.seed if self.chip_seed is None else self.chip_seed
        self._chip = ChipState(
            self.module_text_, chip=self.chip, seed=int(chip_seed),
            t_program=float(self.t_inference), num_chips=int(self.num_chips),
            drift_compensation=bool(self.drift_compensation),
            approximate_math=bool(self.approximate_math), batch=batch,
            name=type(self).__name__)
        # The tiles fix their converter ranges on the first batch they see:
        # a random sample of the rows (drawn with the model's seed), not
        # whatever rows come first (e.g. a sorted file).
        rng = np.random.default_rng(int(self.seed))
        rows = np.sort(rng.permutation(x.shape[0])[:batch])
        sample = x[rows]
        if hasattr(sample, "toarray"):
            sample = sample.toarray()
        self._chip.calibrate(self._FEATURES_ENTRY, sample)

    def _feature_slices(self, x, call: str, rewind: bool = True
                        ) -> Iterator[np.ndarray]:
        """The features of the rows of x (float64) in consecutive slices,
        on the backend; the call log describes them once all are out."""
        if self._chip is None:
            yield from self._float_feature_slices(x, call)
            return
        for (phi,) in self._chip.run_rows(self._FEATURES_ENTRY, x, [], call,
                                          self.verbose, rewind=rewind):
            yield phi.astype(np.float64)
        self._log.report = self._chip.last_report

    def _float_feature_slices(self, x, call: str) -> Iterator[np.ndarray]:
        """The float64 features of the rows of x from Omega (the float
        backend, and the float fit of a chip model), in slices."""
        with progress(x.shape[0], self.verbose, f"{call} (float)") as bar:
            for start in range(0, x.shape[0], FLOAT_ROWS):
                part = x[start:start + FLOAT_ROWS]
                if hasattr(part, "toarray"):
                    part = part.toarray()
                yield kamodels.float_features(part, self.omega_,
                                              self.kernel, self.gamma)
                bar.update(part.shape[0])
        self._log.report = {"backend": "float", "call": call,
                            "rows": x.shape[0]}

    def _features(self, x, call: str) -> np.ndarray:
        return np.vstack(list(self._feature_slices(x, call)))

    # -- estimator tags ---------------------------------------------------------

    def _more_tags(self) -> Dict[str, Any]:
        noisy = self.backend == "aimc" and not is_ideal_chip(self.chip)
        tags: Dict[str, Any] = {"non_deterministic": noisy,
                                "preserves_dtype": [np.float64]}
        if noisy and getattr(self, "fit_on", "float") == "chip":
            tags["_xfail_checks"] = {
                "check_sample_weights_invariance":
                    "read noise: a training row's features depend on its "
                    "position in the training set, so reordered rows give "
                    "a (slightly) different readout",
            }
        return tags


def _is_real(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and \
        not isinstance(value, bool)


def _check_int(name: str, value: Any, low: int, high: Optional[int]) -> None:
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if not ok and isinstance(value, (float, np.floating)) and \
            math.isfinite(value) and int(value) == value:
        ok = True
    if ok and (value < low or (high is not None and value >= high)):
        ok = False
    if not ok:
        if high is None:
            raise ValueError(f"{name} must be a positive integer, got "
                             f"{value!r}")
        raise ValueError(f"{name} must be an integer in [0, 2^63), got "
                         f"{value!r}")


def _check_time(t: Any) -> None:
    if not (_is_real(t) and math.isfinite(t) and t >= 0):
        raise ValueError(f"t_inference must be finite and >= 0 seconds, got "
                         f"{t!r}")


def _check_f32_range(x) -> None:
    data = x.data if hasattr(x, "toarray") else x
    if data.dtype == np.float64 and data.size and \
            np.max(np.abs(data)) > _F32_MAX:
        raise ValueError("Input X has a value beyond the float32 range "
                         "(|x| > 3.4e38); aimc computes in float32")
