"""Random-feature ridge classification, scikit-learn style, on the float
reference or on the simulated chip (docs/Python.md).

    clf = aimc.RandomFeatureRidgeClassifier(kernel="rbf", method="orf",
                                            n_features=507, gamma=0.05,
                                            alpha=0.5, backend="aimc")
    clf.fit(x_train, y_train).score(x_test, y_test)
    clf.last_report_["energy_per_inference_j"]
"""

import numpy as np

from . import kamodels

BACKENDS = ("float", "aimc")
# Rows per slice of the float backend's features.
_FLOAT_ROWS = 8192
CHIPS = ("hermes", "ideal")


class NotFittedError(ValueError, AttributeError):
    """predict/score/transform called before fit (as scikit-learn's)."""


def _check_x(x, what="X"):
    x = np.asarray(x)
    if x.ndim != 2:
        raise ValueError(f"{what} must be a 2-D array (rows x features), got "
                         f"shape {x.shape}")
    if x.shape[0] < 1 or x.shape[1] < 1:
        raise ValueError(f"{what} is empty (shape {x.shape})")
    if x.dtype.kind not in "biuf":
        raise ValueError(f"{what} must be numeric, got dtype {x.dtype}")
    x = x.astype(np.float32)
    if not np.all(np.isfinite(x)):
        bad = np.argwhere(~np.isfinite(x))[0]
        raise ValueError(f"{what} has a non-finite value (or one beyond the "
                         f"float32 range) at row {bad[0]}, column {bad[1]}")
    return x


class NormalEquations:
    """Accumulates A^T A and A^T Y of the ridge problem with intercept,
    A = [1, phi], over row slices, in float64: the features of a large
    training set never have to exist all at once."""

    def __init__(self, n_features, n_outputs):
        self.gram = np.zeros((n_features + 1, n_features + 1))
        self.rhs = np.zeros((n_features + 1, n_outputs))

    def add(self, phi, targets):
        a = np.hstack([np.ones((phi.shape[0], 1)), np.asarray(phi, np.float64)])
        self.gram += a.T @ a
        self.rhs += a.T @ np.asarray(targets, np.float64)

    def solve(self, alpha):
        """(W: F x C, c: C) = (A^T A + alpha I)^-1 A^T Y; the minimum-norm
        least-squares solution if alpha = 0 leaves the system singular."""
        gram = self.gram + alpha * np.eye(self.gram.shape[0])
        try:
            coef = np.linalg.solve(gram, self.rhs)
        except np.linalg.LinAlgError:
            coef = np.linalg.lstsq(gram, self.rhs, rcond=None)[0]
        return coef[1:], coef[0]


def solve_ridge(phi, targets, alpha):
    """Closed-form ridge regression with an intercept, in float64:
    [c; W] = (A^T A + alpha I)^-1 A^T Y with A = [1, phi] (the intercept is
    regularised too, as in the paper's reference code). With fewer rows than
    columns it solves the equivalent dual system
    [c; W] = A^T (A A^T + alpha I)^-1 Y. Returns (W: F x C, c: C), or
    (W: F, c: scalar) for 1-D targets."""
    phi = np.asarray(phi, np.float64)
    y = np.asarray(targets, np.float64)
    if y.ndim == 1:
        w, c = solve_ridge(phi, y[:, None], alpha)
        return w[:, 0], c[0]
    n, m = phi.shape[0], phi.shape[1] + 1
    if n >= m:
        equations = NormalEquations(phi.shape[1], y.shape[1])
        equations.add(phi, y)
        return equations.solve(alpha)
    a = np.hstack([np.ones((n, 1)), phi])
    gram = a @ a.T
    gram[np.diag_indices(n)] += alpha
    try:
        coef = a.T @ np.linalg.solve(gram, y)
    except np.linalg.LinAlgError:  # alpha = 0 and rank-deficient features
        coef = np.linalg.lstsq(a, y, rcond=None)[0]
    return coef[1:], coef[0]


class RandomFeatureRidgeClassifier:
    """Kernel ridge classifier on random features, computed in float or on
    the simulated AIMC chip through the compiled ka model.

    kernel       "rbf" (exp(-gamma |x-y|^2)), "arccos0", "arccos1", "arccos2"
    method       "rff" (truncated Gaussian Omega), "orf", "sorf"
    n_features   s, the number of random projections (rows of Omega); rbf
                 gives 2s features (cos and sin), the arc-cosine kernels s
    gamma        RBF bandwidth (ignored by the arc-cosine kernels)
    alpha        ridge regularisation (>= 0)
    backend      "float": numpy float64 features from the same float32 Omega;
                 "aimc": the compiled model on the simulated chip
    chip         "hermes" (PCM noise, 8-bit converters) or "ideal"
    t_inference  seconds between programming and inference (PCM drift)
    seed         seed of Omega (and of the chip's noise unless chip_seed)
    chip_seed    seed of the chip's random draws (None: seed)
    batch_size   rows per compiled call (the model has static shapes; the
                 last batch is padded with zero rows)
    num_chips    chips the projection may be placed on (a model needing
                 more crossbars than one chip has fails to compile with the
                 number it needs; e.g. s = 8192 on 784 inputs takes 128)
    approximate_math  "aimc" backend: vectorised polynomial sin/cos/exp
                 (True, about one float32 ulp) or libm (False)
    """

    _PARAMS = ("kernel", "method", "n_features", "gamma", "alpha", "backend",
               "chip", "t_inference", "seed", "chip_seed", "batch_size",
               "num_chips", "approximate_math")

    def __init__(self, kernel="rbf", method="rff", n_features=256, gamma=1.0,
                 alpha=1.0, backend="float", chip="hermes", t_inference=0.0,
                 seed=0, chip_seed=None, batch_size=256, num_chips=1,
                 approximate_math=True):
        self.kernel = kernel
        self.method = method
        self.n_features = n_features
        self.gamma = gamma
        self.alpha = alpha
        self.backend = backend
        self.chip = chip
        self.t_inference = t_inference
        self.seed = seed
        self.chip_seed = chip_seed
        self.batch_size = batch_size
        self.num_chips = num_chips
        self.approximate_math = approximate_math

    # -- scikit-learn protocol ---------------------------------------------

    def get_params(self, deep=True):
        return {name: getattr(self, name) for name in self._PARAMS}

    def set_params(self, **params):
        """Sets parameters; the fitted model (and its compiled chip) is
        dropped, so fit again before predicting."""
        for name, value in params.items():
            if name not in self._PARAMS:
                raise ValueError(f"invalid parameter {name!r} for "
                                 f"RandomFeatureRidgeClassifier; valid: "
                                 f"{', '.join(self._PARAMS)}")
            setattr(self, name, value)
        self._forget()
        return self

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"RandomFeatureRidgeClassifier({args})"

    # -- fitting and prediction --------------------------------------------

    def fit(self, X, y):
        """Computes the training features on the backend and solves the
        ridge problem in float64; returns self."""
        self._check_params()
        self._forget()
        x = _check_x(X)
        y = np.asarray(y)
        if y.ndim != 1 or y.shape[0] != x.shape[0]:
            raise ValueError(f"y must be a 1-D array with one label per row "
                             f"of X ({x.shape[0]}), got shape {y.shape}")
        classes, encoded = np.unique(y, return_inverse=True)
        if len(classes) < 2:
            raise ValueError(f"fit needs at least two classes, y has "
                             f"{len(classes)}")
        n_outputs = 1 if len(classes) == 2 else len(classes)
        targets = (encoded[:, None] == (np.arange(n_outputs) if n_outputs > 1
                                        else np.array([1]))).astype(np.float64)
        self.classes_ = classes
        self.n_features_in_ = x.shape[1]
        self.n_outputs_ = n_outputs
        self.omega_ = kamodels.sample_omega(self.method, self.n_features,
                                            x.shape[1], self.seed)
        if self.backend == "aimc":
            self._compile(min(int(self.batch_size), x.shape[0]))
        n_columns = kamodels.num_output_features(self.kernel, self.n_features)
        if x.shape[0] <= n_columns:  # fewer rows than columns: dual form
            phi = np.vstack(list(self._feature_slices(x, "fit")))
            self.coef_, self.intercept_ = solve_ridge(phi, targets, self.alpha)
            return self
        equations, start = NormalEquations(n_columns, n_outputs), 0
        for phi in self._feature_slices(x, "fit"):
            equations.add(phi, targets[start:start + phi.shape[0]])
            start += phi.shape[0]
        self.coef_, self.intercept_ = equations.solve(self.alpha)
        return self

    def transform(self, X):
        """The random features of X (rows x F) on the backend, float64."""
        return np.vstack(list(self._feature_slices(self._check_fitted_x(X),
                                                   "transform")))

    def decision_function(self, X):
        """Readout scores phi W + c: shape (rows,) for binary labels (the
        score of classes_[1], decided by round(clamp(score, 0, 1))), else
        (rows, classes) (one-vs-rest, decided by argmax)."""
        scores, _ = self._scores_and_labels(X, "decision_function")
        return scores[:, 0] if self.n_outputs_ == 1 else scores

    def predict(self, X):
        _, labels = self._scores_and_labels(X, "predict")
        return self.classes_[labels]

    def score(self, X, y):
        """Mean accuracy of predict(X) against y."""
        y = np.asarray(y)
        pred = self.predict(X)
        if y.shape != pred.shape:
            raise ValueError(f"y must have one label per row of X "
                             f"({pred.shape[0]}), got shape {y.shape}")
        return float(np.mean(pred == y))

    # -- internals ----------------------------------------------------------

    def _check_params(self):
        kamodels.check_kernel(self.kernel)
        kamodels.check_method(self.method)
        if self.backend not in BACKENDS:
            raise ValueError(f"unknown backend {self.backend!r} (expected one "
                             f"of {', '.join(BACKENDS)})")
        if self.chip not in CHIPS:
            raise ValueError(f"unknown chip {self.chip!r} (expected one of "
                             f"{', '.join(CHIPS)})")
        for name in ("n_features", "batch_size", "num_chips"):
            value = getattr(self, name)
            if isinstance(value, bool) or int(value) != value or value < 1:
                raise ValueError(f"{name} must be a positive integer, got "
                                 f"{value!r}")
        if not (np.isfinite(self.alpha) and self.alpha >= 0):
            raise ValueError(f"alpha must be finite and >= 0, got "
                             f"{self.alpha!r}")
        if self.kernel == "rbf" and not (np.isfinite(self.gamma)
                                         and np.float32(self.gamma) > 0):
            raise ValueError(f"gamma must be positive and finite, got "
                             f"{self.gamma!r}")
        if not (np.isfinite(self.t_inference) and self.t_inference >= 0):
            raise ValueError(f"t_inference must be finite and >= 0 seconds, "
                             f"got {self.t_inference!r}")
        for name in ("seed", "chip_seed"):
            value = getattr(self, name)
            if value is None and name == "chip_seed":
                continue
            if isinstance(value, bool) or int(value) != value or \
                    not 0 <= value < 2**63:
                raise ValueError(f"{name} must be an integer in [0, 2^63), "
                                 f"got {value!r}")

    def _forget(self):
        for name in ("classes_", "n_features_in_", "n_outputs_", "omega_",
                     "coef_", "intercept_", "module_text_", "session_",
                     "batch_", "last_report_"):
            self.__dict__.pop(name, None)

    def _check_fitted_x(self, X):
        if not hasattr(self, "coef_"):
            raise NotFittedError("this RandomFeatureRidgeClassifier is not "
                                 "fitted yet; call fit first")
        x = _check_x(X)
        if x.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {x.shape[1]} columns, but the model was "
                             f"fitted on {self.n_features_in_}")
        return x

    def _compile(self, batch):
        from .session import Session
        self.batch_ = batch
        self.module_text_ = kamodels.ridge_classifier_module(
            self.kernel, self.method, self.n_features, self.gamma, self.seed,
            self.n_features_in_, batch, self.n_outputs_)
        chip_seed = self.seed if self.chip_seed is None else self.chip_seed
        self.session_ = Session(self.module_text_, chip=self.chip,
                                seed=int(chip_seed),
                                t_inference=float(self.t_inference),
                                num_chips=int(self.num_chips),
                                name="ridge-classifier",
                                approximate_math=bool(self.approximate_math))

    def _calibrate(self, x):
        """The chip's tiles fix their converter ranges on the first batch
        they see: show them a random sample of the training rows (drawn
        with the model's seed) rather than whatever rows come first, which
        may not be representative (e.g. a sorted or drifting file)."""
        rng = np.random.default_rng(int(self.seed))
        rows = np.sort(rng.permutation(x.shape[0])[:self.batch_])
        self.session_.run("features", [np.ascontiguousarray(x[rows])])

    def _batches(self, x):
        """(padded batch, number of real rows) chunks of x."""
        b = self.batch_
        for start in range(0, x.shape[0], b):
            chunk = x[start:start + b]
            if chunk.shape[0] < b:
                pad = np.zeros((b - chunk.shape[0], x.shape[1]), np.float32)
                chunk = np.vstack([chunk, pad])
            yield chunk, min(b, x.shape[0] - start)

    def _feature_slices(self, x, what):
        """The features of x (float64) in consecutive row slices, computed
        on the backend; last_report_ describes them once all are out."""
        if self.backend == "float":
            for start in range(0, x.shape[0], _FLOAT_ROWS):
                yield kamodels.float_features(x[start:start + _FLOAT_ROWS],
                                              self.omega_, self.kernel,
                                              self.gamma)
            self.last_report_ = {"backend": "float", "call": what,
                                 "rows": x.shape[0]}
            return
        if what == "fit":
            self._calibrate(x)
        self.session_.reset_stats()
        executed = 0
        for chunk, rows in self._batches(x):
            phi = self.session_.run("features", [chunk])[0][:rows]
            executed += chunk.shape[0]
            yield phi.astype(np.float64)
        self.last_report_ = self._chip_report(what, x.shape[0], executed)

    def _scores_and_labels(self, X, what):
        x = self._check_fitted_x(X)
        if self.backend == "float":
            scores = np.vstack([phi @ self.coef_ + self.intercept_
                                for phi in self._feature_slices(x, what)])
            return scores, kamodels.decide(scores)
        w = np.ascontiguousarray(self.coef_, dtype=np.float32)
        c = np.ascontiguousarray(self.intercept_, dtype=np.float32)
        self.session_.reset_stats()
        scores, labels, executed = [], [], 0
        for chunk, rows in self._batches(x):
            y, lab = self.session_.run("classify", [chunk, w, c])
            scores.append(y[:rows])
            labels.append(lab[:rows])
            executed += chunk.shape[0]
        self.last_report_ = self._chip_report(what, x.shape[0], executed)
        return (np.vstack(scores).astype(np.float64),
                np.concatenate(labels).astype(np.int64))

    def _chip_report(self, what, rows, executed):
        """The session's statistics of the last fit/predict call, with
        per-inference figures (every executed row, padding included, is one
        inference of the same cost)."""
        report = self.session_.report()
        analog = report["analog"]["total"]
        digital_j = report.get("digital_energy_j", 0.0)
        digital_s = report.get("digital_time_s", 0.0)
        energy = analog["energy_j"] + digital_j
        latency = analog["latency_s"] + digital_s
        return {
            "backend": "aimc", "call": what, "chip": self.chip,
            "rows": rows, "executed_rows": executed, "batch": self.batch_,
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
