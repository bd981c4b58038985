"""The chip task of benchmarks/lra.py, in a module of its own: aimc.sweep
keys its cached results by the code of the module that defines the task
function (and of common), so the chip results depend on this file only,
not on lra.py's training defaults or report (docs/LRA.md)."""

import hashlib
import time

import numpy as np

import common
from common import BenchError


def sha_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# Per worker process: compiled sessions by (module sha, policy) and the
# evaluation arrays by sha (a worker runs many tasks of the same model).
_SESSIONS = {}
_ARRAYS = {}


def eval_task(task):
    """One chip task (a module-level function: aimc.sweep runs it in this
    process or on Dask workers): the accuracy (percent) of one exported
    model in one mapping on a HERMES chip programmed with task["seed"], at
    every time of task["times"] (seconds after programming), each on the
    first task["sequences"][i] sequences of the data, and the cost per
    sequence at the first time. The session is compiled once per
    worker, model and mapping; every (seed, time) reprograms it
    (Session.reprogram: bit for bit a new session with that seed and
    time)."""
    aimc = common.import_aimc()
    start = time.perf_counter()
    memo = (task["module_sha"], task["policy"])
    if memo not in _SESSIONS:
        with open(task["module"], "rb") as f:
            text = f.read()
        if hashlib.sha256(text).hexdigest() != task["module_sha"]:
            raise BenchError(f"{task['module']} changed since the sweep "
                             f"started")
        if len(_SESSIONS) >= 4:
            _SESSIONS.clear()
        _SESSIONS[memo] = aimc.Session(text.decode(), chip="hermes",
                                       policy=task["policy"],
                                       seed=task["seed"],
                                       t_inference=task["times"][0])
    sess = _SESSIONS[memo]
    if task["data_sha"] not in _ARRAYS:
        if sha_of(task["data"]) != task["data_sha"]:
            raise BenchError(f"{task['data']} changed since the sweep "
                             f"started")
        with np.load(task["data"]) as f:
            _ARRAYS[task["data_sha"]] = (f["x"], f["y"])
    x, y = _ARRAYS[task["data_sha"]]
    batch = task["batch"]
    out = {"accuracy": [], "predictions": []}
    if len(task["sequences"]) != len(task["times"]) or not all(
            0 < n <= len(x) and n % batch == 0 for n in task["sequences"]):
        raise BenchError(f"sequences {task['sequences']}: need one count "
                         f"per time, each a multiple of the batch {batch} "
                         f"and at most the {len(x)} sequences of the data")
    for t, n in zip(task["times"], task["sequences"]):
        sess.reprogram(task["seed"], t)
        pred = np.concatenate([
            np.asarray(sess.run("forward", [x[i:i + batch]])[0]).argmax(-1)
            for i in range(0, n, batch)])
        out["accuracy"].append(100.0 * float((pred == y[:n]).mean()))
        out["predictions"].append(pred.astype(int).tolist())
        if "tiles" not in out:
            cost = _per_sequence(sess.report(), n)
            out.update({"tiles": sess.num_tiles,
                        "analog_energy_j": cost["analog"]["energy_j"],
                        "digital_energy_j": cost["digital"]["energy_j"],
                        "energy_j": cost["total_energy_j"],
                        "analog_latency_s": cost["analog"]["latency_s"],
                        "digital_latency_s": cost["digital"]["latency_s"],
                        "analog_mvms": cost["analog"]["mvms"],
                        "digital_operations": cost["digital"]["operations"]})
    out["seconds"] = time.perf_counter() - start
    return out


def _per_sequence(report, n):
    import aimc.torch
    return aimc.torch.per_sequence(report, n)
