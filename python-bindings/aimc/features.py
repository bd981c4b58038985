"""``aimc.RandomFeatures``: random features as a scikit-learn transformer,
their projection computed on the simulated chip or in float
(docs/Python.md, "RandomFeatures").

    pipe = make_pipeline(StandardScaler(),
                         aimc.RandomFeatures(n_features=512, gamma=0.1,
                                             backend="aimc"),
                         LogisticRegression(max_iter=1000))

Like scikit-learn's RBFSampler, but with every kernel and sampling method
of aimc and the projection x Omega^T on the chip's crossbars.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
from sklearn.base import ClassNamePrefixFeaturesOutMixin, TransformerMixin

from ._rfbase import RandomFeatureBase


class RandomFeatures(ClassNamePrefixFeaturesOutMixin, TransformerMixin,
                     RandomFeatureBase):
    """Random features phi(x) whose inner products approximate a kernel.

    kernel       "rbf" (exp(-gamma |x-y|^2)), "arccos0", "arccos1", "arccos2"
    method       "rff" (truncated Gaussian Omega), "orf", "sorf"
    n_features   s, the number of random projections (rows of Omega); rbf
                 gives 2s output features (cos and sin), the arc-cosine
                 kernels s
    gamma        RBF bandwidth (ignored by the arc-cosine kernels)
    backend      "float" (numpy float64 from the same float32 Omega) or
                 "aimc" (the compiled model on the simulated chip)
    chip         "hermes", "ideal", or any chip aimc.Session accepts
    t_inference  seconds between programming and inference; changing it on
                 a fitted model reads the same programmed chip later
    seed         seed of Omega (and of the chip's noise unless chip_seed)
    chip_seed    seed of the chip's random draws (None: seed)
    batch_size   rows per compiled call
    num_chips    chips the projection may be placed on
    drift_compensation
                 the chip's global drift compensation
    approximate_math
                 vectorised polynomial sin/cos (True) or libm (False)
    verbose      progress bars on long transforms

    fit(X) samples Omega and, on the chip, programs it and calibrates its
    converters on a seeded random sample of X's rows; transform(X) returns
    the features (rows x F, float64). Output names: randomfeatures0, ...
    (the cos features of rbf first, then the sin features).
    """

    def __init__(self, kernel: str = "rbf", method: str = "rff",
                 n_features: int = 256, gamma: float = 1.0,
                 backend: str = "float", chip: Any = "hermes",
                 t_inference: float = 0.0, seed: int = 0,
                 chip_seed: Optional[int] = None, batch_size: int = 256,
                 num_chips: int = 1, drift_compensation: bool = True,
                 approximate_math: bool = True, verbose: int = 0) -> None:
        self.kernel = kernel
        self.method = method
        self.n_features = n_features
        self.gamma = gamma
        self.backend = backend
        self.chip = chip
        self.t_inference = t_inference
        self.seed = seed
        self.chip_seed = chip_seed
        self.batch_size = batch_size
        self.num_chips = num_chips
        self.drift_compensation = drift_compensation
        self.approximate_math = approximate_math
        self.verbose = verbose

    def fit(self, X: Any, y: Any = None) -> "RandomFeatures":
        """Samples Omega for X's columns and, with backend "aimc", compiles,
        programs and calibrates the chip; returns self. y is ignored."""
        self._check_params()
        self._forget()
        x = self._validated_fit_X(X)
        self._prepare(x)
        if self._chip is not None:
            self._chip.mark()
        self._log.report = (self._chip.report("fit", x.shape[0], 0)
                            if self._chip is not None else
                            {"backend": "float", "call": "fit",
                             "rows": x.shape[0]})
        return self

    def transform(self, X: Any) -> np.ndarray:
        """The random features of X (rows x F, float64) on the backend."""
        return self._features(self._fitted_X(X), "transform")
