#!/usr/bin/python3
"""Long-Range-Arena tasks on the simulated HERMES chip, with hardware-aware
training (docs/LRA.md).

Per task (--tasks listops,image):
  1. float training of aimc.nn.PerformerClassifier in the paper's LRA
     configuration (2 layers, 2 heads, width 64, FFN 128, 128 projections,
     FAVOR+, Omega fixed -- not redrawn -- as in the paper's ListOps runs);
     AdamW, linear warm-up then cosine decay, weight decay;
  2. hardware-aware fine-tuning from the float checkpoint at lr / 10 with
     aimc.nn.hardware_aware(model, chip="hermes", policy=--hw-policy)
     (per-sample weight noise 0.12 max|W|, output noise 0.1, 8-bit inputs
     with learned ranges, 2-sigma weight clipping);
  3. both models exported with aimc.torch.export and run on the simulated
     HERMES chip through aimc.Session in the "attention" and "all"
     mappings, over --seeds chip seeds, at every --times (seconds after
     programming; global drift compensation on).

Training is cached and resumable under build/bench-cache/lra (checkpoints
every minute; progress with ETA); the chip evaluations are cached per
(model, mapping, seed, time). Writes lra.{md,json,png} to --out (default
docs/results; build/bench-smoke with --smoke).

Usage (from the repository root, after scripts/build.sh build):
  PYTHONPATH=build/python-bindings nice -n 19 /usr/bin/python3 benchmarks/lra.py
"""

import argparse
import copy
import hashlib
import json
import math
import os
import sys
import time

import numpy as np

import common
import performer_training
from common import BenchError
from lra_chip import eval_task, sha_of

TASKS = ("listops", "image")
MODEL = {"dim": 64, "heads": 2, "depth": 2, "ffn_dim": 128,
         "n_features": 128, "feature_map": "favor_positive", "seed": 0,
         "redraw": False, "projection": "hadamard"}
# Test sequences on the chip at the later times by default (--drift-sequences),
# the image task's test set, and --smoke's sequences per split.
DRIFT_SEQUENCES = 1000
IMAGE_TEST_SEQUENCES = 10000
SMOKE_SEQUENCES = 300
TIMES = {"0 s": 0.0, "1 hour": 3600.0, "1 day": 86400.0,
         "1 month": 30 * 86400.0}
# The paper's (Buechel et al.) and LRA's reference numbers (percent).
REFERENCE = {"listops": {"ibm_float": 37.5, "lra_performer": 18.0}}
# Per-task defaults of the hardware-aware fine-tuning (LRA itself tunes its
# hyper-parameters per task): steps, noise policy, and model selection by
# validation accuracy every `select_every` steps (0: the last step).
HW_DEFAULTS = {"listops": {"hw_steps": 1000, "hw_policy": "all",
                           "hw_select_every": 0},
               "image": {"hw_steps": 3000, "hw_policy": "attention",
                         "hw_select_every": 250}}
# Per-task defaults of the float training: steps and peak learning rate
# (the warm-up is a tenth of the steps; the HW-aware rate a tenth of lr).
FLOAT_DEFAULTS = {"listops": {"steps": 10000, "lr": 1e-3},
                  "image": {"steps": 5000, "lr": 1e-3}}


def parse_args(argv):
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tasks", default="listops,image",
                   help="comma-separated tasks (listops, image)")
    p.add_argument("--image-size", type=int, default=14, choices=(14, 28),
                   help="image task: 14 (196 tokens, 2x2 average pooled; "
                        "default) or 28 (784 tokens)")
    p.add_argument("--listops-lengths", default="100,500",
                   help="ListOps min,max length (LRA: 500,2000; default "
                        "100,500)")
    p.add_argument("--listops-counts", default="50000,2000,2000",
                   help="ListOps train,validation,test sequences (LRA: "
                        "96000,2000,2000; default 50000,2000,2000)")
    p.add_argument("--steps", type=int, default=None,
                   help="float training steps (default per task: "
                        + _task_defaults("steps") + ")")
    p.add_argument("--hw-steps", type=int, default=None,
                   help="hardware-aware fine-tuning steps (default per "
                        "task: " + _task_defaults("hw_steps") + ")")
    p.add_argument("--batch", type=int, default=32, help="batch (32)")
    p.add_argument("--lr", type=float, default=None,
                   help="peak lr of the float training (default per task: "
                        + _task_defaults("lr") + ")")
    p.add_argument("--warmup", type=int, default=None,
                   help="warm-up steps (default a tenth of the steps)")
    p.add_argument("--weight-decay", type=float, default=1e-2,
                   help="AdamW weight decay (1e-2)")
    p.add_argument("--hw-policy", default=None, choices=("attention", "all"),
                   help="layers with noise in hardware-aware training: "
                        "attention (Omega only) or all (Omega and every "
                        "linear); default per task: "
                        + _task_defaults("hw_policy"))
    p.add_argument("--hw-select-every", type=int, default=None,
                   help="hardware-aware fine-tuning: keep the model with "
                        "the best validation accuracy, scored every N steps "
                        "and at the last (0: the last step); default per "
                        "task: " + _task_defaults("hw_select_every"))
    p.add_argument("--seeds", default="5",
                   help="chip seeds: a count, a,b,c or a-b (default 5)")
    p.add_argument("--times", default="0 s,1 hour,1 day,1 month",
                   help="inference times: " + ", ".join(TIMES))
    p.add_argument("--eval-sequences", type=int, default=0,
                   help="test sequences on the chip at the first time "
                        "(default 0: all of the task's test sequences)")
    p.add_argument("--drift-sequences", type=int, default=None,
                   help="test sequences on the chip at the later times "
                        "(the first of the --eval-sequences; default "
                        f"{DRIFT_SEQUENCES} or all if fewer, 0: all)")
    p.add_argument("--eval-batch", type=int, default=50,
                   help="sequences per chip call (default 50)")
    p.add_argument("--test-sequences", type=int, default=0,
                   help="validation/test sequences for the float "
                        "accuracies (default 0: all)")
    p.add_argument("--cache", default=None,
                   help="cache folder (default build/bench-cache/lra, "
                        "lra-smoke with --smoke)")
    p.add_argument("--threads", default="1",
                   help="torch threads: a number (default 1), or auto: all "
                        "cores while the rest of the machine is idle, one "
                        "while it is busy (checked every 50 steps)")
    p.add_argument("--train-only", action="store_true",
                   help="train (or resume) the models into the cache and "
                        "stop: no chip evaluation, no output files")
    common.add_sweep_options(p)
    common.add_output_options(
        p, "tiny run for tests: both tasks at 60 tokens, 30 + 10 steps, "
           "1 seed, 2 times, 20 test sequences")
    a = p.parse_args(argv)
    if a.smoke:
        a.listops_lengths, a.listops_counts = "10,60", "300,50,50"
        a.steps, a.hw_steps, a.seeds = 30, 10, "1"
        a.hw_select_every = 5 if a.hw_select_every is None \
            else a.hw_select_every
        a.times, a.eval_sequences, a.eval_batch = "0 s,1 day", 20, 10
        a.drift_sequences = 10
    common.check_sweep_options(a)
    a.out = a.out or common.default_out(a.smoke)
    a.tasks = common.parse_list(a.tasks, "tasks", allowed=TASKS)
    a.times = common.parse_list(a.times, "times", allowed=tuple(TIMES))
    a.seeds = common.parse_seeds(a.seeds)
    lengths = common.parse_list(a.listops_lengths, "listops-lengths",
                                convert=int)
    counts = common.parse_list(a.listops_counts, "listops-counts",
                               convert=int)
    if len(lengths) != 2 or not 0 <= lengths[0] < lengths[1] - 1 \
            or lengths[1] > 5000:
        raise BenchError("--listops-lengths: need min,max with "
                         "0 <= min < max - 1 and max <= 5000")
    if len(counts) != 3 or min(counts) < 1 or max(counts) > 200000:
        raise BenchError("--listops-counts: need train,val,test in "
                         "1..200000")
    a.listops_lengths, a.listops_counts = lengths, counts
    for name in ("steps", "hw_steps", "hw_select_every"):
        if getattr(a, name) is not None and getattr(a, name) < 0:
            raise BenchError(f"--{name.replace('_', '-')} must be >= 0")
    if a.batch < 1 or a.eval_batch < 1:
        raise BenchError("--batch and --eval-batch must be >= 1")
    for name in ("eval_sequences", "drift_sequences"):
        n = getattr(a, name)
        if n is not None and (n < 0 or n % a.eval_batch):
            raise BenchError(f"--{name.replace('_', '-')} must be 0 (all) "
                             f"or a positive multiple of --eval-batch "
                             f"({a.eval_batch})")
    if (a.lr is not None and not (a.lr > 0 and math.isfinite(a.lr))) or not (
            a.weight_decay >= 0 and math.isfinite(a.weight_decay)):
        raise BenchError("--lr must be positive, --weight-decay >= 0")
    if a.warmup is not None and a.warmup < 1:
        raise BenchError("--warmup must be >= 1")
    if a.threads != "auto":
        try:
            a.threads = int(a.threads)
        except ValueError:
            a.threads = 0
        if a.threads < 1:
            raise BenchError("--threads must be a number >= 1 or auto")
    if a.test_sequences < 0:
        raise BenchError("--test-sequences must be >= 0")
    if not a.train_only:   # fail before any training, not after a task
        for task in a.tasks:
            chip_sequences(a, test_count(a, task), task)
    for task in a.tasks:
        every, steps = (task_setting(a, task, "hw_select_every"),
                        task_setting(a, task, "hw_steps"))
        if every and every > steps:
            raise BenchError(f"--hw-select-every {every} exceeds the "
                             f"{task} task's {steps} HW-aware steps (no "
                             f"checkpoint would be scored before the last "
                             f"step); use 0 to keep the last step")
    return a


def _task_default(task, key):
    return {**FLOAT_DEFAULTS[task], **HW_DEFAULTS[task]}[key]


def _task_defaults(key):
    values = {t: _task_default(t, key) for t in TASKS}
    return ", ".join(f"{t} {v:g}" if isinstance(v, float) else f"{t} {v}"
                     for t, v in values.items())


def task_setting(a, task, key):
    """The value of the training option `key` (e.g. "lr", "hw_steps") for
    `task`: the command line's, else the task's default (FLOAT_DEFAULTS,
    HW_DEFAULTS; the warm-up a tenth of the task's steps)."""
    value = getattr(a, key)
    if value is not None:
        return value
    if key == "warmup":
        return max(1, task_setting(a, task, "steps") // 10)
    if key == "hw_select_every":
        # A default interval longer than the fine-tuning (--hw-steps on the
        # command line) would score the last step only: no selection.
        # (at the last step itself as well: the only score would be the
        # last step's)
        every = _task_default(task, key)
        return every if every < task_setting(a, task, "hw_steps") else 0
    return _task_default(task, key)


def sequences_per_time(a, total, task):
    """The chip's sequences at each of --times (the first, then the later
    times: chip_sequences)."""
    first, later = chip_sequences(a, total, task)
    return [first] + [later] * (len(a.times) - 1)


def test_count(a, task):
    """The number of test sequences of `task` under the options (known
    before its data are loaded, so that parse_args checks the chip's
    counts)."""
    n = IMAGE_TEST_SEQUENCES if task == "image" else a.listops_counts[2]
    if a.smoke:
        n = min(n, SMOKE_SEQUENCES)
    return min(n, a.test_sequences) if a.test_sequences else n


def chip_sequences(a, total, task):
    """(sequences on the chip at the first time, at the later times) of a
    task with `total` test sequences: the first --eval-sequences (0: all)
    and the first --drift-sequences of those (default DRIFT_SEQUENCES or
    all if fewer; 0: all)."""
    n = a.eval_sequences or total
    if n > total:
        raise BenchError(f"--eval-sequences {n}: the {task} task has only "
                         f"{total} test sequences")
    if n % a.eval_batch:
        raise BenchError(f"the {task} task's {n} test sequences are not a "
                         f"multiple of --eval-batch {a.eval_batch}: give "
                         f"--eval-sequences")
    if a.drift_sequences is None:
        return n, min(n, DRIFT_SEQUENCES)
    if a.drift_sequences > n:
        raise BenchError(f"--drift-sequences {a.drift_sequences} exceeds "
                         f"the {n} sequences of the {task} task at the "
                         f"first time")
    return n, a.drift_sequences or n


def key_of(params):
    return hashlib.sha256(json.dumps(params, sort_keys=True)
                          .encode()).hexdigest()[:12]


# ---------------------------------------------------------------------------
# Data.
# ---------------------------------------------------------------------------

def task_data(aimc, task, a, folder):
    """{"x_train", "y_train", "x_val", "y_val", "x_test", "y_test",
    "num_tokens", "seq_len", "config"}; ListOps is cached as .npz."""
    import aimc.lra
    if task == "image":
        x_tr, y_tr, x_te, y_te = aimc.lra.image_task(a.image_size)
        # The last 5000 training images are the validation set.
        return {"x_train": x_tr[:-5000], "y_train": y_tr[:-5000],
                "x_val": x_tr[-5000:], "y_val": y_tr[-5000:],
                "x_test": x_te, "y_test": y_te,
                "num_tokens": aimc.lra.IMAGE_LEVELS,
                "seq_len": a.image_size ** 2,
                "config": {"data": "fashion-mnist (Debian "
                           "dataset-fashion-mnist)",
                           "image_size": a.image_size,
                           "tokens": a.image_size ** 2,
                           "train": 55000, "val": 5000, "test": 10000}}
    lo, hi = a.listops_lengths
    n_tr, n_va, n_te = a.listops_counts
    config = {"min_length": lo, "max_length": hi, "max_depth": 10,
              "max_args": 10, "train": n_tr, "val": n_va, "test": n_te,
              "seeds": [0, 1, 2], "version": 1}
    path = os.path.join(folder, f"listops-{key_of(config)}.npz")
    if not os.path.exists(path):
        print(f"generating ListOps {n_tr}/{n_va}/{n_te} sequences of "
              f"{lo}..{hi} tokens", flush=True)
        t = time.time()
        parts = [aimc.lra.listops(n, seed, lo, hi)
                 for n, seed in zip((n_tr, n_va, n_te), (0, 1, 2))]
        arrays = {}
        for name, d in zip(("train", "val", "test"), parts):
            arrays["x_" + name], arrays["y_" + name] = d.tokens, d.labels
        os.makedirs(folder, exist_ok=True)
        tmp = path + ".tmp.npz"
        np.savez_compressed(tmp, **arrays)
        os.replace(tmp, path)
        print(f"  generated in {time.time() - t:.0f} s", flush=True)
    with np.load(path) as f:
        out = {k: f[k] for k in f.files}
    out.update(num_tokens=aimc.lra.LISTOPS_TOKENS, seq_len=hi,
               config=config)
    return out


# ---------------------------------------------------------------------------
# Training.
# ---------------------------------------------------------------------------

def make_model(data):
    import aimc.nn
    return aimc.nn.PerformerClassifier(
        num_tokens=data["num_tokens"], seq_len=data["seq_len"],
        n_classes=10, **MODEL)


def accuracy(model, x, y):
    """Percent correct of `model` (float, eval mode) on x, y."""
    return 100.0 * performer_training.accuracy(model, x, y)


def train(model, data, params, path, label, hw=False, threads=1,
          select=None):
    """Trains `model` in place for params["steps"] AdamW steps (linear
    warm-up over params["warmup"] steps, then cosine decay), resumable
    from `path` (performer_training.train). With hw, weights are clipped
    after every step (aimc.nn.clip_weights). Returns the training state
    (seconds, val/test accuracy of the float model in eval mode). select:
    performer_training.train's model selection."""
    import aimc.nn
    steps, warmup = params["steps"], params["warmup"]

    def factor(t):
        if t < warmup:
            return (t + 1) / warmup
        return 0.5 * (1 + math.cos(math.pi * (t - warmup)
                                   / max(1, steps - warmup)))

    def finish(m):
        return {"val_accuracy": accuracy(m, data["x_val"], data["y_val"]),
                "test_accuracy": accuracy(m, data["x_test"],
                                          data["y_test"])}
    state, trained = performer_training.train(
        model, data["x_train"], data["y_train"], params, path, factor,
        label, data_seed=params["seed"], log=lambda m: print(m, flush=True),
        threads=threads, after_step=aimc.nn.clip_weights if hw else None,
        finish=finish, show_path=os.path.relpath(path, common.REPO),
        select=select)
    if trained:
        print(f"{label}: trained in {state['seconds']:.0f} s; validation "
              f"{state['val_accuracy']:.2f}%, test "
              f"{state['test_accuracy']:.2f}% (float, eval mode)",
              flush=True)
    return state


def train_task(task, data, a, folder):
    """(float model, float info, hw model (float modules), hw info)."""
    import torch
    import aimc.nn
    performer_training.set_threads(a.threads)
    base = {"task": task, "data": data["config"], "model": MODEL,
            "batch": a.batch, "weight_decay": a.weight_decay, "seed": 0,
            "version": 1}
    lr = task_setting(a, task, "lr")
    fparams = dict(base, steps=task_setting(a, task, "steps"),
                   warmup=task_setting(a, task, "warmup"), lr=lr)
    torch.manual_seed(0)
    model = make_model(data)
    fpath = os.path.join(folder, f"{task}-float-{key_of(fparams)}.pt")
    fstate = train(model, data, fparams, fpath, f"{task} float",
                   threads=a.threads)
    hw_steps = task_setting(a, task, "hw_steps")
    policy = task_setting(a, task, "hw_policy")
    every = task_setting(a, task, "hw_select_every")
    hparams = dict(base, steps=hw_steps, lr=lr / 10,
                   warmup=max(1, hw_steps // 10), from_float=fparams,
                   chip="hermes", policy=policy,
                   recipe=aimc.nn.chip_training_config("hermes"))
    if every:  # absent otherwise: the cache keys of earlier runs hold
        hparams["select_every"] = every
    torch.manual_seed(1)
    hw = aimc.nn.hardware_aware(copy.deepcopy(model), chip="hermes",
                                policy=policy)
    hpath = os.path.join(folder, f"{task}-hw-{key_of(hparams)}.pt")
    hstate = train(hw, data, hparams, hpath, f"{task} hw-aware", hw=True,
                   threads=a.threads, select=(every, lambda m: accuracy(
                       m, data["x_val"], data["y_val"])) if every else None)
    info = lambda p, s, path: {
        "steps": p["steps"], "lr": p["lr"], "warmup": p["warmup"],
        "train_seconds": round(s["seconds"], 1),
        "val_accuracy": s["val_accuracy"],
        "test_accuracy": s["test_accuracy"],
        "checkpoint": os.path.relpath(path, common.REPO)}
    hinfo = dict(info(hparams, hstate, hpath), policy=policy)
    if every:
        hinfo.update(select_every=every,
                     selected_step=hstate["selected_step"],
                     val_scores=hstate["scores"])
    return (model.eval(), info(fparams, fstate, fpath),
            aimc.nn.strip_analog(hw).eval(), hinfo)


# ---------------------------------------------------------------------------
# The chip.
# ---------------------------------------------------------------------------

def write_once(path, write):
    """Calls write(tmp) and renames tmp to path, unless path exists;
    returns (path, its sha256)."""
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = path + ".tmp"
        write(tmp)
        os.replace(tmp, path)
    return path, sha_of(path)


def eval_inputs(aimc, task, models, data, a, folder):
    """What the chip tasks read, written once into the cache folder (a
    cluster's workers need it at the same path): every model exported with
    aimc.torch.export (batch --eval-batch) and the first --eval-sequences
    test sequences. {name: (path, sha)} and (path, sha) of the data."""
    import aimc.torch
    import torch
    n = chip_sequences(a, len(data["y_test"]), task)[0]
    x = np.ascontiguousarray(data["x_test"][:n])
    y = np.ascontiguousarray(data["y_test"][:n])
    sub = os.path.join(folder, "eval-inputs")
    key = hashlib.sha256(x.tobytes() + y.tobytes()).hexdigest()[:12]

    def save_data(tmp):
        with open(tmp, "wb") as f:
            np.savez(f, x=x, y=y)
    data_file = write_once(os.path.join(sub, f"test-{key}.npz"), save_data)
    modules = {}
    for name, (model, model_key) in models.items():
        path = os.path.join(sub, f"{key_of([model_key, a.eval_batch])}.mlir")

        def export(tmp, model=model):
            text = aimc.torch.export(model, torch.from_numpy(
                x[:a.eval_batch]))
            with open(tmp, "w") as f:
                f.write(text)
        modules[name] = write_once(path, export)
    return modules, data_file


def evaluate_task(aimc, task, data, models, a, folder):
    """{"float" | "hw": {policy: {time label: [per-seed results]}}}: one
    aimc.sweep task per model, mapping and chip seed (all times in it), run
    in this process (--jobs 1), on local Dask workers (--jobs N) or on a
    Dask scheduler (--scheduler), cached under the cache folder's
    sweep-eval (keyed by the task, the aimc build and the code of lra_chip
    and common, not of this script: its report and defaults can change
    without recomputing the chip)."""
    from aimc import sweep
    modules, (data_path, data_sha) = eval_inputs(aimc, task, models, data,
                                                 a, folder)
    times = [TIMES[label] for label in a.times]
    sequences = sequences_per_time(a, len(data["y_test"]), task)
    tasks = [{"version": 4, "task": task, "model": models[name][1],
              "module": modules[name][0], "module_sha": modules[name][1],
              "data": data_path, "data_sha": data_sha, "policy": policy,
              "seed": seed, "times": times, "sequences": sequences,
              "batch": a.eval_batch}
             for name in models for policy in ("attention", "all")
             for seed in a.seeds]
    client, jobs, where = common.sweep_target(a)
    print(f"  {task}: {len(tasks)} chip tasks ({len(models)} models x 2 "
          f"mappings x {len(a.seeds)} seeds, {len(times)} times each) on "
          f"{where}", flush=True)
    names = {v[0]: k for k, v in modules.items()}

    def report(i, t, result, info):
        print(f"  {task} chip {names[t['module']]:5s} {t['policy']:9s} seed "
              f"{t['seed']}: " + ", ".join(
                  f"{label} {acc:.2f}%" for label, acc in
                  zip(a.times, result["accuracy"]))
              + (" (cached)" if info["cached"] else
                 f" ({info['seconds']:.0f} s)"), flush=True)

    results = sweep.run(tasks, eval_task, client=client,
                        cache=os.path.join(folder, "sweep-eval"),
                        progress=sys.stderr.isatty(), jobs=jobs,
                        modules=[common], on_result=report, desc=task)
    out = {name: {policy: {label: [] for label in a.times}
                  for policy in ("attention", "all")} for name in models}
    for t, r in zip(tasks, results):
        name = names[t["module"]]
        for label, acc, pred in zip(a.times, r["accuracy"],
                                    r["predictions"]):
            entry = {k: v for k, v in r.items()
                     if k not in ("accuracy", "seconds", "predictions")}
            entry["accuracy"] = acc
            entry["predictions"] = np.asarray(pred)
            out[name][t["policy"]][label].append(entry)
    return out


def summary(task, data, finfo, hinfo, chip, a):
    """The lra.json entry of one task."""
    def stats(res):
        acc = [r["accuracy"] for r in res]
        return float(np.mean(acc)), float(np.std(acc)), acc

    t0 = a.times[0]
    hw, fl = chip["hw"], chip["float"]
    n_eval, n_drift = chip_sequences(a, len(data["y_test"]), task)
    mean, std, per_seed = stats(hw["attention"][t0])
    entry = {
        "float_accuracy": finfo["test_accuracy"],
        "hw_float_accuracy": hinfo["test_accuracy"],
        "chip_accuracy": mean, "chip_accuracy_std": std,
        "chip_accuracy_per_seed": per_seed,
        "chip_accuracy_all": stats(hw["all"][t0])[0],
        "chip_accuracy_all_std": stats(hw["all"][t0])[1],
        "non_hw_aware": {
            "float_accuracy": finfo["test_accuracy"],
            "chip_accuracy": stats(fl["attention"][t0])[0],
            "chip_accuracy_std": stats(fl["attention"][t0])[1],
            "chip_accuracy_all": stats(fl["all"][t0])[0],
            "chip_accuracy_all_std": stats(fl["all"][t0])[1]},
        "seeds": a.seeds,
        "drift": {name: {policy: {label: {
            "mean": stats(chip[name][policy][label])[0],
            "std": stats(chip[name][policy][label])[1]}
            for label in a.times} for policy in ("attention", "all")}
            for name in ("hw", "float")},
        "drift_first_time_on_drift_sequences":
            first_time_on_drift_sequences(task, chip, data, a),
        "float_accuracy_eval_subset": None,
        "config": {"data": data["config"], "model": MODEL,
                   "seq_len": data["seq_len"],
                   "num_tokens": data["num_tokens"],
                   "float_training": finfo, "hw_training": hinfo,
                   "hw_policy": hinfo["policy"], "batch": a.batch,
                   "weight_decay": a.weight_decay,
                   "eval_sequences": n_eval, "drift_sequences": n_drift,
                   "times_s": {k: TIMES[k] for k in a.times},
                   "chip": "hermes", "drift_compensation": "global"}}
    for policy, suffix in (("attention", ""), ("all", "_all")):
        r = hw[policy][t0][0]
        entry["energy_per_sequence_j" + suffix] = r["energy_j"]
        entry["latency_per_sequence_s" + suffix] = \
            r["analog_latency_s"] + r["digital_latency_s"]
        entry["cost" + suffix] = {k: r[k] for k in (
            "tiles", "analog_energy_j", "digital_energy_j",
            "analog_latency_s", "digital_latency_s", "analog_mvms",
            "digital_operations")}
    return entry


def first_time_on_drift_sequences(task, chip, data, a):
    """{"hw" | "float": {mapping: {mean, std}}}: the accuracy at the first
    time on the sequences of the later times (the first --drift-sequences),
    so that the drift table compares every time on the same sequences."""
    n = chip_sequences(a, len(data["y_test"]), task)[1]
    y = data["y_test"][:n]
    out = {}
    for name in ("hw", "float"):
        for policy in ("attention", "all"):
            acc = [100.0 * float(_correct(r["predictions"][:n], y).mean())
                   for r in chip[name][policy][a.times[0]]]
            out.setdefault(name, {})[policy] = {
                "mean": float(np.mean(acc)), "std": float(np.std(acc))}
    return out


def float_accuracies_on_chip_sequences(fpred, hpred, y, n_drift):
    """The float and the HW-aware model in float (predictions fpred, hpred
    of the chip's sequences, labels y) on the chip's sequences of the
    first time and on the first n_drift of them (the later times)."""
    out = {}
    for prefix, pred in (("", fpred), ("hw_", hpred)):
        out[prefix + "float_accuracy_eval_subset"] = 100.0 * float(
            _correct(pred, y).mean())
        out[prefix + "float_accuracy_drift_subset"] = 100.0 * float(
            _correct(pred[:n_drift], y[:n_drift]).mean())
    return out


def _correct(pred, y):
    return (np.asarray(pred) == y).astype(float)


def se_text(se):
    """A paired difference's standard error for the report: undefined
    (None) with a single sequence."""
    return "n/a (1 sequence)" if se is None else f"{se:.2f}"


def paired_differences(chip, fpred, hpred, y):
    """Paired differences of accuracy (percent) over the same sequences,
    with their standard error from the per-sequence predictions: the
    per-sequence difference d_i of (chip: the mean over seeds of) being
    correct, mean(d) and std(d) / sqrt(n). This is the sampling error of
    the sequences, which the seeds' std does not contain (every seed runs
    the same sequences)."""
    t0 = next(iter(chip["hw"]["attention"]))
    f, h = _correct(fpred, y), _correct(hpred, y)
    on_chip = {(name, policy): np.mean([_correct(r["predictions"], y)
                                        for r in chip[name][policy][t0]],
                                       axis=0)
               for name in ("hw", "float") for policy in ("attention", "all")}
    rows = {
        "hw_chip_attention_minus_float": on_chip["hw", "attention"] - f,
        "hw_chip_all_minus_float": on_chip["hw", "all"] - f,
        "float_chip_attention_minus_float": on_chip["float", "attention"] - f,
        "hw_float_minus_float": h - f,
        "hw_chip_attention_minus_hw_float": on_chip["hw", "attention"] - h,
        "hw_chip_attention_minus_float_chip_attention":
            on_chip["hw", "attention"] - on_chip["float", "attention"]}
    return {k: {"mean": 100.0 * float(d.mean()),
                "se": 100.0 * float(d.std(ddof=1) / math.sqrt(len(d)))
                if len(d) > 1 else None}
            for k, d in rows.items()}


def digital_estimate(aimc, model, data, a):
    """Energy and latency per sequence with every op digital, from the
    executor's digital cost model: the same model with nothing on
    crossbars (policy "attention", min_size larger than any matrix)."""
    import aimc.torch
    import torch
    x = data["x_test"][:a.eval_batch]
    text = aimc.torch.export(model, torch.from_numpy(x))
    sess = aimc.Session(text, chip="hermes", policy="attention",
                        min_size=1 << 40)
    if sess.num_tiles:
        raise BenchError("digital estimate: ops were still mapped to tiles")
    sess.run("forward", [x])
    c = aimc.torch.per_sequence(sess.report(), len(x))
    return {"energy_j": c["total_energy_j"],
            "latency_s": c["digital"]["latency_s"],
            "operations": c["digital"]["operations"]}


# ---------------------------------------------------------------------------
# Reports.
# ---------------------------------------------------------------------------

def command_line(a, argv):
    return ("PYTHONPATH=build/python-bindings nice -n 19 /usr/bin/python3 "
            "benchmarks/lra.py" + "".join(
                " " + (f"'{x}'" if " " in x else x) for x in argv))


def write_outputs(out, result, a, argv):
    os.makedirs(out, exist_ok=True)
    common.write_atomic(os.path.join(out, "lra.json"),
                        json.dumps(result, indent=1, sort_keys=True) + "\n")
    rows, drift = [], []
    any_subset = any(has_drift_subset(e, a)
                     for e in result["tasks"].values())
    for task, e in result["tasks"].items():
        n = e["non_hw_aware"]
        rows.append([task, f"{e['float_accuracy']:.2f}",
                     f"{e['float_accuracy_eval_subset']:.2f}",
                     f"{n['chip_accuracy']:.2f} ± {n['chip_accuracy_std']:.2f}",
                     f"{n['chip_accuracy_all']:.2f} ± "
                     f"{n['chip_accuracy_all_std']:.2f}",
                     f"{e['hw_float_accuracy']:.2f}",
                     f"{e['hw_float_accuracy_eval_subset']:.2f}",
                     f"{e['chip_accuracy']:.2f} ± {e['chip_accuracy_std']:.2f}",
                     f"{e['chip_accuracy_all']:.2f} ± "
                     f"{e['chip_accuracy_all_std']:.2f}",
                     f"{e['chip_accuracy'] - e['float_accuracy_eval_subset']:+.2f}"
                     f" ± {se_text(e['paired_differences']['hw_chip_attention_minus_float']['se'])}"])
        for name in ("hw", "float"):
            for policy in ("attention", "all"):
                d = e["drift"][name][policy]
                cells = [f"{d[t]['mean']:.2f} ± {d[t]['std']:.2f}"
                         for t in a.times]
                if any_subset:
                    first = e["drift_first_time_on_drift_sequences"][name][
                        policy]
                    cells.insert(1, f"{first['mean']:.2f} ± "
                                    f"{first['std']:.2f}"
                                 if has_drift_subset(e, a) else "—")
                drift.append([task, "HW-aware" if name == "hw" else "float",
                              policy] + cells)
    paired_names = [
        ("hw_chip_attention_minus_float",
         "HW-aware on chip (attention) − float model"),
        ("hw_chip_all_minus_float", "HW-aware on chip (all) − float model"),
        ("float_chip_attention_minus_float",
         "float model on chip (attention) − float model"),
        ("hw_float_minus_float", "HW-aware in float − float model"),
        ("hw_chip_attention_minus_hw_float",
         "HW-aware on chip (attention) − HW-aware in float"),
        ("hw_chip_attention_minus_float_chip_attention",
         "HW-aware on chip − float model on chip (attention)")]
    paired = [[task, label, f"{e['paired_differences'][k]['mean']:+.2f}",
               se_text(e['paired_differences'][k]['se'])]
              for task, e in result["tasks"].items()
              for k, label in paired_names]
    costs = []
    for task, e in result["tasks"].items():
        for suffix, policy in (("", "attention"), ("_all", "all")):
            c = e["cost" + suffix]
            costs.append([task, policy, c["tiles"], f"{c['analog_mvms']:.0f}",
                          f"{e['energy_per_sequence_j' + suffix]:.3e}",
                          f"{e['latency_per_sequence_s' + suffix]:.3e}"])
        d = e["digital_estimate"]
        costs.append([task, "digital only", 0, "0",
                      f"{d['energy_j']:.3e}", f"{d['latency_s']:.3e}"])
    defaults = vars(parse_args([]))
    reduced = [f"--{k.replace('_', '-')} {v} (default "
               f"{'per task' if defaults[k] is None else defaults[k]})"
               for k, v in sorted(vars(a).items())
               if k not in ("out", "smoke", "tasks", "threads", "cache",
                            "train_only", "jobs", "scheduler")
               and v != defaults[k]]
    goals = []
    for task, e in result["tasks"].items():
        gap = e["chip_accuracy"] - e["float_accuracy_eval_subset"]
        goals.append(f"- {task}: HW-aware chip (attention) within 1 point of "
                     f"float on the same sequences: "
                     f"{'met' if gap >= -1 else 'missed'} ({gap:+.2f}).")
        target = {"listops": 35.0, "image": 75.0}[task]
        f = e["float_accuracy"]
        goals.append(f"- {task}: float ≥ {target:g}%: "
                     + ("met" if f >= target else
                        f"missed by {target - f:.2f} points")
                     + f" ({f:.2f}%).")
    cfg_lines = []
    for task, e in result["tasks"].items():
        c = e["config"]
        cfg_lines.append(
            f"- **{task}**: {c['seq_len']} tokens ({c['num_tokens']} token "
            f"values), data {json.dumps(c['data'], sort_keys=True)}; float "
            f"training {c['float_training']['steps']} steps (lr "
            f"{c['float_training']['lr']:g}, warm-up "
            f"{c['float_training']['warmup']}, "
            f"{c['float_training']['train_seconds']:.0f} s), HW-aware "
            f"{c['hw_training']['steps']} steps (lr "
            f"{c['hw_training']['lr']:g}, policy "
            f"{c['hw_training']['policy']!r}"
            + (f", the model of step {c['hw_training']['selected_step']} "
               f"selected by validation accuracy (scored every "
               f"{c['hw_training']['select_every']} steps)"
               if c['hw_training'].get('select_every') else "")
            + f", {c['hw_training']['train_seconds']:.0f} s); chip: first "
            f"{c['eval_sequences']} test sequences"
            + (f" (at the later times of the drift table the first "
               f"{c['drift_sequences']})"
               if has_drift_subset(e, a) else "") + ".")
    md = [
        "# Long Range Arena tasks on the simulated HERMES chip",
        "",
        f"Produced by `{command_line(a, argv)}` "
        f"(protocol: [docs/LRA.md](../LRA.md)); this invocation took "
        f"{result['seconds']:.0f} s (stages found in the cache under "
        f"build/bench-cache/lra cost nothing; the training times are in the "
        f"task lines below).",
        "",
        "Model: aimc.nn.PerformerClassifier, 2 layers, 2 heads, width 64, "
        "FFN 128, 128 projections (FAVOR+), Ω fixed (not redrawn); batch "
        f"{a.batch}, AdamW, weight decay {a.weight_decay:g}, linear warm-up "
        "then cosine decay. HW-aware: fine-tuned from the float checkpoint "
        "at lr/10 with aimc.nn.hardware_aware(policy=...) (per task, "
        "below). "
        f"Chip: simulated HERMES, seeds {a.seeds}, t = {a.times[0]} for the "
        "main columns, global drift compensation. Accuracies in percent "
        "(chip: mean ± std over seeds).",
        "",
        *cfg_lines,
        "",
        ("**Reduced run** — settings differing from the script's defaults: "
         + "; ".join(reduced) + "." if reduced else
         "All settings are the script's defaults."),
        "",
        "Goals of the issue (docs/LRA.md):",
        "",
        *goals,
        "",
        common.markdown_table(
            ["task", "float (test set)", "float (chip's sequences)",
             "float model on chip (attention)",
             "float model on chip (all)", "HW-aware in float (test set)",
             "HW-aware in float (chip's sequences)",
             "HW-aware on chip (attention)", "HW-aware on chip (all)",
             "HW-aware chip (attention) − float, same sequences (± SE)"],
            rows),
        "",
        "\"test set\": all test sequences, or the first --test-sequences "
        "when given; the HW-aware model's is that of its training, in eval "
        "mode with its 8-bit input quantisers (no noise). "
        "The chip columns use the first --eval-sequences test sequences "
        "(default: all); the \"chip's sequences\" columns give the float "
        "models on exactly those (the HW-aware model as exported: without "
        "the quantisers, whose ranges the chip does not take), and the last "
        "column compares with them.",
        "",
        "## Paired differences on the chip's sequences",
        "",
        "Percentage points at t = " + a.times[0] + "; chip: the mean over "
        "seeds per sequence. SE: the standard error of the mean of the "
        "per-sequence differences (the sampling error of the sequences, "
        "which the seeds' std does not contain: every seed runs the same "
        "sequences).",
        "",
        common.markdown_table(["task", "difference", "mean", "SE"], paired),
        "",
        "## Drift (global drift compensation)",
        "",
        *(["The later times run on the first --drift-sequences of the "
           "chip's sequences; the column \"" + a.times[0] + ", drift "
           "sequences\" gives the first time on those, so that every time "
           "after it is read against it (— where the later times ran on "
           "all of them).", ""] if any_subset else []),
        common.markdown_table(
            ["task", "model", "mapping", a.times[0]]
            + ([a.times[0] + ", drift sequences"] if any_subset else [])
            + list(a.times[1:]), drift),
        "",
        *drift_notes(result, a),
        "## Cost per sequence (HW-aware model, t = 0; executor's report)",
        "",
        common.markdown_table(["task", "mapping", "tiles", "analog MVMs",
                               "energy (J)", "latency (s)"], costs),
        "",
    ]
    common.write_atomic(os.path.join(out, "lra.md"), "\n".join(md))
    plot(out, result, a)


def has_drift_subset(e, a):
    """Whether the task's later times ran on fewer sequences than its
    first (--drift-sequences below the chip's sequences)."""
    c = e["config"]
    return len(a.times) > 1 and c["drift_sequences"] < c["eval_sequences"]


def drift_notes(result, a):
    """The sequences behind the drift table's columns, and the float
    accuracies on those of the later times (lines of lra.md)."""
    lines = []
    for task, e in result["tasks"].items():
        c = e["config"]
        if not has_drift_subset(e, a):
            continue
        lines.append(
            f"- {task}: {a.times[0]} on the first {c['eval_sequences']} test "
            f"sequences, the later times on the first "
            f"{c['drift_sequences']}; on those, in float, the float model "
            f"gets {e['float_accuracy_drift_subset']:.2f}%, the HW-aware "
            f"model {e['hw_float_accuracy_drift_subset']:.2f}%.")
    return lines + [""] if lines else []


def plot(out, result, a):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    tasks = list(result["tasks"])
    fig, axes = plt.subplots(1, len(tasks), figsize=(5 * len(tasks), 3.6),
                             squeeze=False)
    x = np.arange(len(a.times))
    for ax, task in zip(axes[0], tasks):
        e = result["tasks"][task]
        subset = has_drift_subset(e, a)
        for name, style in (("hw", "-"), ("float", "--")):
            for policy, color in (("attention", "C0"), ("all", "C1")):
                d = e["drift"][name][policy]
                mean = [d[t]["mean"] for t in a.times]
                std = [d[t]["std"] for t in a.times]
                label = (f"{'HW-aware' if name == 'hw' else 'float'} model, "
                         f"{policy}")
                if subset:
                    # The curve over time on the drift sequences (hollow at
                    # the first time); the first time on all of them apart.
                    first = e["drift_first_time_on_drift_sequences"][name][
                        policy]
                    mean[0], std[0] = first["mean"], first["std"]
                    ax.errorbar([-0.15], [d[a.times[0]]["mean"]],
                                [d[a.times[0]]["std"]], fmt="o",
                                color=color, capsize=3)
                ax.errorbar(x, mean, std, fmt="o" + style, color=color,
                            capsize=3, label=label,
                            mfc="none" if subset else color)
        # The float model in float on the same sequences: all of the
        # chip's at the first time, the drift sequences after it.
        ax.hlines(e["float_accuracy_eval_subset"], -0.3, 0.3, colors="k",
                  lw=1.2, label="float model, float (same sequences)")
        if subset:
            ax.hlines(e["float_accuracy_drift_subset"], -0.3,
                      len(a.times) - 0.7, colors="k", lw=0.8,
                      linestyles=":", label="float model, float (drift "
                      "sequences; hollow markers)")
        ax.set_xticks(x)
        ax.set_xticklabels(a.times)
        ax.set_title(task)
        ax.set_ylabel("test accuracy (%)")
        ax.set_xlabel("time after programming")
    axes[0][0].legend(fontsize=6, loc="lower left", framealpha=0.7)
    fig.tight_layout()
    common.write_figure_atomic(fig, os.path.join(out, "lra.png"), dpi=110)
    plt.close(fig)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    a = parse_args(argv)
    aimc = common.import_aimc()
    if aimc.__dict__.get("_aimc") is None:
        raise BenchError("the compiled aimc extension is needed: build aimc "
                         "and run with PYTHONPATH=build/python-bindings")
    try:
        import torch  # noqa: F401
    except ImportError:
        raise BenchError("python3-torch is needed (scripts/install-deps.sh)")
    started = time.time()
    folder = a.cache or os.path.join(common.REPO, "build", "bench-cache",
                                     "lra-smoke" if a.smoke else "lra")
    result = {"tasks": {}}
    for task in a.tasks:
        data = task_data(aimc, task, a, folder)
        if a.smoke:  # tiny: the first sequences / 60 tokens of each split
            for s in ("train", "val", "test"):
                data["x_" + s] = np.ascontiguousarray(
                    data["x_" + s][:SMOKE_SEQUENCES, :60])
                data["y_" + s] = data["y_" + s][:SMOKE_SEQUENCES]
            data["seq_len"] = 60
            data["config"] = dict(data["config"], smoke_tokens=60,
                                  smoke_sequences=SMOKE_SEQUENCES)
        if a.test_sequences:
            for s in ("val", "test"):
                data["x_" + s] = data["x_" + s][:a.test_sequences]
                data["y_" + s] = data["y_" + s][:a.test_sequences]
            data["config"] = dict(data["config"],
                                  test_sequences=a.test_sequences)
        model, finfo, hw, hinfo = train_task(task, data, a, folder)
        if a.train_only:
            continue
        models = {"hw": (hw, hinfo["checkpoint"]),
                  "float": (model, finfo["checkpoint"])}
        chip = evaluate_task(aimc, task, data, models, a, folder)
        entry = summary(task, data, finfo, hinfo, chip, a)
        entry["digital_estimate"] = digital_estimate(aimc, hw, data, a)
        n_eval, n_drift = chip_sequences(a, len(data["y_test"]), task)
        x_eval = data["x_test"][:n_eval]
        y_eval = data["y_test"][:n_eval]
        fpred = performer_training.predict(model, x_eval)
        hpred = performer_training.predict(hw, x_eval)
        entry.update(float_accuracies_on_chip_sequences(fpred, hpred,
                                                        y_eval, n_drift))
        entry["paired_differences"] = paired_differences(
            chip, fpred, hpred, y_eval)
        result["tasks"][task] = entry
    if a.train_only:
        print(f"trained {', '.join(a.tasks)} in "
              f"{time.time() - started:.0f} s (--train-only: no chip "
              f"evaluation)")
        return 0
    result["seconds"] = round(time.time() - started, 1)
    result["command"] = command_line(a, argv)
    result["reference"] = REFERENCE
    write_outputs(a.out, result, a, argv)
    print(f"total time {result['seconds']:.0f} s; wrote "
          f"{os.path.join(a.out, 'lra.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(common.main_guard(main))
