"""Seeded synthetic classification problems shared by the Python tests."""

import numpy as np


def rings(n, seed, d=2):
    """Points of [-1.5, 1.5]^d, label 1 inside the ball around the origin
    (radius 1 in 2-D, 1.6 in 4-D: roughly a third to a half inside)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.5, 1.5, (n, d))
    radius = {2: 1.0, 4: 1.6}[d]
    return x, (np.linalg.norm(x, axis=1) < radius).astype(np.int64)


def blobs(n, seed):
    """Four Gaussian blobs in the plane (standard deviation 0.4), labels
    0..3."""
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 2.0], [-2.0, -1.0], [2.0, -1.0], [0.0, 0.0]])
    labels = rng.integers(0, 4, n)
    return centres[labels] + 0.4 * rng.standard_normal((n, 2)), labels
