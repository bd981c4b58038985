"""Random-feature models written in the ``ka`` dialect, and their float
references.

A random-feature ridge classifier is two entry functions of one module
(docs/Python.md, "Feature definitions"):

``@features(x: B x d) -> B x F``
    ``z = x Omega^T`` (the analog projection; ``Omega`` is ``s x d``, sampled
    by ``ka.sample_projection`` from the seed) followed by the digital feature
    map of the kernel.
``@predict(phi: B x F, W: F x C, c: C) -> (B x C scores, B labels)``
    the digital readout ``phi W + c`` and the decision: ``round(clamp(y, 0,
    1))`` for one output (binary), ``argmax`` for more (one-vs-rest).

``@classify(x: B x d, W: F x C, c: C) -> (B x C scores, B labels)``
    both in one call (``@features`` called from ``@classify``, so the
    projection is programmed once): what ``predict`` runs, without passing
    the features through the host.

``W`` and ``c`` are arguments, so the readout stays digital and one compiled,
programmed chip serves fitting (features only) and prediction.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

# Kernel name -> (ka feature-map op, arc-cosine order or None).
KERNELS = {
    "rbf": ("rff", None),
    "arccos0": ("arccos", 0),
    "arccos1": ("arccos", 1),
    "arccos2": ("arccos", 2),
}

# Random-feature method -> the distribution of Omega's rows
# (ka.sample_projection keyword, also accepted by aimc.sample_projection).
METHODS = {
    "rff": "truncated_gaussian",
    "orf": "orthogonal",
    "sorf": "structured_orthogonal",
}


def check_kernel(kernel: str) -> None:
    """ValueError unless `kernel` is one of KERNELS."""
    if kernel not in KERNELS:
        raise ValueError(f"unknown kernel {kernel!r} (expected one of "
                         f"{', '.join(KERNELS)})")


def check_method(method: str) -> None:
    """ValueError unless `method` is one of METHODS."""
    if method not in METHODS:
        raise ValueError(f"unknown random-feature method {method!r} "
                         f"(expected one of {', '.join(METHODS)})")


def num_output_features(kernel: str, n_features: int) -> int:
    """Columns of the feature matrix: ``2 s`` for rbf (cos and sin of each
    projection), ``s`` for the arc-cosine kernels."""
    check_kernel(kernel)
    return 2 * n_features if kernel == "rbf" else n_features


#: The largest gamma: the model keeps it in float32 and scales by
#: sqrt(2 gamma).
MAX_GAMMA = 1e38


def as_f32_attr(value: float) -> str:
    """``value`` rounded to float32, printed so that MLIR's parser gives back
    exactly that float32 (the ka ops keep gamma as an f32 attribute)."""
    return repr(float(np.float32(value)))


def _tensor(*shape, elem="f32"):
    return "tensor<" + "x".join(str(n) for n in shape) + f"x{elem}>"


def _feature_map(kernel, gamma, z_t, phi_t):
    """The ka op computing %phi from %z for `kernel`."""
    op, order = KERNELS[kernel]
    if op == "arccos":
        return f"%phi = ka.arccos %z order({order}) : {z_t} -> {phi_t}"
    # gamma is an f32 attribute and sqrt(2 gamma) scales the projections:
    # it must be a positive float32 whose double stays finite.
    if not (np.isfinite(gamma) and 0 < gamma <= MAX_GAMMA and
            np.float32(gamma) > 0):
        raise ValueError(f"gamma must be positive, finite and at most "
                         f"{MAX_GAMMA:g} (a float32 model parameter), got "
                         f"{gamma!r}")
    return f"%phi = ka.rff %z gamma({as_f32_attr(gamma)}) : {z_t} -> {phi_t}"


def ridge_classifier_module(kernel: str, method: str, n_features: int,
                            gamma: float, seed: int, dim: int, batch: int,
                            n_outputs: int) -> str:
    """The ka module of a random-feature ridge classifier (IR text).

    kernel     rbf | arccos0 | arccos1 | arccos2
    method     rff | orf | sorf
    n_features s, the number of projections (rows of Omega)
    gamma      RBF bandwidth, k(x, y) = exp(-gamma |x - y|^2) (unused by
               the arc-cosine kernels)
    seed       seed of Omega
    dim        d, input columns
    batch      B, rows per call (the ka ops have static shapes)
    n_outputs  C, readout columns: 1 for binary labels, else one per class
    """
    return random_feature_module(kernel, method, n_features, gamma, seed,
                                 dim, batch, n_outputs, "classify")


def random_feature_module(kernel: str, method: str, n_features: int,
                          gamma: float, seed: int, dim: int, batch: int,
                          n_outputs: Optional[int] = None,
                          readout: Optional[str] = None) -> str:
    """The ka module of a random-feature model (IR text): always the entry
    ``@features``; with ``readout="classify"`` also ``@predict`` and
    ``@classify`` (readout and decision), with ``readout="regress"`` also
    ``@regress`` (the readout ``phi W + c`` of the projected rows, no
    decision). Arguments as :func:`ridge_classifier_module`; n_outputs is
    the number of readout columns (targets or classes)."""
    check_kernel(kernel)
    check_method(method)
    if readout not in (None, "classify", "regress"):
        raise ValueError(f"unknown readout {readout!r} (expected None, "
                         f"'classify' or 'regress')")
    sizes = [("n_features", n_features), ("dim", dim), ("batch", batch)]
    if readout is not None:
        sizes.append(("n_outputs", n_outputs))
    for name, value in sizes:
        if int(value) != value or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if not 0 <= seed < 2**63:
        raise ValueError(f"seed must be in [0, 2^63), got {seed}")
    s, d, b = int(n_features), int(dim), int(batch)
    f = num_output_features(kernel, s)
    x_t, omega_t, z_t = _tensor(b, d), _tensor(s, d), _tensor(b, s)
    phi_t = _tensor(b, f)
    feature_map = _feature_map(kernel, gamma, z_t, phi_t)
    what = {None: "random features", "classify": "ridge classifier",
            "regress": "ridge regressor"}[readout]
    outputs = "" if readout is None else f", {int(n_outputs)} output(s)"
    text = f"""\
// Random-feature {what}: kernel {kernel}, method {method},
// s = {s} projections ({f} features), d = {d}, batch {b}{outputs}.
func.func @features(%x: {x_t}) -> {phi_t} {{
  %omega = ka.sample_projection {METHODS[method]} seed({int(seed)}) : {omega_t}
  %z = ka.projection %x, %omega : ({x_t}, {omega_t}) -> {z_t}
  {feature_map}
  return %phi : {phi_t}
}}
"""
    if readout is None:
        return text
    c = int(n_outputs)
    w_t, c_t, y_t = _tensor(f, c), _tensor(c), _tensor(b, c)
    if readout == "regress":
        return text + f"""\
func.func @regress(%x: {x_t}, %w: {w_t}, %c: {c_t}) -> {y_t} {{
  %phi = func.call @features(%x) : ({x_t}) -> {phi_t}
  %y = ka.readout %phi, %w, %c : ({phi_t}, {w_t}, {c_t}) -> {y_t}
  return %y : {y_t}
}}
"""
    labels_t = _tensor(b, elem="i64")
    decision = ("ka.binary_decision" if c == 1 else "ka.argmax")
    return text + f"""\
func.func @predict(%phi: {phi_t}, %w: {w_t}, %c: {c_t}) -> ({y_t}, {labels_t}) {{
  %y = ka.readout %phi, %w, %c : ({phi_t}, {w_t}, {c_t}) -> {y_t}
  %labels = {decision} %y : {y_t} -> {labels_t}
  return %y, %labels : {y_t}, {labels_t}
}}
func.func @classify(%x: {x_t}, %w: {w_t}, %c: {c_t}) -> ({y_t}, {labels_t}) {{
  %phi = func.call @features(%x) : ({x_t}) -> {phi_t}
  %y, %labels = func.call @predict(%phi, %w, %c) : ({phi_t}, {w_t}, {c_t}) -> ({y_t}, {labels_t})
  return %y, %labels : {y_t}, {labels_t}
}}
"""


def dense_f32(array: Any) -> str:
    """An MLIR ``dense<...>`` literal holding ``array`` as float32, bit for
    bit (the little-endian bytes in hex), with its tensor type."""
    a = np.ascontiguousarray(array, dtype="<f4")
    if a.ndim == 0 or a.size == 0:
        raise ValueError(f"expected a non-empty array, got shape {a.shape}")
    return f'dense<"0x{a.tobytes().hex().upper()}"> : {_tensor(*a.shape)}'


def projection_model(omega: Any, kernel: str = "rbf", gamma: float = 1.0,
                     batch: int = 1, w: Any = None, c: Any = None) -> str:
    """A ka model built from numpy arrays (IR text): the entry
    ``@model(x: batch x d)`` projects with the given ``omega`` (s x d, e.g.
    a sampled or trained matrix; it becomes the analog crossbar weights),
    applies the kernel's feature map and returns the features, or, with a
    readout ``w`` (F x C) and intercept ``c`` (C), the scores
    ``phi w + c``. Arrays are embedded as float32 bit for bit."""
    check_kernel(kernel)
    omega = np.asarray(omega)
    if omega.ndim != 2:
        raise ValueError(f"omega must be a matrix (s x d), got shape "
                         f"{omega.shape}")
    if not np.all(np.isfinite(omega)):
        raise ValueError("omega has a non-finite entry")
    s, d = omega.shape
    f = num_output_features(kernel, s)
    x_t, omega_t, z_t, phi_t = (_tensor(batch, d), _tensor(s, d),
                                _tensor(batch, s), _tensor(batch, f))
    body = [f"%omega = arith.constant {dense_f32(omega)}",
            f"%z = ka.projection %x, %omega : ({x_t}, {omega_t}) -> {z_t}",
            _feature_map(kernel, gamma, z_t, phi_t)]
    result, result_t = "%phi", phi_t
    if w is not None:
        w = np.asarray(w)
        if w.ndim != 2 or w.shape[0] != f:
            raise ValueError(f"w must be a matrix with {f} rows (one per "
                             f"feature), got shape {w.shape}")
        c = np.zeros(w.shape[1]) if c is None else np.asarray(c)
        if c.shape != (w.shape[1],):
            raise ValueError(f"c must be a vector of {w.shape[1]} entries, "
                             f"got shape {c.shape}")
        result_t = _tensor(batch, w.shape[1])
        body += [f"%w = arith.constant {dense_f32(w)}",
                 f"%c = arith.constant {dense_f32(c)}",
                 f"%y = ka.readout %phi, %w, %c : ({phi_t}, "
                 f"{_tensor(*w.shape)}, {_tensor(w.shape[1])}) -> {result_t}"]
        result = "%y"
    lines = "\n".join("  " + line for line in body)
    return (f"func.func @model(%x: {x_t}) -> {result_t} {{\n{lines}\n"
            f"  return {result} : {result_t}\n}}\n")


def float_features(x: Any, omega: Any, kernel: str, gamma: float
                   ) -> np.ndarray:
    """The features of ``@features`` in float64 numpy, from the same float32
    ``Omega``: the reference the chip's features are compared against."""
    check_kernel(kernel)
    op, order = KERNELS[kernel]
    omega = np.asarray(omega, dtype=np.float64)
    s = omega.shape[0]
    z = np.asarray(x, dtype=np.float32).astype(np.float64) @ omega.T
    if op == "rff":
        w = np.sqrt(2.0 * float(np.float32(gamma))) * z
        return np.hstack([np.cos(w), np.sin(w)]) / np.sqrt(s)
    step = (z > 0).astype(np.float64)
    return np.sqrt(2.0 / s) * step * z**order


def decide(scores: Any) -> np.ndarray:
    """Labels (class indices) from readout scores, as ``@predict`` decides:
    one column -> ``round(clamp(y, 0, 1))`` with halves rounded up and NaN
    -> 0; more -> the first maximum (NaN never wins)."""
    scores = np.asarray(scores)
    if scores.shape[1] == 1:
        return (np.clip(scores[:, 0], 0.0, 1.0) >= 0.5).astype(np.int64)
    filled = np.where(np.isnan(scores), -np.inf, scores)
    return np.argmax(filled, axis=1).astype(np.int64)


def sample_omega(method: str, n_features: int, dim: int, seed: int
                 ) -> np.ndarray:
    """Omega (s x d, float32) of a method, bit-identical to what
    ``ka.sample_projection`` folds to in the compiled model."""
    from . import _aimc
    check_method(method)
    return _aimc.sample_projection(METHODS[method], int(n_features), int(dim),
                                   int(seed))
