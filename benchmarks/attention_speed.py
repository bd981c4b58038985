#!/usr/bin/python3
"""Attention throughput: a Performer classifier at Long-Range-Arena size on
the simulated chip against the same model in torch float32 on the CPU, in
one run.

The model is aimc.nn.PerformerClassifier with the paper's LRA configuration
(2 layers, 2 heads, width 64, FFN 128, 128 FAVOR+ projections; seeded,
untrained: throughput does not depend on the weights) for a task's sequence
length and vocabulary (--task image: 1024 pixels of 256 levels, the LRA
"image" task; listops: 2000 tokens of 16). It is exported once with
aimc.torch.export and compiled onto the simulated HERMES chip
(aimc.Session, --policy attention: the FAVOR+ projections on crossbars;
all: every weight matrix), then

  chip:  sess.run("forward", [tokens]) batch by batch (analog projections
         with programming/read noise and 8-bit converters, the rest as
         compiled digital code);
  torch: model(tokens) under torch.no_grad(), float32, torch's default
         threads (both cores);

on the same --sequences random token sequences, best of --repeats. Prints
sequences per second of both and the ratio chip / torch (above 1: the chip
simulation is faster). Writes docs/results/attention-speed.md and .json.

Usage (from the repository root, after scripts/build.sh build):
  PYTHONPATH=build/python-bindings /usr/bin/python3 benchmarks/attention_speed.py
"""

import argparse
import sys
import time

import numpy as np

import common
from common import BenchError

TASKS = {
    # name: (seq_len, num_tokens, n_classes): LRA's image and ListOps.
    "image": (1024, 256, 10),
    "listops": (2000, 16, 10),
}
MODEL = {"dim": 64, "heads": 2, "depth": 2, "ffn_dim": 128,
         "n_features": 128, "feature_map": "favor_positive", "seed": 0,
         "redraw": False, "projection": "hadamard"}


def parse_args(argv):
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tasks", default="image,listops",
                   help="comma-separated subset of " + ", ".join(TASKS))
    p.add_argument("--policy", default="attention",
                   choices=("attention", "all"),
                   help="which matrices go onto crossbars (default "
                        "attention: the FAVOR+ projections)")
    p.add_argument("--sequences", type=int, default=32,
                   help="sequences timed per repeat (default 32)")
    p.add_argument("--batch", type=int, default=16,
                   help="sequences per compiled call (default 16)")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--seed", type=int, default=0)
    common.add_output_options(
        p, "tiny run for tests: image at 64 tokens, 8 sequences, 1 repeat")
    a = p.parse_args(argv)
    a.seq_len_override = None
    if a.smoke:
        a.tasks, a.sequences, a.batch, a.repeats = "image", 8, 4, 1
        a.seq_len_override = 64
    a.out = a.out or common.default_out(a.smoke)
    a.tasks = common.parse_list(a.tasks, "tasks", TASKS)
    for name in ("sequences", "batch", "repeats"):
        if getattr(a, name) < 1:
            raise BenchError(f"--{name} must be at least 1")
    if a.sequences % a.batch:
        raise BenchError("--sequences must be a multiple of --batch")
    return a


def best_time(fn, repeats):
    best = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
    return best


def run_task(aimc, a, name):
    import torch
    import aimc.nn
    import aimc.torch
    seq_len, num_tokens, n_classes = TASKS[name]
    seq_len = a.seq_len_override or seq_len
    torch.manual_seed(a.seed)
    model = aimc.nn.PerformerClassifier(num_tokens=num_tokens,
                                        seq_len=seq_len,
                                        n_classes=n_classes, **MODEL).eval()
    rng = np.random.default_rng(a.seed)
    tokens = rng.integers(0, num_tokens, size=(a.sequences, seq_len),
                          dtype=np.int64)
    t0 = time.perf_counter()
    text = aimc.torch.export(model, torch.from_numpy(tokens[:a.batch]))
    sess = aimc.Session(text, chip="hermes", policy=a.policy, seed=a.seed)
    t_setup = time.perf_counter() - t0
    batches = [tokens[i:i + a.batch] for i in range(0, len(tokens), a.batch)]

    def chip():
        return np.concatenate([np.asarray(sess.run("forward", [b])[0])
                               for b in batches])

    def cpu():
        with torch.no_grad():
            return torch.cat([model(torch.from_numpy(b))
                              for b in batches]).numpy()

    t_chip = best_time(chip, a.repeats)
    t_torch = best_time(cpu, a.repeats)
    chip_logits, cpu_logits = chip(), cpu()
    agreement = float(np.mean(chip_logits.argmax(-1) == cpu_logits.argmax(-1)))
    result = {
        "task": name, "seq_len": seq_len, "num_tokens": num_tokens,
        "policy": a.policy, "sequences": a.sequences, "batch": a.batch,
        "tiles": sess.num_tiles, "setup_s": t_setup,
        "seconds": {"chip": t_chip, "torch float32": t_torch},
        "sequences_per_s": {"chip": a.sequences / t_chip,
                            "torch float32": a.sequences / t_torch},
        "ratio_chip_vs_torch": t_torch / t_chip,
        "argmax_agreement": agreement,
        "torch_threads": torch.get_num_threads(),
    }
    print(f"{name}: {seq_len} tokens, policy {a.policy}, "
          f"{result['tiles']} tiles, batch {a.batch}", flush=True)
    for k, v in result["sequences_per_s"].items():
        print(f"  {k:14s} {v:9.1f} sequences/s", flush=True)
    print(f"  ratio chip / torch float32 (throughput) = "
          f"{result['ratio_chip_vs_torch']:.3f}", flush=True)
    return result


def markdown(results, a, elapsed, load=(None, None)):
    head = ["task", "tokens", "tiles", "chip [seq/s]", "torch f32 [seq/s]",
            "chip / torch", "argmax agreement"]
    body = [[r["task"], str(r["seq_len"]), str(r["tiles"]),
             f"{r['sequences_per_s']['chip']:.1f}",
             f"{r['sequences_per_s']['torch float32']:.1f}",
             f"{r['ratio_chip_vs_torch']:.3f}",
             f"{100 * r['argmax_agreement']:.0f}%"] for r in results]
    cmd = common.timing_command("attention_speed.py", sys.argv[1:])
    return "\n".join([
        "# Attention throughput: simulated chip vs torch",
        "",
        "Generated by `benchmarks/attention_speed.py`; see "
        "[../Benchmarks.md](../Benchmarks.md). Sequences per second of a "
        "PerformerClassifier in the paper's LRA configuration (2 layers, 2 "
        "heads, width 64, FFN 128, 128 FAVOR+ projections; seeded, "
        "untrained) on "
        f"{a.sequences} random sequences in batches of {a.batch}, best of "
        f"{a.repeats}: compiled onto the simulated HERMES chip (policy "
        f"`{a.policy}`, with all noise sources) against the same model in "
        "torch float32 on the CPU. Ratio > 1: the chip simulation is "
        "faster. Argmax agreement: the chip's predicted class equals "
        "torch's (the chip adds noise).",
        "",
        common.markdown_table(head, body),
        f"Command: `{cmd}` ({elapsed / 60:.1f} min). "
        + common.load_note(*load),
        "",
    ])


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    aimc = common.import_aimc()
    try:
        import torch  # noqa: F401
    except ImportError:
        raise BenchError("attention_speed.py needs torch")
    common.run_timing_benchmark(
        "attention-speed", a.out, lambda item: run_task(aimc, a, item), a.tasks,
        lambda results, elapsed, load: markdown(results, a, elapsed, load))
    return 0


if __name__ == "__main__":
    sys.exit(common.main_guard(main))
