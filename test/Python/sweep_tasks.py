"""Task functions of the sweep tests, in a module of their own so that Dask
workers (which have this folder on their PYTHONPATH) import them by name."""

import time

import numpy as np

CALLS = []  # seeds of the tasks run in this process


def draw(task):
    """A seeded task: the result depends on the task only."""
    CALLS.append(task["seed"])
    rng = np.random.default_rng(task["seed"])
    x = rng.standard_normal((120, 40))
    if task.get("sleep"):
        time.sleep(task["sleep"])
    return {"norm": float(np.linalg.norm(x @ x.T)), "first": float(x[0, 0]),
            "pair": (task["seed"], 1)}


def fail_on_three(task):
    if task["seed"] == 3:
        raise ValueError("seed three is bad")
    return draw(task)


def numpy_result(task):
    return {"value": np.float32(task["seed"])}


def not_a_dict(task):
    return [task["seed"]]
