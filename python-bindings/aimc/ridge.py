"""Random-feature ridge classification and regression, scikit-learn
estimators, on the float reference or on the simulated chip
(docs/Python.md).

    clf = aimc.RandomFeatureRidgeClassifier(kernel="rbf", method="orf",
                                            n_features=507, gamma=0.05,
                                            alpha=0.5, backend="aimc")
    clf.fit(x_train, y_train).score(x_test, y_test)
    clf.last_report_["energy_per_inference_j"]
"""

from __future__ import annotations

from typing import Any, Optional, Tuple

import numpy as np
from sklearn.base import ClassifierMixin, RegressorMixin, TransformerMixin
from sklearn.exceptions import NotFittedError  # noqa: F401 (aimc's name)
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import _check_sample_weight

from . import kamodels
from ._rfbase import (  # noqa: F401 (BACKENDS, CHIPS: aimc-ridge's)
    BACKENDS,
    CHIPS,
    FIT_ON,
    RandomFeatureBase,
    _check_f32_range,
)


class NormalEquations:
    """Accumulates A^T A and A^T Y of the ridge problem with intercept,
    A = [1, phi], over row slices, in float64: the features of a large
    training set never have to exist all at once. With row weights w the
    rows of A and Y are scaled by sqrt(w) (weighted least squares)."""

    def __init__(self, n_features: int, n_outputs: int) -> None:
        self.gram = np.zeros((n_features + 1, n_features + 1))
        self.rhs = np.zeros((n_features + 1, n_outputs))

    def add(self, phi: np.ndarray, targets: np.ndarray,
            weights: Optional[np.ndarray] = None) -> None:
        """Adds the rows of features `phi` with their `targets` (and
        weights)."""
        a = np.hstack([np.ones((phi.shape[0], 1)), np.asarray(phi, np.float64)])
        t = np.asarray(targets, np.float64)
        if weights is not None:
            root = np.sqrt(np.asarray(weights, np.float64))[:, None]
            a, t = a * root, t * root
        self.gram += a.T @ a
        self.rhs += a.T @ t

    def solve(self, alpha: float) -> Tuple[np.ndarray, np.ndarray]:
        """(W: F x C, c: C) = (A^T A + alpha I)^-1 A^T Y; the minimum-norm
        least-squares solution if alpha = 0 leaves the system singular."""
        gram = self.gram + alpha * np.eye(self.gram.shape[0])
        try:
            coef = np.linalg.solve(gram, self.rhs)
        except np.linalg.LinAlgError:
            coef = np.linalg.lstsq(gram, self.rhs, rcond=None)[0]
        return coef[1:], coef[0]


def solve_ridge(phi: np.ndarray, targets: np.ndarray, alpha: float,
                sample_weight: Optional[np.ndarray] = None) -> Tuple[Any, Any]:
    """Closed-form ridge regression with an intercept, in float64:
    [c; W] = (A^T A + alpha I)^-1 A^T Y with A = [1, phi] (the intercept is
    regularised too, as in the paper's reference code). With fewer rows than
    columns it solves the equivalent dual system
    [c; W] = A^T (A A^T + alpha I)^-1 Y. Row weights scale the rows of A
    and Y by their square roots. Returns (W: F x C, c: C), or (W: F, c:
    scalar) for 1-D targets."""
    phi = np.asarray(phi, np.float64)
    y = np.asarray(targets, np.float64)
    if y.ndim == 1:
        w, c = solve_ridge(phi, y[:, None], alpha, sample_weight)
        return w[:, 0], c[0]
    n, m = phi.shape[0], phi.shape[1] + 1
    if n >= m:
        equations = NormalEquations(phi.shape[1], y.shape[1])
        equations.add(phi, y, sample_weight)
        return equations.solve(alpha)
    a = np.hstack([np.ones((n, 1)), phi])
    if sample_weight is not None:
        root = np.sqrt(np.asarray(sample_weight, np.float64))[:, None]
        a, y = a * root, y * root
    gram = a @ a.T
    gram[np.diag_indices(n)] += alpha
    try:
        coef = a.T @ np.linalg.solve(gram, y)
    except np.linalg.LinAlgError:  # alpha = 0 and rank-deficient features
        coef = np.linalg.lstsq(a, y, rcond=None)[0]
    return coef[1:], coef[0]


_PARAMETERS_DOC = """
    kernel       "rbf" (exp(-gamma |x-y|^2)), "arccos0", "arccos1", "arccos2"
    method       "rff" (truncated Gaussian Omega), "orf", "sorf"
    n_features   s, the number of random projections (rows of Omega); rbf
                 gives 2s features (cos and sin), the arc-cosine kernels s
    gamma        RBF bandwidth (ignored by the arc-cosine kernels)
    alpha        ridge regularisation (>= 0)
    backend      "float": numpy float64 features from the same float32 Omega;
                 "aimc": the compiled model on the simulated chip
    fit_on       backend "aimc": the features the ridge readout is fitted
                 on. "float" (default, the paper's protocol, how a model is
                 deployed): the float features of the training rows; the
                 chip is programmed and calibrated at fit but only runs
                 inference. "chip": the chip's own features of the training
                 rows (chip in the loop; the readout absorbs the chip's
                 static programming error). Ignored by backend "float".
    chip         "hermes" (PCM noise, 8-bit converters), "ideal", or any chip
                 aimc.Session accepts (passed through as given)
    t_inference  seconds between programming and inference (PCM drift);
                 set_params(t_inference=t) on a fitted chip model reads the
                 same programmed chip at time t
    seed         seed of Omega (and of the chip's noise unless chip_seed)
    chip_seed    seed of the chip's random draws (None: seed)
    batch_size   rows per compiled call (the model has static shapes; the
                 last batch is padded with zero rows)
    num_chips    chips the projection may be placed on
    drift_compensation
                 the chip's global drift compensation (on by default)
    approximate_math
                 "aimc" backend: vectorised polynomial sin/cos/exp (True,
                 about one float32 ulp for every finite input) or libm
    verbose      0: quiet; 1: progress bars (tqdm) on fits and predictions;
                 2: and keep them on screen
"""


class _RidgeBase(RandomFeatureBase):
    """fit (features on the backend, float64 solve), transform and the
    chip readout shared by the ridge classifier and regressor."""

    # Entry of the compiled model computing the readout of input rows, and
    # the readout kind of kamodels.random_feature_module.
    _READOUT_ENTRY = ""
    _READOUT = ""

    def _module(self, batch: int) -> str:
        return kamodels.random_feature_module(
            self.kernel, self.method, self.n_features, self.gamma, self.seed,
            self.n_features_in_, batch, self.n_outputs_, self._READOUT)

    def _solve(self, x, targets: np.ndarray,
               weights: Optional[np.ndarray]) -> None:
        """Programs the backend, computes the training features and solves
        the ridge problem: coef_ (F x C), intercept_ (C)."""
        self._prepare(x)
        if self._chip is not None and self.fit_on == "float":
            # The paper's protocol: the readout sees the float features;
            # the chip (programmed and calibrated above) only infers.
            slices = self._float_feature_slices
        else:
            def slices(x, call):
                return self._feature_slices(x, call, False)
        n_columns = kamodels.num_output_features(self.kernel, self.n_features)
        if x.shape[0] <= n_columns:  # fewer rows than columns: dual form
            phi = np.vstack(list(slices(x, "fit")))
            self.coef_, self.intercept_ = solve_ridge(phi, targets,
                                                      self.alpha, weights)
        else:
            equations, start = NormalEquations(n_columns,
                                               targets.shape[1]), 0
            for phi in slices(x, "fit"):
                stop = start + phi.shape[0]
                equations.add(phi, targets[start:stop],
                              None if weights is None
                              else weights[start:stop])
                start = stop
            self.coef_, self.intercept_ = equations.solve(self.alpha)
        if self._chip is not None:
            self._chip.mark()
        self._log.report = dict(self._log.report, fit_on=self.fit_on)

    def _weights(self, sample_weight: Any, x) -> Optional[np.ndarray]:
        """The validated weights (None for None), non-negative."""
        if sample_weight is None:
            return None
        return _check_sample_weight(sample_weight, x, dtype=np.float64,
                                    only_non_negative=True)

    def transform(self, X: Any) -> np.ndarray:
        """The random features of X (rows x F, float64) on the backend."""
        return self._features(self._fitted_X(X), "transform")

    def _readout(self, X: Any, call: str) -> Tuple[np.ndarray,
                                                   Optional[np.ndarray]]:
        """(scores phi W + c: rows x C float64, chip labels or None)."""
        x = self._fitted_X(X)
        if self._chip is None:
            scores = np.vstack([phi @ self.coef_ + self.intercept_
                                for phi in self._feature_slices(x, call)])
            return scores, None
        w = np.ascontiguousarray(self.coef_, dtype=np.float32)
        c = np.ascontiguousarray(self.intercept_, dtype=np.float32)
        parts = list(self._chip.run_rows(self._READOUT_ENTRY, x, [w, c], call,
                                         self.verbose))
        self._log.report = self._chip.last_report
        scores = np.vstack([p[0] for p in parts]).astype(np.float64)
        labels = (np.concatenate([p[1] for p in parts]).astype(np.int64)
                  if len(parts[0]) > 1 else None)
        return scores, labels


def _drop_zero_weights(x, arrays, weights):
    """Rows of weight 0 do not exist for the fit (removing them is what a
    zero weight means); returns (x, arrays, weights) without them."""
    if weights is None or np.all(weights > 0):
        return x, arrays, weights
    keep = np.flatnonzero(weights > 0)
    if keep.size == 0:
        raise ValueError("sample_weight is zero for every row; nothing to "
                         "fit")
    return x[keep], [a[keep] for a in arrays], weights[keep]


class RandomFeatureRidgeClassifier(ClassifierMixin, TransformerMixin,
                                   _RidgeBase):
    __doc__ = """Kernel ridge classifier on random features, computed in
    float or on the simulated AIMC chip through the compiled ka model.

    Two classes: one readout column (target 1 for classes_[1]), decided by
    round(clamp(score, 0, 1)); decision_function is score - 0.5 (> 0 for
    classes_[1]). More classes: one-vs-rest, decided by argmax.
""" + _PARAMETERS_DOC

    _READOUT_ENTRY = "classify"
    _READOUT = "classify"

    def __init__(self, kernel: str = "rbf", method: str = "rff",
                 n_features: int = 256, gamma: float = 1.0,
                 alpha: float = 1.0, backend: str = "float",
                 fit_on: str = "float", chip: Any = "hermes",
                 t_inference: float = 0.0,
                 seed: int = 0, chip_seed: Optional[int] = None,
                 batch_size: int = 256, num_chips: int = 1,
                 drift_compensation: bool = True,
                 approximate_math: bool = True, verbose: int = 0) -> None:
        self.kernel = kernel
        self.method = method
        self.n_features = n_features
        self.gamma = gamma
        self.alpha = alpha
        self.backend = backend
        self.fit_on = fit_on
        self.chip = chip
        self.t_inference = t_inference
        self.seed = seed
        self.chip_seed = chip_seed
        self.batch_size = batch_size
        self.num_chips = num_chips
        self.drift_compensation = drift_compensation
        self.approximate_math = approximate_math
        self.verbose = verbose

    def fit(self, X: Any, y: Any,
            sample_weight: Any = None) -> "RandomFeatureRidgeClassifier":
        """Computes the training features on the backend and solves the
        (weighted) ridge problem in float64; returns self. Rows of weight
        0 are left out."""
        self._check_params()
        self._forget()
        x, y = self._validate_data(X, y, accept_sparse="csr",
                                   dtype=(np.float64, np.float32))
        _check_f32_range(x)
        check_classification_targets(y)
        weights = self._weights(sample_weight, x)
        classes, encoded = np.unique(y, return_inverse=True)
        x, (encoded,), weights = _drop_zero_weights(x, [encoded], weights)
        present = len(np.unique(encoded))
        if len(classes) < 2 or present < 2:
            raise ValueError(f"fit needs at least two classes, y has "
                             f"{min(len(classes), present)} class"
                             + ("" if len(classes) < 2 else
                                " with a positive sample_weight"))
        n_outputs = 1 if len(classes) == 2 else len(classes)
        columns = np.arange(n_outputs) if n_outputs > 1 else np.array([1])
        targets = (encoded[:, None] == columns).astype(np.float64)
        self.classes_ = classes
        self.n_outputs_ = n_outputs
        self._solve(x, targets, weights)
        return self

    def decision_function(self, X: Any) -> np.ndarray:
        """Readout scores phi W + c - 0.5: shape (rows,) for two classes
        (> 0 means classes_[1]), else (rows, classes) (argmax decides)."""
        scores, _ = self._readout(X, "decision_function")
        scores = scores - 0.5
        return scores[:, 0] if self.n_outputs_ == 1 else scores

    def predict(self, X: Any) -> np.ndarray:
        """The class of every row of X (decided on the chip for backend
        "aimc", by the same rule in float64 otherwise)."""
        scores, labels = self._readout(X, "predict")
        if labels is None:
            labels = kamodels.decide(scores)
        return self.classes_[labels]


class RandomFeatureRidgeRegressor(RegressorMixin, TransformerMixin,
                                  _RidgeBase):
    __doc__ = """Kernel ridge regression on random features, computed in
    float or on the simulated AIMC chip through the compiled ka model.

    Targets (rows,) or (rows, outputs) are centred with their (weighted)
    mean before the solve; predict returns phi W + c in the targets' shape.
""" + _PARAMETERS_DOC

    _READOUT_ENTRY = "regress"
    _READOUT = "regress"

    def __init__(self, kernel: str = "rbf", method: str = "rff",
                 n_features: int = 256, gamma: float = 1.0,
                 alpha: float = 1.0, backend: str = "float",
                 fit_on: str = "float", chip: Any = "hermes",
                 t_inference: float = 0.0,
                 seed: int = 0, chip_seed: Optional[int] = None,
                 batch_size: int = 256, num_chips: int = 1,
                 drift_compensation: bool = True,
                 approximate_math: bool = True, verbose: int = 0) -> None:
        self.kernel = kernel
        self.method = method
        self.n_features = n_features
        self.gamma = gamma
        self.alpha = alpha
        self.backend = backend
        self.fit_on = fit_on
        self.chip = chip
        self.t_inference = t_inference
        self.seed = seed
        self.chip_seed = chip_seed
        self.batch_size = batch_size
        self.num_chips = num_chips
        self.drift_compensation = drift_compensation
        self.approximate_math = approximate_math
        self.verbose = verbose

    def fit(self, X: Any, y: Any,
            sample_weight: Any = None) -> "RandomFeatureRidgeRegressor":
        """Computes the training features on the backend and solves the
        (weighted) ridge problem for the centred targets in float64;
        returns self. Rows of weight 0 are left out."""
        self._check_params()
        self._forget()
        x, y = self._validate_data(X, y, accept_sparse="csr",
                                   dtype=(np.float64, np.float32),
                                   y_numeric=True, multi_output=True)
        _check_f32_range(x)
        weights = self._weights(sample_weight, x)
        y = np.asarray(y, dtype=np.float64)
        self._single_output = y.ndim == 1
        targets = y[:, None] if y.ndim == 1 else y
        x, (targets,), weights = _drop_zero_weights(x, [targets], weights)
        self.y_mean_ = np.average(targets, axis=0, weights=weights)
        self.n_outputs_ = targets.shape[1]
        self._solve(x, targets - self.y_mean_, weights)
        self.intercept_ = self.intercept_ + self.y_mean_
        return self

    def predict(self, X: Any) -> np.ndarray:
        """phi W + c for every row of X: (rows,) for 1-D targets, else
        (rows, outputs)."""
        scores, _ = self._readout(X, "predict")
        return scores[:, 0] if self._single_output else scores

    def _more_tags(self):
        tags = super()._more_tags()
        tags["multioutput"] = True
        return tags
