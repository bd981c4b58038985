#!/usr/bin/python3
"""Compares paper_table.py runs (fit on float) of several chip descriptions
with the real HERMES chip: per-cell drop, cells within +-0.5 of the real
chip's drop, mean absolute deviation (MAD), the chip / float kernel
approximation error at n = 5 against the real chip's (real-chip.json, from
real_chip.py), and a leave-one-dataset-out check of choosing the
configuration on the drops (--loo: choose on 5 datasets, score the 6th).

Usage:
  /usr/bin/python3 docs/results/calibration/compare.py [--loo] [--out FILE.md] \
      NAME=OUTDIR ...
  (OUTDIR: a paper_table.py --out folder (its paper-table.md), run with
  n up to 5 as the paper)
"""

import argparse
import json
import os
import shlex
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATASETS = ["cod-rna", "letter", "eeg", "ijcnn1", "skin", "magic"]
KERNELS = ["rbf", "arccos0"]
CELLS = [(d, k) for k in KERNELS for d in DATASETS]
#: The real chip's drops as the paper's table prints them (issue 17's goal;
#: real-chip.json has them unrounded: skin and magic rbf 0.105).
PAPER_DROP = {"cod-rna": (0.84, 0.74), "letter": (0.67, 0.60),
              "eeg": (-0.82, 1.97), "ijcnn1": (0.34, 0.17),
              "skin": (0.10, 0.00), "magic": (0.10, 0.47)}


def _require(path):
    if not os.path.isfile(path):
        sys.exit(f"compare.py: error: {path}: no such file")
    return path


def drops(md):
    """Fit-on-float drops of a paper-table.md (the drop column after
    "chip, fit on float" in its first table)."""
    out, col = {}, None
    with open(_require(md)) as f:
        for line in f:
            c = [x.strip() for x in line.strip().strip("|").split("|")]
            if c[:2] == ["dataset", "kernel"] and col is None:
                if "chip, fit on float" not in c:
                    break
                col = c.index("chip, fit on float") + 1  # its drop
            elif col is not None and len(c) > col and c[0] in DATASETS \
                    and c[1] in KERNELS and (c[0], c[1]) not in out:
                out[(c[0], c[1])] = float(c[col])
    missing = [c for c in CELLS if c not in out]
    if missing:
        sys.exit(f"compare.py: error: {md}: no fit-on-float drop for "
                 f"{', '.join(' '.join(c) for c in missing)}")
    return out


def kernel_ratio(md):
    """chip / float kernel error at the largest s (n = 5) of a
    paper-table.md (its kernel-error table: mean over methods and seeds)."""
    out, inside = {}, False
    with open(_require(md)) as f:
        for line in f:
            c = [x.strip() for x in line.strip().strip("|").split("|")]
            if c == ["dataset", "kernel", "s", "float", "chip"]:
                inside = True
            elif inside and len(c) == 5 and c[0] in DATASETS \
                    and c[1] in KERNELS:
                out[(c[0], c[1])] = float(c[4]) / float(c[3])
    missing = [c for c in CELLS if c not in out]
    if missing:
        sys.exit(f"compare.py: error: {md}: no kernel error of "
                 f"{', '.join(' '.join(c) for c in missing)}")
    return out


def score(dr, real, cells):
    dev = [dr[c] - real[c] for c in cells]
    return sum(abs(x) <= 0.5 for x in dev), float(np.mean(np.abs(dev)))


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", help="also write the tables to this file")
    p.add_argument("--note", default="",
                   help="a sentence on the runs for the --out file")
    p.add_argument("--loo", action="store_true",
                   help="add the leave-one-dataset-out choice among the runs")
    p.add_argument("runs", nargs="+", metavar="NAME=OUTDIR")
    a = p.parse_args(argv)
    with open(_require(os.path.join(HERE, "real-chip.json"))) as f:
        chip = json.load(f)
    real = {c: PAPER_DROP[c[0]][KERNELS.index(c[1])] for c in CELLS}
    real_ratio = {c: chip[" ".join(c)]["chip_kernel_error_n5"]
                  / chip[" ".join(c)]["float_kernel_error_n5"] for c in CELLS}
    res, ratio = {}, {}
    for spec in a.runs:
        if "=" not in spec:
            sys.exit(f"compare.py: error: {spec!r}: expected NAME=OUTDIR")
        name, folder = spec.split("=", 1)
        res[name] = drops(os.path.join(folder, "paper-table.md"))
        ratio[name] = kernel_ratio(os.path.join(folder, "paper-table.md"))
    head = " | ".join(f"{d} {k}" for d, k in CELLS)
    L = ["Drop = float − chip (fit on float), points:", "",
         f"| chip | {head} | within ±0.5 | MAD |",
         "|---|" + "---:|" * (len(CELLS) + 2),
         "| real chip (paper) | " + " | ".join(
             f"{real[c]:+.2f}" for c in CELLS) + " | | |"]
    for n, dr in res.items():
        w, m = score(dr, real, CELLS)
        L.append(f"| {n} | " + " | ".join(f"{dr[c]:+.2f}" for c in CELLS)
                 + f" | {w} of 12 | {m:.2f} |")
    L += ["", "Kernel approximation error at n = 5, chip / float (mean over "
          "methods and seeds; the real chip's: real-chip.md):", "",
          f"| chip | {head} | geometric mean |",
          "|---|" + "---:|" * (len(CELLS) + 1)]
    for n, r in [("real chip (paper)", real_ratio), *ratio.items()]:
        g = float(np.exp(np.mean(np.log([r[c] for c in CELLS]))))
        L.append(f"| {n} | " + " | ".join(f"{r[c]:.2f}" for c in CELLS)
                 + f" | {g:.2f} |")
    if a.loo and len(res) > 1:
        L += ["", "Leave one dataset out: the configuration with the lowest "
              "MAD on the other five datasets' 10 cells, scored on the "
              "held-out dataset's 2 cells:", "",
              "| held out | chosen | MAD on the other 10 cells | held-out "
              "\\|deviation\\| (rbf, arccos0) |", "|---|---|---:|---:|"]
        held_dev = []
        for held in DATASETS:
            train = [c for c in CELLS if c[0] != held]
            test = [c for c in CELLS if c[0] == held]
            best = min(res, key=lambda n: score(res[n], real, train)[1])
            dev = [abs(res[best][c] - real[c]) for c in test]
            held_dev += dev
            L.append(f"| {held} | {best} | "
                     f"{score(res[best], real, train)[1]:.2f} | "
                     + ", ".join(f"{x:.2f}" for x in dev) + " |")
        L += ["", f"Held out: {sum(x <= 0.5 for x in held_dev)} of 12 within "
              f"±0.5, MAD {np.mean(held_dev):.2f}."]
    text = "\n".join(L) + "\n"
    print(text, end="")
    if a.out:
        cmd = "/usr/bin/python3 docs/results/calibration/compare.py " + \
            " ".join(shlex.quote(x) for x in argv)
        with open(a.out, "w") as f:
            f.write("# Global calibrations of the hermes preset against the "
                    "real chip\n\nGenerated by `" + cmd + "` (real chip: "
                    "[real-chip.md](real-chip.md)).\n\n"
                    + (a.note + "\n\n" if a.note else "") + text)


if __name__ == "__main__":
    main(sys.argv[1:])
