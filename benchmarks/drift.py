#!/usr/bin/python3
"""Accuracy of a fitted chip model from 1 second to 10 years after
programming (PCM conductance drift), with the chip's global drift
compensation on and off.

For each dataset, seed and compensation setting, one
aimc.RandomFeatureRidgeClassifier is fitted on the simulated HERMES chip
at the first time point (programming, converter calibration and the
training features at t = 1 s), then moved in time with
set_params(t_inference=t): the same programmed devices, read at every t of
--times, and scored on the test set. The readout is never retrained, so
the accuracy shows what drift does to a deployed model. The float model
(same Omega) gives the reference.

Datasets: letter (the paper's binary split, 12000 training and 6000 test
rows, z-scored; rbf, orf, s = 507, gamma 0.05, alpha 0.5, as in the paper
table) and Fashion-MNIST (Debian's dataset-fashion-mnist; the first 20000
training images, all 10000 test images; rbf, orf, s = 1024, gamma 0.02,
alpha 0.05). Writes docs/results/drift.md, drift.json and drift.png.

Every finished (dataset, seed, compensation) is cached (--cache), so an
interrupted run continues where it stopped.

Usage (from the repository root, after scripts/build.sh build):
  PYTHONPATH=build/python-bindings /usr/bin/python3 benchmarks/drift.py
"""

import argparse
import json
import os
import sys
import time

import numpy as np

import common
from common import BenchError

# Bumped whenever what a cached result means changes.
CACHE_VERSION = 1
DATASETS = ("letter", "fashion-mnist")
# 1 s, 1 min, 1 h, 1 day, 1 week, 30 days, 1 year, 10 years.
DEFAULT_TIMES = "1,60,3600,86400,604800,2592000,31536000,315360000"
MODELS = {
    "letter": dict(kernel="rbf", method="orf", n_features=507, gamma=0.05,
                   alpha=0.5, train_rows=None, test_rows=None),
    "fashion-mnist": dict(kernel="rbf", method="orf", n_features=1024,
                          gamma=0.02, alpha=0.05, train_rows=20000,
                          test_rows=None),
}
SMOKE_MODELS = {
    "letter": dict(kernel="rbf", method="orf", n_features=64, gamma=0.05,
                   alpha=0.5, train_rows=1500, test_rows=500),
    "fashion-mnist": dict(kernel="rbf", method="orf", n_features=64,
                          gamma=0.02, alpha=0.05, train_rows=600,
                          test_rows=200),
}


def parse_args(argv):
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--datasets", default=",".join(DATASETS),
                   help="comma-separated (default letter,fashion-mnist)")
    p.add_argument("--seeds", default="5",
                   help="a count N (seeds 0..N-1), a list a,b,c or a range "
                        "a-b (default 5)")
    p.add_argument("--times", default=DEFAULT_TIMES,
                   help="seconds after programming, ascending; the model is "
                        "fitted at the first (default 1 s ... 10 years)")
    p.add_argument("--cache", default=None,
                   help="cache folder (default build/bench-cache/drift)")
    p.add_argument("--progress", action="store_true",
                   help="progress bars (tqdm) on the fits and predictions")
    common.add_sweep_options(p)
    common.add_output_options(
        p, "tiny run for tests: small subsets, s = 64, 2 seeds, 3 times")
    a = p.parse_args(argv)
    common.check_sweep_options(a)
    a.datasets = common.parse_list(a.datasets, "datasets", DATASETS)
    a.models = dict(SMOKE_MODELS if a.smoke else MODELS)
    if a.smoke:
        a.seeds = "2" if a.seeds == "5" else a.seeds
        a.times = "1,86400,315360000" if a.times == DEFAULT_TIMES else a.times
    a.seeds = common.parse_seeds(a.seeds)
    a.times = common.parse_list(a.times, "times", convert=float)
    if any(not (np.isfinite(t) and t >= 0) for t in a.times):
        raise BenchError("--times: every time must be finite and >= 0")
    if a.times != sorted(set(a.times)):
        raise BenchError("--times: must be ascending without repeats")
    a.out = a.out or common.default_out(a.smoke)
    a.cache = a.cache or os.path.join(
        common.REPO, "build", "bench-cache", "drift-smoke" if a.smoke
        else "drift")
    return a


def load(name, model):
    from aimc import datasets
    split = (datasets.load_fashion_mnist() if name == "fashion-mnist"
             else datasets.load(name))
    x_tr, y_tr, x_te, y_te = (split.x_train, split.y_train, split.x_test,
                              split.y_test)
    if model["train_rows"]:
        x_tr, y_tr = x_tr[:model["train_rows"]], y_tr[:model["train_rows"]]
    if model["test_rows"]:
        x_te, y_te = x_te[:model["test_rows"]], y_te[:model["test_rows"]]
    return x_tr, y_tr, x_te, y_te


def task_of(a, name, seed, compensation):
    """One sweep task: everything its result depends on, seeds included."""
    return {"version": CACHE_VERSION, "dataset": name, "seed": seed,
            "compensation": compensation, "times": a.times,
            "model": a.models[name], "progress": bool(a.progress)}


def classifier(aimc, model, seed, **extra):
    keys = ("kernel", "method", "n_features", "gamma", "alpha")
    return aimc.RandomFeatureRidgeClassifier(
        seed=seed, **{k: model[k] for k in keys}, **extra)


# Data sets already read by this process (a worker runs many tasks).
_DATA = {}


def run_task(task):
    """Float accuracy and chip accuracy at every time of one data set, seed
    and compensation setting (a module-level function: aimc.sweep runs it,
    in this process or on Dask workers)."""
    aimc = common.import_aimc()
    name, model, times = task["dataset"], task["model"], task["times"]
    key = (name, json.dumps(model, sort_keys=True))
    if key not in _DATA:
        _DATA[key] = load(name, model)
    x_tr, y_tr, x_te, y_te = _DATA[key]
    start = time.perf_counter()
    flt = classifier(aimc, model, task["seed"]).fit(x_tr, y_tr).score(
        x_te, y_te)
    chip = classifier(aimc, model, task["seed"], backend="aimc",
                      chip="hermes", t_inference=times[0],
                      drift_compensation=task["compensation"],
                      # Readout fitted on the chip's features at times[0]
                      # (chip in the loop), the protocol of
                      # docs/results/drift.md (docs/Fidelity.md).
                      fit_on="chip", verbose=1 if task["progress"] else 0)
    chip.fit(x_tr, y_tr)
    accuracy = []
    for t in times:
        chip.set_params(t_inference=t)
        accuracy.append(chip.score(x_te, y_te))
        report = chip.last_report_
        if report["t_inference_s"] != t:
            raise BenchError(f"the chip read at {report['t_inference_s']} s, "
                             f"not {t} s")
    return {"float": flt, "chip": accuracy,
            "seconds": time.perf_counter() - start}


def fmt_time(t):
    for unit, size in (("years", 31536000.0), ("days", 86400.0),
                       ("h", 3600.0), ("min", 60.0)):
        if t >= size:
            v = t / size
            text = f"{v:.0f}" if abs(v - round(v)) < 1e-9 else f"{v:.3g}"
            if unit == "years" and text == "1":
                unit = "year"
            if unit == "days" and text == "1":
                unit = "day"
            return f"{text} {unit}"
    return f"{t:g} s"


def pm(values):
    v = 100.0 * np.asarray(values)
    return f"{v.mean():.2f} ± {v.std():.2f}"


def summarise(a, results):
    """Rows (dataset, compensation, float, accuracy per time) as text."""
    rows = []
    for name in a.datasets:
        for compensation in (True, False):
            runs = [results[(name, s, compensation)] for s in a.seeds]
            chip = np.array([r["chip"] for r in runs])
            rows.append([name, "on" if compensation else "off",
                         pm([r["float"] for r in runs])]
                        + [pm(chip[:, i]) for i in range(len(a.times))])
    return rows


def markdown(a, results, elapsed):
    header = (["dataset", "drift compensation", "float"]
              + [fmt_time(t) for t in a.times])
    table = common.markdown_table(header, summarise(a, results),
                                  "ll" + "r" * (len(header) - 2))
    models = "; ".join(
        f"{name}: {m['kernel']}, {m['method']}, s = {m['n_features']}, "
        f"gamma {m['gamma']}, alpha {m['alpha']}"
        + (f", first {m['train_rows']} training rows" if m["train_rows"]
           else "")
        + (f", first {m['test_rows']} test rows" if m["test_rows"] else "")
        for name, m in a.models.items() if name in a.datasets)
    seeds = ", ".join(map(str, a.seeds))
    command = "PYTHONPATH=build/python-bindings /usr/bin/python3 " \
              "benchmarks/drift.py" + (" --smoke" if a.smoke else "")
    return f"""# Accuracy under PCM drift

Generated by `{command}` ({elapsed:.0f} s of
benchmark time, cached configurations included); see
[../Benchmarks.md](../Benchmarks.md#drift) for the protocol.

Test accuracy in percent, mean ± standard deviation over seeds {seeds}
(each seed draws Omega and the chip's noise). Every chip model is fitted on
the simulated HERMES chip at {fmt_time(a.times[0])} after programming
(converter calibration and training features), then read at each time
with `set_params(t_inference=t)`: the same programmed devices, drifted; the
readout is not retrained. "float" is the same model without the chip.

Models: {models}.

{table}
![accuracy against time since programming](drift.png)
"""


def plot(a, results, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, len(a.datasets), figsize=(5.5 * len(a.datasets),
                                                          4), squeeze=False)
    for ax, name in zip(axes[0], a.datasets):
        for compensation, style in ((True, "o-"), (False, "s--")):
            chip = 100 * np.array([results[(name, s, compensation)]["chip"]
                                   for s in a.seeds])
            ax.errorbar(a.times, chip.mean(axis=0), yerr=chip.std(axis=0),
                        fmt=style, capsize=3,
                        label="chip, drift compensation "
                              + ("on" if compensation else "off"))
        flt = 100 * np.array([results[(name, s, True)]["float"]
                              for s in a.seeds])
        ax.axhline(flt.mean(), color="gray", linestyle=":",
                   label=f"float ({flt.mean():.2f})")
        ax.set_xscale("log")
        ax.set_xlabel("time since programming (s)")
        ax.set_ylabel("test accuracy (%)")
        ax.set_title(name)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    common.write_figure_atomic(fig, path, dpi=110)
    plt.close(fig)


def main(argv=None):
    a = parse_args(argv)
    aimc = common.import_aimc()
    common.require_classifier(aimc)
    from aimc import sweep
    start = time.perf_counter()
    tasks = [task_of(a, name, seed, compensation) for name in a.datasets
             for seed in a.seeds for compensation in (True, False)]
    client, jobs, where = common.sweep_target(a)
    print(f"drift: {len(tasks)} runs on {where}", flush=True)

    def report(i, task, result, info):
        print(f"{task['dataset']}-seed{task['seed']}-"
              f"{'on' if task['compensation'] else 'off'}: float "
              f"{100 * result['float']:.2f}, chip "
              + ", ".join(f"{100 * v:.2f}" for v in result["chip"]),
              flush=True)

    outputs = sweep.run(tasks, run_task, client=client, cache=a.cache,
                        progress=sys.stderr.isatty() and not a.progress,
                        jobs=jobs, modules=[common], on_result=report,
                        desc="drift")
    results = {(t["dataset"], t["seed"], t["compensation"]): r
               for t, r in zip(tasks, outputs)}
    elapsed = sum(r["seconds"] for r in outputs)
    print()
    print(common.text_table(["dataset", "compensation", "float"]
                            + [fmt_time(t) for t in a.times],
                            summarise(a, results)))
    os.makedirs(a.out, exist_ok=True)
    common.write_atomic(os.path.join(a.out, "drift.md"),
                        markdown(a, results, elapsed))
    common.write_atomic(os.path.join(a.out, "drift.json"), json.dumps({
        "times_s": a.times, "seeds": a.seeds,
        "models": {k: v for k, v in a.models.items() if k in a.datasets},
        "runs": [{"dataset": n, "seed": s, "drift_compensation": c, **r}
                 for (n, s, c), r in sorted(results.items())],
    }, indent=1) + "\n")
    plot(a, results, os.path.join(a.out, "drift.png"))
    print(f"wrote {os.path.join(a.out, 'drift.md')} "
          f"({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(common.main_guard(main))
