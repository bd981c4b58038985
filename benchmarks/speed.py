#!/usr/bin/python3
"""End-to-end inference speed: the compiled classifier on the simulated chip
against the equivalent float pipeline written in numpy, on the same data in
one run.

The model is fitted once on the chip (aimc.RandomFeatureRidgeClassifier,
backend "aimc"); then, on the same test rows,

  chip:   clf.predict(X) -- the compiled @classify entry (analog projection
          on the simulated HERMES chip with its noise and converters,
          cos/sin, readout, argmax), batch by batch;
  numpy:  z = X Omega^T, phi = [cos, sin](sqrt(2 gamma) z) / sqrt(s),
          y = phi W + c, argmax -- with the classifier's own Omega, W and c,
          in float64 (numpy's default, as scikit-learn) and in float32.

Each is timed --repeats times, and more until --min-seconds have passed
(host wall clock, best kept: a 12 ms predict of letter is timed about a
hundred times, so that one quiet moment of the machine is among them), and
the ratios
chip / numpy are printed (below 1: the chip simulation is faster). Writes
docs/results/speed.md.

Usage (from the repository root, after scripts/build.sh build):
  PYTHONPATH=build/python-bindings /usr/bin/python3 benchmarks/speed.py
"""

import argparse
import sys
import time

import numpy as np

import common
import fashion_mnist
from common import BenchError

WORKLOADS = {
    # name: (loader, kernel, s, gamma, alpha): the main job's model and the
    # paper's largest RBF models of two of its datasets.
    "fashion-mnist": ("fashion", "rbf", 2048, fashion_mnist.DEFAULT_GAMMA,
                      fashion_mnist.DEFAULT_ALPHA),
    "letter": ("paper", "rbf", 507, 0.05, 0.5),
    "cod-rna": ("paper", "rbf", 251, 0.05, 0.5),
}


def parse_args(argv):
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--workloads", default="fashion-mnist,letter",
                   help="comma-separated subset of " + ", ".join(WORKLOADS))
    p.add_argument("--train-rows", type=int, default=10000,
                   help="training rows for the fit (default 10000)")
    p.add_argument("--test-rows", type=int, default=None,
                   help="test rows to time (default: the whole test set)")
    p.add_argument("--repeats", type=int, default=3,
                   help="timed runs of each pipeline, at least (default 3)")
    p.add_argument("--min-seconds", type=float, default=2.0,
                   help="repeat each pipeline until this much time has "
                        "passed too (default 2; 0: exactly --repeats)")
    p.add_argument("--batch-size", type=int, default=None,
                   help="rows per compiled call (default: the classifier's)")
    p.add_argument("--seed", type=int, default=0)
    common.add_output_options(
        p, "tiny run for tests: letter, 2000 / 1000 rows, 1 repeat")
    a = p.parse_args(argv)
    if a.smoke:
        a.workloads, a.train_rows, a.repeats = "letter", 2000, 1
        a.min_seconds = 0.0
        a.test_rows = a.test_rows or 1000
    a.out = a.out or common.default_out(a.smoke)
    a.workloads = common.parse_list(a.workloads, "workloads", WORKLOADS)
    if a.repeats < 1:
        raise BenchError("--repeats must be at least 1")
    if not 0 <= a.min_seconds <= 600:
        raise BenchError("--min-seconds must be between 0 and 600")
    if a.train_rows < 10 or (a.test_rows is not None and a.test_rows < 1):
        raise BenchError("--train-rows must be >= 10 and --test-rows >= 1")
    if a.batch_size is not None and a.batch_size < 1:
        raise BenchError("--batch-size must be positive")
    return a


def load(name):
    from aimc import datasets
    if WORKLOADS[name][0] == "fashion":
        return datasets.load_fashion_mnist()
    return datasets.load(name, zscore_scope="dataset")


def best_time(fn, repeats, min_seconds):
    """Best of at least `repeats` runs of fn, repeated until `min_seconds`
    have passed; returns (best seconds, last result, runs)."""
    best, result, runs = None, None, 0
    start = time.perf_counter()
    while runs < repeats or time.perf_counter() - start < min_seconds:
        t0 = time.perf_counter()
        result = fn()
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
        runs += 1
    return best, result, runs


def numpy_pipeline(omega, coef, intercept, gamma, dtype):
    """predict(X) of the float random-feature classifier in plain numpy."""
    omega_t = np.ascontiguousarray(np.asarray(omega, dtype).T)
    w = np.ascontiguousarray(coef, dtype=dtype)
    c = np.asarray(intercept, dtype=dtype)

    def predict(x):
        x = np.asarray(x, dtype=dtype)
        phi = common.feature_map("rbf", x @ omega_t, gamma)
        scores = phi @ w + c
        return common.predict_labels(scores)
    return predict


def run_workload(aimc, a, name):
    _, kernel, s, gamma, alpha = WORKLOADS[name]
    split = load(name)
    x_tr, y_tr = split.x_train[:a.train_rows], split.y_train[:a.train_rows]
    x_te = split.x_test if a.test_rows is None else split.x_test[:a.test_rows]
    y_te = split.y_test[:len(x_te)]
    params = dict(kernel=kernel, method="rff", n_features=s, gamma=gamma,
                  alpha=alpha, backend="aimc", seed=a.seed)
    if a.batch_size:
        params["batch_size"] = a.batch_size
    clf = aimc.RandomFeatureRidgeClassifier(**params)
    t0 = time.perf_counter()
    clf.fit(x_tr, y_tr)
    t_fit = time.perf_counter() - t0
    x32 = np.ascontiguousarray(x_te, dtype=np.float32)
    t_chip, pred_chip, runs_chip = best_time(lambda: clf.predict(x32),
                                             a.repeats, a.min_seconds)
    rep = clf.last_report_
    times, runs = {"chip": t_chip}, {"chip": runs_chip}
    preds = {"chip": np.asarray(pred_chip)}
    for label, dtype in (("numpy float64", np.float64), ("numpy float32", np.float32)):
        fn = numpy_pipeline(clf.omega_, clf.coef_, clf.intercept_, gamma, dtype)
        t, p, n = best_time(lambda: fn(x32), a.repeats, a.min_seconds)
        times[label] = t
        runs[label] = n
        preds[label] = clf.classes_[p.astype(np.int64)]
    agree64 = float(np.mean(preds["numpy float64"] == preds["numpy float32"]))
    result = {
        "workload": name, "kernel": kernel, "s": s, "d": x_te.shape[1],
        "gamma": gamma, "train_rows": len(x_tr), "test_rows": len(x_te),
        "batch": rep["batch"], "tiles": clf.session_.num_tiles,
        "fit_s": t_fit, "compile_s": clf.session_.compile_seconds,
        "seconds": times, "timed_runs": runs,
        "ratio_vs_float64": times["chip"] / times["numpy float64"],
        "ratio_vs_float32": times["chip"] / times["numpy float32"],
        "accuracy": {k: float(np.mean(v == y_te)) for k, v in preds.items()},
        "agreement_chip_vs_float64": float(np.mean(preds["chip"] ==
                                                   preds["numpy float64"])),
        "agreement_float32_vs_float64": agree64,
        "chip_latency_per_inference_s": rep["latency_per_inference_s"],
        "chip_energy_per_inference_j": rep["energy_per_inference_j"],
    }
    print(f"{name}: {len(x_te)} rows x {x_te.shape[1]} -> s = {s} ({kernel}), "
          f"{result['tiles']} tiles, batch {result['batch']}", flush=True)
    for k, v in times.items():
        print(f"  {k:14s} {v:8.3f} s  ({1e6 * v / len(x_te):7.1f} µs/row, "
              f"accuracy {100 * result['accuracy'][k]:.2f}%)", flush=True)
    print(f"  ratio chip / numpy float64 = {result['ratio_vs_float64']:.3f}, "
          f"chip / numpy float32 = {result['ratio_vs_float32']:.3f}", flush=True)
    return result


def markdown(results, a, elapsed, load=(None, None)):
    head = ["workload", "rows × d → s", "tiles", "chip [s]", "numpy f64 [s]",
            "numpy f32 [s]", "chip / f64", "chip / f32", "accuracy chip / f64"]
    body = [[r["workload"], f"{r['test_rows']} × {r['d']} → {r['s']}",
             str(r["tiles"]), f"{r['seconds']['chip']:.3f}",
             f"{r['seconds']['numpy float64']:.3f}",
             f"{r['seconds']['numpy float32']:.3f}",
             f"{r['ratio_vs_float64']:.3f}", f"{r['ratio_vs_float32']:.3f}",
             f"{100 * r['accuracy']['chip']:.2f}% / "
             f"{100 * r['accuracy']['numpy float64']:.2f}%"] for r in results]
    cmd = common.timing_command("speed.py", sys.argv[1:])
    return "\n".join([
        "# Inference speed: simulated chip vs numpy",
        "",
        "Generated by `benchmarks/speed.py`; see "
        "[../Benchmarks.md](../Benchmarks.md). Host wall-clock time of "
        "predicting the test rows, best of at least "
        f"{a.repeats} runs and of {a.min_seconds:g} s of runs (the runs of "
        "each pipeline are in the JSON, `timed_runs`): the compiled classifier on the simulated HERMES chip "
        "(`predict`: one `@classify` call per batch — analog projection with "
        "programming/read noise and 8-bit converters, cos/sin as vectorised "
        "polynomials, readout, argmax; compiled and programmed "
        "beforehand by `fit`) against the same pipeline in numpy with the "
        "classifier's Omega, W and c (float64 as scikit-learn would, and "
        "float32). Ratio < 1: the chip simulation is faster. numpy's "
        "OpenBLAS uses both cores; the executor splits a tile's MVM of 256 "
        "rows into two blocks of 128 rows on two threads (the same OpenBLAS, single-"
        "threaded inside a block). The model is fitted on the first "
        f"{results[0]['train_rows'] if results else a.train_rows} training "
        "rows (the fit is not timed).",
        "",
        common.markdown_table(head, body),
        f"Command: `{cmd}` ({elapsed / 60:.1f} min). "
        + common.load_note(*load),
        "",
    ])


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    aimc = common.import_aimc()
    common.require_classifier(aimc)
    common.run_timing_benchmark(
        "speed", a.out, lambda item: run_workload(aimc, a, item), a.workloads,
        lambda results, elapsed, load: markdown(results, a, elapsed, load))
    return 0


if __name__ == "__main__":
    sys.exit(common.main_guard(main))
