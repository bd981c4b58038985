#!/usr/bin/python3
"""A sweep with aimc.sweep: the RBF kernel approximation error of random
Fourier features (rff) and orthogonal random features (orf) against the
number of features s, 3 seeds each, on a fixed random data set.

Usage, from the repository root after scripts/build.sh build:
  PYTHONPATH=build/python-bindings /usr/bin/python3 docs/examples/sweep_example.py [JOBS]
JOBS: 1 runs in this process; more start an embedded Dask cluster of that
many worker processes. Results are cached in build/sweep-example.
"""

import sys

import numpy as np

import aimc
from aimc import sweep

GAMMA = 0.05


def kernel_error(task):
    """One task: everything it draws comes from the seeds in the task."""
    x = np.random.default_rng(task["data_seed"]).standard_normal((200, 16))
    omega = aimc.sample_projection(task["method"], task["s"], 16, task["seed"])
    z = np.sqrt(2 * GAMMA) * (x @ omega.T.astype(np.float64))
    phi = np.hstack([np.cos(z), np.sin(z)]) / np.sqrt(task["s"])
    sq = (x * x).sum(axis=1)
    k = np.exp(-GAMMA * (sq[:, None] + sq[None, :] - 2 * x @ x.T))
    return {"error": float(np.linalg.norm(k - phi @ phi.T) / np.linalg.norm(k))}


if __name__ == "__main__":  # worker processes import this file again
    jobs = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    tasks = [{"method": m, "s": s, "seed": seed, "data_seed": 0}
             for m in ("rff", "orf") for s in (16, 64, 256) for seed in range(3)]
    results = sweep.run(tasks, kernel_error, cache="build/sweep-example",
                        **({"client": "serial"} if jobs == 1 else {"jobs": jobs}))
    for task, result in zip(tasks, results):
        print(f"{task['method']} s={task['s']:3d} seed {task['seed']}: "
              f"kernel error {result['error']:.4f}")
