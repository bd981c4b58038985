#!/usr/bin/python3
"""Fashion-MNIST on the simulated chip: aimc's main job.

Ten-class random-feature ridge classification (one-vs-rest, argmax) of
Fashion-MNIST (Debian's dataset-fashion-mnist: 60000 training and 10000 test
images, 784 pixels scaled to [0, 1]) with the RBF kernel: s random Fourier
projections (default 2048: a 2048 x 784 Omega, 32 crossbar tiles of
256 x 256 on the simulated HERMES chip), cos/sin features, ridge readout.

It fits and scores the same model in float and on the simulated chip, prints
accuracy, the chip's energy and latency per inference (from the chip
report), and the energy of the same projection on an NVIDIA H200 (the
measured reference ../shared/reference/gpu-h200-projection.jsonl, line
10000 x 784 x 2048), and writes docs/results/fashion-mnist.md.

--tune instead chooses gamma and alpha on a validation split (the last 10000
training images, never the test set) with the float model and writes
docs/results/fashion-mnist-tuning.md.

Usage (from the repository root, after scripts/build.sh build):
  PYTHONPATH=build/python-bindings /usr/bin/python3 benchmarks/fashion_mnist.py
"""

import argparse
import json
import os
import sys
import time

import numpy as np

import common
from common import BenchError

# Chosen with --tune (docs/results/fashion-mnist-tuning.md).
DEFAULT_GAMMA = 0.02
DEFAULT_ALPHA = 0.05


def parse_args(argv):
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n-features", type=int, default=2048,
                   help="random projections s (default 2048)")
    p.add_argument("--method", default="rff", choices=common.METHODS)
    p.add_argument("--gamma", type=float, default=DEFAULT_GAMMA)
    p.add_argument("--alpha", type=float, default=DEFAULT_ALPHA)
    p.add_argument("--seed", type=int, default=0,
                   help="seed of Omega and of the chip's noise (default 0)")
    p.add_argument("--t-inference", type=float, default=None,
                   help="seconds from programming to inference (default: "
                        "the classifier's)")
    p.add_argument("--train-rows", type=int, default=None,
                   help="use only the first N training images")
    p.add_argument("--test-rows", type=int, default=None,
                   help="use only the first N test images")
    p.add_argument("--data", default=None,
                   help="Fashion-MNIST folder (default "
                        "/usr/share/datasets/fashion-mnist)")
    p.add_argument("--reference", default=None,
                   help="H200 measurements (default "
                        "../shared/reference/gpu-h200-projection.jsonl)")
    p.add_argument("--progress", action="store_true",
                   help="progress bars (tqdm) on the fits and predictions")
    p.add_argument("--tune", action="store_true",
                   help="choose gamma/alpha on a validation split instead")
    p.add_argument("--gammas", default="0.0025,0.005,0.0075,0.01,0.015,0.02,0.05")
    p.add_argument("--alphas", default="0.005,0.05,0.5,5")
    common.add_output_options(
        p, "tiny run for tests: 3000 training, 1000 test images")
    a = p.parse_args(argv)
    if a.smoke:
        a.train_rows = a.train_rows or 3000
        a.test_rows = a.test_rows or 1000
        a.gammas, a.alphas = "0.01,0.02", "0.05,0.5"
    a.out = a.out or common.default_out(a.smoke)
    a.reference = a.reference or common.default_reference_path()
    if a.n_features < 1:
        raise BenchError("--n-features must be positive")
    common.check_model_options(a)
    for name in ("train_rows", "test_rows"):
        v = getattr(a, name)
        if v is not None and v < 10:
            raise BenchError(f"--{name.replace('_', '-')} must be at least 10")
    a.gammas = common.parse_list(a.gammas, "gammas", convert=float)
    a.alphas = common.parse_list(a.alphas, "alphas", convert=float)
    return a


def load(a):
    from aimc import datasets
    split = (datasets.load_fashion_mnist(a.data) if a.data
             else datasets.load_fashion_mnist())
    if a.train_rows:
        split.x_train, split.y_train = (split.x_train[:a.train_rows],
                                        split.y_train[:a.train_rows])
    if a.test_rows:
        split.x_test, split.y_test = (split.x_test[:a.test_rows],
                                      split.y_test[:a.test_rows])
    return split


# ---------------------------------------------------------------------------
# --tune: gamma and alpha on a validation split, float model.
# ---------------------------------------------------------------------------

def tune(a, split):
    aimc = common.import_aimc()
    n_val = max(len(split.x_train) // 6, 1)
    x_tr, y_tr = split.x_train[:-n_val], split.y_train[:-n_val]
    x_va, y_va = split.x_train[-n_val:], split.y_train[-n_val:]
    d = x_tr.shape[1]
    omega = aimc.sample_projection(
        {"rff": "truncated_gaussian", "orf": "orthogonal",
         "sorf": "structured_orthogonal"}[a.method], a.n_features, d, a.seed)
    sub = np.random.default_rng(a.seed).choice(len(x_tr), min(2000, len(x_tr)),
                                               replace=False)
    xs = x_tr[sub]
    sq = np.einsum("ij,ij->i", xs, xs)
    d2 = sq[:, None] + sq[None, :] - 2 * xs @ xs.T
    median = float(np.median(d2[np.triu_indices(len(xs), 1)]))
    print(f"fashion_mnist --tune: {len(x_tr)} training / {n_val} validation "
          f"images, s = {a.n_features}; median squared distance {median:.1f} "
          f"(1/median = {1 / median:.4f})", flush=True)
    classes = np.unique(y_tr)
    targets = common.one_hot(np.searchsorted(classes, y_tr), len(classes))
    grid = []
    for gamma in a.gammas:
        t0 = time.perf_counter()
        model = common.NumpyRandomFeatureRidge("rbf", omega, gamma, 0.0,
                                               dtype=np.float32)
        problem = common.RidgeProblem(model.transform(x_tr), targets)
        phi_va = model.transform(x_va)
        for alpha in a.alphas:
            w = problem.solve(alpha)
            acc = float(np.mean(classes[np.argmax(
                common.ridge_decision(phi_va, w), axis=1)] == y_va))
            grid.append((gamma, alpha, acc))
            print(f"  gamma {gamma:<8g} alpha {alpha:<6g} validation accuracy "
                  f"{100 * acc:.2f}%", flush=True)
        print(f"  ({time.perf_counter() - t0:.1f} s)", flush=True)
    best = max(grid, key=lambda g: g[2])
    rows = [[f"{g:g}"] + [f"{100 * acc:.2f}" for gg, al, acc in grid if gg == g]
            for g in a.gammas]
    text = "\n".join([
        "# Fashion-MNIST: choosing gamma and alpha",
        "",
        "Generated by `benchmarks/fashion_mnist.py --tune`. Float RBF random "
        f"features ({a.method}, s = {a.n_features}, seed {a.seed}), ridge "
        f"readout; trained on the first {len(x_tr)} training images, "
        f"accuracy [%] on the last {n_val} (a validation split: the test set "
        "is never used for the choice).",
        "",
        f"Median squared distance between training images: {median:.1f} "
        f"(the median heuristic gives gamma ≈ 1/median = {1 / median:.4f}).",
        "",
        common.markdown_table(["gamma \\ alpha"] + [f"{al:g}" for al in a.alphas],
                              rows),
        f"Best: gamma = {best[0]:g}, alpha = {best[1]:g} "
        f"({100 * best[2]:.2f}%).",
        "",
        "Command: `PYTHONPATH=build/python-bindings /usr/bin/python3 "
        "benchmarks/fashion_mnist.py --tune --gammas "
        f"{','.join(f'{g:g}' for g in a.gammas)} --alphas "
        f"{','.join(f'{al:g}' for al in a.alphas)}`.",
        "",
    ])
    path = os.path.join(a.out, "fashion-mnist-tuning.md")
    common.write_atomic(path, text)
    print(f"fashion_mnist: best gamma {best[0]:g}, alpha {best[1]:g}; wrote {path}")


# ---------------------------------------------------------------------------
# The main run.
# ---------------------------------------------------------------------------

def run_backend(aimc, a, split, backend):
    clf = aimc.RandomFeatureRidgeClassifier(
        kernel="rbf", method=a.method, n_features=a.n_features, gamma=a.gamma,
        alpha=a.alpha, backend=backend, seed=a.seed, t_inference=a.t_inference,
        # The readout is fitted on the chip's features (chip in the loop),
        # the protocol of docs/results/fashion-mnist.md; the classifier's
        # default is the paper's, fit_on="float" (docs/Fidelity.md).
        fit_on="chip", verbose=1 if a.progress else 0)
    t0 = time.perf_counter()
    clf.fit(split.x_train, split.y_train)
    t_fit = time.perf_counter() - t0
    t0 = time.perf_counter()
    acc = clf.score(split.x_test, split.y_test)
    t_score = time.perf_counter() - t0
    report = dict(clf.last_report_)
    out = {"backend": backend, "accuracy": acc, "fit_s": t_fit,
           "score_s": t_score, "report": report}
    if backend == "aimc":
        out["tiles"] = clf.session_.num_tiles
        out["compile_s"] = clf.session_.compile_seconds
        out["t_inference"] = clf.t_inference
    print(f"  {backend:5s}: accuracy {100 * acc:.2f}%  (fit {t_fit:.1f} s, "
          f"score {t_score:.1f} s)", flush=True)
    return out


def gpu_rows(a, d):
    """The H200 projection measurements of 10000 x d x s, per dtype."""
    try:
        found = common.gpu_measurements(a.reference, 10000, d, a.n_features)
    except BenchError as e:
        if "no measurement of shape" in str(e):
            return None, str(e)
        raise
    rows = []
    for dtype in ("int8", "fp16", "fp32"):
        if dtype in found:
            r = found[dtype]
            rows.append({"dtype": dtype, "n": r["n"],
                         "j_per_inference": r["joule_per_batch"] / r["n"],
                         "s_per_inference": r["sec_per_batch"] / r["n"],
                         "avg_power_w": r.get("avg_power_w"),
                         "tops_per_w": r.get("tops_per_w"),
                         "line": r["line"]})
    return rows, None


def eng(v, unit):
    """Engineering notation: 1.23 µJ."""
    if v is None:
        return "—"
    for scale, prefix in ((1, ""), (1e-3, "m"), (1e-6, "µ"), (1e-9, "n"),
                          (1e-12, "p")):
        if abs(v) >= scale:
            return f"{v / scale:.3g} {prefix}{unit}"
    return f"{v / 1e-15:.3g} f{unit}"


def summary(fl, ch, gpu):
    """(head, rows) of the result table and of the GPU comparison."""
    rep = ch["report"]
    head = ["", "float", "simulated HERMES chip"]
    body = [
        ["test accuracy", f"{100 * fl['accuracy']:.2f}%", f"{100 * ch['accuracy']:.2f}%"],
        ["drop (float − chip)", "", f"{100 * (fl['accuracy'] - ch['accuracy']):+.2f} points"],
        ["crossbar tiles", "", str(ch["tiles"])],
        ["analog MVMs / inference", "", f"{rep['mvms_per_inference']:g}"],
        ["energy / inference (analog projection)", "",
         eng(rep["analog_energy_j"] / rep["executed_rows"], "J")],
        ["energy / inference (analog + digital)", "",
         eng(rep["energy_per_inference_j"], "J")],
        ["latency / inference (chip report)", "",
         eng(rep["latency_per_inference_s"], "s")],
        ["host time: fit / score", f"{fl['fit_s']:.1f} s / {fl['score_s']:.1f} s",
         f"{ch['fit_s']:.1f} s / {ch['score_s']:.1f} s"],
    ]
    gpu_head = ["projection 10000×784 · 784×2048", "energy / inference",
                "time / inference", "energy vs chip"]
    analog_j = rep["analog_energy_j"] / rep["executed_rows"]
    gpu_body = [["simulated HERMES (analog MVMs)", eng(analog_j, "J"),
                 eng(rep["analog_latency_s"] / rep["executed_rows"], "s"), "1×"]]
    for g in gpu or []:
        gpu_body.append([f"H200 {g['dtype']} (board energy, NVML)",
                         eng(g["j_per_inference"], "J"),
                         eng(g["s_per_inference"], "s"),
                         f"{g['j_per_inference'] / analog_j:.1f}×"])
    return head, body, gpu_head, gpu_body


def markdown(a, split, fl, ch, gpu, gpu_note, elapsed):
    head, body, gpu_head, gpu_body = summary(fl, ch, gpu)
    rep = ch["report"]
    cmd = ("PYTHONPATH=build/python-bindings /usr/bin/python3 "
           "benchmarks/fashion_mnist.py " + " ".join(sys.argv[1:])).strip()
    lines = [
        "# Fashion-MNIST on the simulated chip (main job)",
        "",
        "Generated by `benchmarks/fashion_mnist.py` (the README's main job); "
        "see [../Benchmarks.md](../Benchmarks.md) for the method.",
        "",
        f"Ten classes, {len(split.x_train)} training / {len(split.x_test)} "
        f"test images ({split.x_train.shape[1]} pixels in [0, 1]). RBF kernel, "
        f"{a.method.upper()} projections s = {a.n_features} "
        f"({2 * a.n_features} cos/sin features), gamma = {a.gamma:g}, ridge "
        f"alpha = {a.alpha:g} (chosen on a validation split: "
        "[fashion-mnist-tuning.md](fashion-mnist-tuning.md)), one-vs-rest "
        f"readout with argmax, seed {a.seed}. Chip: simulated HERMES "
        f"(PCM programming and read noise, drift at t_inference = "
        f"{ch['t_inference']:g} s with global drift compensation, 8-bit DAC/ADC); "
        "the training features are computed on the chip as well.",
        "",
        common.markdown_table(head, body),
        "Energy and latency per inference come from the chip report of the "
        f"test-set predict call ({rep['executed_rows']} rows executed in "
        f"batches of {rep['batch']}, padding included): analog energy "
        f"{eng(rep['analog_energy_j'], 'J')}, digital energy "
        f"{eng(rep['digital_energy_j'], 'J')}, analog latency "
        f"{eng(rep['analog_latency_s'], 's')}, digital time "
        f"{eng(rep['digital_time_s'], 's')}, {rep['mvms']} MVMs, "
        f"{rep['tops_per_w']:.3g} TOPS/W (analog).",
        "",
        "## Digital baseline: the same projection on an NVIDIA H200",
        "",
    ]
    if gpu:
        lines += [
            "Measured figures from `../shared/reference/gpu-h200-projection.jsonl` "
            "(line " + ", ".join(str(g["line"]) for g in gpu) +
            ": `fmnist`, n = 10000, d = 784, s = 2048; PyTorch/cuBLAS, board "
            "energy from NVML over ≥ 1.5 s of back-to-back batches, idle "
            "power ≈ 120 W included), per image = per batch / 10000. The chip "
            "row is the analog projection only, the same work as the GPU's "
            "matrix product.",
            "",
            common.markdown_table(gpu_head, gpu_body),
        ]
    else:
        lines += [f"No H200 measurement for this shape: {gpu_note}.", ""]
    lines += [f"Command: `{cmd}` ({elapsed / 60:.1f} min on this machine).", ""]
    return "\n".join(lines)


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    aimc = common.import_aimc()
    t0 = time.perf_counter()
    split = load(a)
    if a.tune:
        tune(a, split)
        return 0
    if a.t_inference is None:
        a.t_inference = common.default_t_inference(aimc)
    print(f"fashion_mnist: {len(split.x_train)} training / {len(split.x_test)} "
          f"test images, RBF {a.method} s = {a.n_features}, gamma {a.gamma:g}, "
          f"alpha {a.alpha:g}, seed {a.seed}", flush=True)
    fl = run_backend(aimc, a, split, "float")
    ch = run_backend(aimc, a, split, "aimc")
    gpu, gpu_note = gpu_rows(a, split.x_train.shape[1])
    elapsed = time.perf_counter() - t0
    head, body, gpu_head, gpu_body = summary(fl, ch, gpu)
    print()
    print(common.text_table(head, body))
    if gpu:
        print(common.text_table(gpu_head, gpu_body))
    else:
        print(f"no H200 measurement for this shape: {gpu_note}\n")
    common.write_atomic(os.path.join(a.out, "fashion-mnist.md"),
                        markdown(a, split, fl, ch, gpu, gpu_note, elapsed))
    raw = {"settings": {k: v for k, v in vars(a).items()},
           "float": fl, "aimc": ch, "gpu_h200": gpu, "elapsed_s": elapsed}
    common.write_atomic(os.path.join(a.out, "fashion-mnist.json"),
                        json.dumps(raw, indent=1, sort_keys=True, default=str) + "\n")
    print(f"fashion_mnist: wrote {a.out}/fashion-mnist.md and fashion-mnist.json "
          f"({elapsed / 60:.1f} min)")
    return 0


if __name__ == "__main__":
    sys.exit(common.main_guard(main))
