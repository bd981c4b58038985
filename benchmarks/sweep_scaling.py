#!/usr/bin/python3
"""How the paper table's sweep scales on Dask: measured on 1 and 2 local
workers, projected to 16 and 64 workers from the per-task times.

Runs the same subset of benchmarks/paper_table.py's configurations (default:
letter and magic, both kernels, all methods, n = 1..5, 2 seeds: 120
configurations) serially in this process and on embedded Dask clusters of
each --workers count, each from an empty cache, and records the wall time
(cluster start-up separately), checks that every run gives the same results
bit for bit, and keeps every task's time (aimc.sweep's cache entries).

Projection: tasks taken in the sweep's order by the first free worker (Dask's
FIFO scheduling; communication ignored: a task's parameters and result are
a few hundred bytes), every worker paying a dataset's loading time (read,
z-score, exact kernel rows; measured here) the first time it runs a task of
that dataset. Projected for the subset measured here (the 1-worker run's task
times) and for the full table (1800 configurations) from the per-configuration
fit and evaluation times in docs/results/paper-table-runs.json. The
straggler tail is the time between the first worker running out of tasks
and the end of the sweep.

Outputs (in --out, default docs/results): sweep-scaling.md and .json.

Usage (from the repository root, after scripts/build.sh build; niced, since
it occupies every core):
  PYTHONPATH=build/python-bindings nice -n 10 /usr/bin/python3 \\
      benchmarks/sweep_scaling.py [--datasets letter,magic] [--seeds 2]
      [--workers 1,2] [--project 16,64] [--out DIR]
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import time

import common
from common import BenchError
import paper_table


def parse_args(argv):
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--datasets", default="letter,magic")
    p.add_argument("--seeds", default="2")
    p.add_argument("--workers", default="1,2",
                   help="local Dask worker counts to measure (default 1,2)")
    p.add_argument("--project", default="16,64",
                   help="worker counts to project to (default 16,64)")
    p.add_argument("--full-table", default=None,
                   help="paper-table-runs.json with the full table's "
                        "per-configuration times (default "
                        "docs/results/paper-table-runs.json)")
    common.add_output_options(
        p, "tiny run for tests: magic, 1 seed, n <= 2, rff, workers 1,2")
    a = p.parse_args(argv)
    table = ["--datasets", a.datasets, "--seeds", a.seeds]
    if a.smoke:
        table = ["--smoke"]
    a.table = paper_table.parse_args(table + ["--out", "unused"])
    a.workers = common.parse_list(a.workers, "workers", convert=int)
    a.project = common.parse_list(a.project, "project", convert=int)
    if min(a.workers + a.project) < 1:
        raise BenchError("--workers and --project need positive counts")
    a.out = a.out or common.default_out(a.smoke)
    a.full_table = a.full_table or os.path.join(
        common.REPO, "docs", "results", "paper-table-runs.json")
    return a


def load_seconds(names, proto):
    """CPU seconds to load each dataset and its exact kernel rows (both
    kernels), measured in this process: what every worker pays once per
    dataset. proto: a configuration (for zscore, gamma, err_rows)."""
    out = {}
    for name in names:
        paper_table._SPLITS.clear()
        paper_table._KERNELS.clear()
        t0 = time.process_time()
        for kernel in ("rbf", "arccos0"):
            paper_table.exact_kernel_rows(name, proto["zscore"], kernel,
                                          proto["gamma"], proto["err_rows"])
        out[name] = time.process_time() - t0
    paper_table._SPLITS.clear()
    paper_table._KERNELS.clear()
    return out


def simulate(tasks, workers, load):
    """tasks: [(dataset, seconds without loading)] in sweep order. Each task
    goes to the first free worker, which first loads the dataset if it has
    not yet. Returns wall, ideal (total work / workers), tail, longest."""
    free = [0.0] * workers
    loaded = [set() for _ in range(workers)]
    work = 0.0
    longest = 0.0
    for dataset, secs in tasks:
        w = min(range(workers), key=lambda k: (free[k], k))
        cost = secs
        if dataset not in loaded[w]:
            loaded[w].add(dataset)
            cost += load[dataset]
        free[w] += cost
        work += cost
        longest = max(longest, cost)
    wall = max(free)
    return {"workers": workers, "wall": wall, "ideal": work / workers,
            "tail": wall - min(free), "longest": longest,
            "efficiency": work / workers / wall}


def peak_rss_mb():
    """Peak resident memory of this process in MB (Linux: ru_maxrss in kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def measure(a, cfgs, workers):
    """Runs the configurations from an empty cache: serially (workers=0) or
    on an embedded cluster; returns results, wall, start-up and task times."""
    from aimc import sweep
    with tempfile.TemporaryDirectory(prefix="aimc-scaling-") as tmp:
        cache = sweep.Cache(tmp, name=paper_table.config_key)
        kwargs = dict(cache=cache, progress=False, modules=[common],
                      tag=paper_table.CACHE_TAG)
        t0 = time.perf_counter()
        if workers == 0:
            startup = 0.0
            results = sweep.run(cfgs, paper_table.run_config, client="serial",
                                **kwargs)
            rss = [peak_rss_mb()]
        else:
            with sweep.local_client(workers) as client:
                startup = time.perf_counter() - t0
                t0 = time.perf_counter()
                results = sweep.run(cfgs, paper_table.run_config,
                                    client=client, **kwargs)
                rss = sorted(client.run(peak_rss_mb).values())
        wall = time.perf_counter() - t0
        version = sweep.cache_version(paper_table.run_config, [common],
                                      paper_table.CACHE_TAG)
        entries = [cache.entry(c, version) for c in cfgs]
    return {"workers": workers, "wall": wall, "startup": startup,
            "results": results, "peak_rss_mb": rss,
            "task_seconds": [e["seconds"] for e in entries],
            "task_cpu_seconds": [e["cpu_seconds"] for e in entries],
            "task_workers": [e["worker"] for e in entries]}


def values(results):
    """Accuracies and kernel errors of paper_table results (not their
    times)."""
    return [{b: (r["accuracy"], r["kernel_error"]) for b, r in res.items()}
            for res in results]


def compare_committed(cfgs, results, full_runs):
    """[equal, compared]: how many configurations give the same accuracies
    and kernel errors (7 decimals, as paper-table-runs.json stores them) as
    the committed full table."""
    key = lambda r: (r["dataset"], r["kernel"], r["method"], r["n"], r["seed"])
    committed = {key(r): r for r in full_runs}
    equal = compared = 0
    for c, res in zip(cfgs, results):
        ref = committed.get(key(c))
        if ref is None:
            continue
        compared += 1
        # The committed kernel errors are on 1000 rows (--smoke uses 200).
        fields = ("accuracy", "kernel_error") if c["err_rows"] == 1000 \
            else ("accuracy",)
        equal += all(round(r[v], 7) == ref.get(f"{b}_{v}")
                     for b, r in res.items() for v in fields)
    return [equal, compared]


def compute_only(cfgs, measured, load):
    """Per-task CPU seconds without the dataset loading, from a 1-worker
    run (the first task of each dataset on that worker paid the loading)."""
    seen = set()
    out = []
    for c, secs in zip(cfgs, measured["task_cpu_seconds"]):
        if c["dataset"] not in seen:
            seen.add(c["dataset"])
            secs = max(secs - load[c["dataset"]], 0.0)
        out.append((c["dataset"], secs))
    return out


def per_dataset(tasks):
    """{dataset: [configurations, mean s, max s]} of (dataset, seconds)."""
    out = {}
    for name, secs in tasks:
        out.setdefault(name, []).append(secs)
    return {k: [len(v), sum(v) / len(v), max(v)] for k, v in out.items()}


def fmt_s(x):
    return f"{x:.1f} s" if x < 120 else f"{x / 60:.1f} min"


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    aimc = common.import_aimc()
    common.require_classifier(aimc)
    t = a.table
    t.default_t_inference = common.default_t_inference(aimc)
    t.t_inference = t.default_t_inference
    cfgs = paper_table.build_configs(t)
    load = load_seconds(t.datasets, cfgs[0])
    print(f"sweep_scaling: {len(cfgs)} configurations "
          f"({', '.join(t.datasets)}; {len(t.seeds)} seed(s)); dataset "
          "loading " + ", ".join(f"{k} {v:.2f} s" for k, v in load.items()),
          flush=True)
    runs = []
    loadavg_before = os.getloadavg()
    for w in [0] + a.workers:
        m = measure(a, cfgs, w)
        runs.append(m)
        print(f"sweep_scaling: {'serial' if w == 0 else f'{w} worker(s)'}: "
              f"{m['wall']:.1f} s (+{m['startup']:.1f} s cluster start-up), "
              f"{len(set(m['task_workers']))} worker(s) used", flush=True)
    identical = all(values(r["results"]) == values(runs[0]["results"])
                    for r in runs)
    if not identical:
        raise BenchError("results differ between worker counts")
    base = next((r for r in runs if r["workers"] == 1), runs[0])
    subset = compute_only(cfgs, base, load)
    full, full_runs = [], []
    if os.path.exists(a.full_table):
        with open(a.full_table) as f:
            full_runs = json.load(f)
        names = sorted({r["dataset"] for r in full_runs})
        full_load = {} if a.smoke else load_seconds(names, cfgs[0])
        full = [(r["dataset"], r["float_seconds"] + r["aimc_seconds"])
                for r in full_runs]
    else:
        full_load = {}
    committed = compare_committed(cfgs, runs[0]["results"], full_runs)
    proj = {"subset": [simulate(subset, w, load) for w in [1] + a.project]}
    if full and full_load:
        proj["full"] = [simulate(full, w, full_load) for w in [1] + a.project]
        proj["full_longest_first"] = [
            simulate(sorted(full, key=lambda x: -x[1]), w, full_load)
            for w in a.project]
    report = {
        "configurations": len(cfgs), "datasets": t.datasets,
        "seeds": t.seeds, "load_seconds": load, "full_load_seconds": full_load,
        "identical_results": identical,
        "committed_match": committed,
        "measured": [{k: r[k] for k in ("workers", "wall", "startup",
                                        "peak_rss_mb", "task_seconds",
                                        "task_cpu_seconds")}
                     for r in runs],
        "loadavg_before": loadavg_before,
        "full_task_seconds": per_dataset(full),
        "projections": proj, "cpus": os.cpu_count(),
        "loadavg_after": os.getloadavg(),
    }
    common.write_atomic(os.path.join(a.out, "sweep-scaling.json"),
                        json.dumps(report, indent=1, sort_keys=True) + "\n")
    common.write_atomic(os.path.join(a.out, "sweep-scaling.md"),
                        markdown(a, report, runs))
    print(f"sweep_scaling: wrote {a.out}/sweep-scaling.md, sweep-scaling.json")
    return 0


def command(a):
    args = ["--smoke"] if a.smoke else []
    if not a.smoke:
        if a.table.datasets != ["letter", "magic"]:
            args.append("--datasets " + ",".join(a.table.datasets))
        if a.table.seeds != [0, 1]:
            args.append("--seeds " + ",".join(map(str, a.table.seeds)))
    if a.workers != [1, 2]:
        args.append("--workers " + ",".join(map(str, a.workers)))
    if a.project != [16, 64]:
        args.append("--project " + ",".join(map(str, a.project)))
    return ("PYTHONPATH=build/python-bindings nice -n 10 /usr/bin/python3 "
            "benchmarks/sweep_scaling.py " + " ".join(args)).strip()


def markdown(a, rep, runs):
    t = a.table
    serial = runs[0]["wall"]
    one = next((r["wall"] for r in runs if r["workers"] == 1), serial)
    rows = []
    for r in runs:
        rows.append(["serial (this process)" if r["workers"] == 0 else
                     f"{r['workers']} local Dask worker(s)", fmt_s(r["wall"]),
                     fmt_s(r["startup"]) if r["workers"] else "—",
                     f"{sum(r['task_seconds']):.1f} s / "
                     f"{sum(r['task_cpu_seconds']):.1f} s",
                     f"{one / r['wall']:.2f}",
                     ", ".join(f"{m:.0f}" for m in r["peak_rss_mb"])])
    text = [
        "# Scaling the paper table's sweep on Dask",
        "",
        f"Generated by `{command(a)}`; see [../Scaling.md](../Scaling.md). "
        f"{rep['configurations']} configurations of `paper_table.py` "
        f"({', '.join(t.datasets)}; kernels {', '.join(t.kernels)}; methods "
        f"{', '.join(t.methods)}; n = {t.n_min}..{t.n_max}; seeds "
        f"{', '.join(map(str, t.seeds))}), "
        "each run from an empty cache. Results identical bit for bit in every "
        f"run: {'yes' if rep['identical_results'] else 'NO'}. Equal to the "
        "committed full table ([paper-table-runs.json](paper-table-runs.json),"
        " accuracies and kernel errors, on 1000 rows, to the 7 decimals it "
        "stores): "
        f"{rep['committed_match'][0]} of {rep['committed_match'][1]} "
        "configurations.",
        "",
        f"Measured on this {rep['cpus']}-core machine, niced (`nice -n 10`), "
        "while it was shared with other jobs (1-minute load average "
        f"{rep['loadavg_before'][0]:.1f} before the runs, "
        f"{rep['loadavg_after'][0]:.1f} after): wall times depend on that "
        "load. Speed-up = wall time on 1 worker / wall time.",
        "",
        common.markdown_table(["run", "wall time", "cluster start-up",
                               "sum of task wall / CPU times",
                               "speed-up vs 1 worker",
                               "peak memory per process [MB]"], rows),
        "Projection from the tasks' CPU times on 1 worker (CPU time, not "
        "wall time, so that the other jobs on this machine do not inflate "
        "it), assuming an unloaded core per worker: the first free worker "
        "takes the next task in the sweep's order, and each worker loads a "
        "dataset once (CPU s: "
        + ", ".join(f"{k} {v:.2f} s" for k, v in rep["load_seconds"].items())
        + "). Tail = time from the first idle worker to the end.",
        "",
    ]
    head = ["tasks", "workers", "projected wall", "ideal (work / workers)",
            "efficiency", "straggler tail", "longest task"]
    body = []
    for label, key in (("this subset", "subset"), ("full table", "full"),
                       ("full table, longest first", "full_longest_first")):
        for p in rep["projections"].get(key, []):
            body.append([label, p["workers"], fmt_s(p["wall"]), fmt_s(p["ideal"]),
                         f"{100 * p['efficiency']:.0f}%", fmt_s(p["tail"]),
                         fmt_s(p["longest"])])
    text += [common.markdown_table(head, body, "llrrrrr")]
    if "full" in rep["projections"]:
        text += [
            "The full table's task times are the fit and evaluation times of "
            "the 1800 configurations in "
            "[paper-table-runs.json](paper-table-runs.json) (measured with "
            "`--jobs 2` on this machine), plus the loading times measured "
            "here: " + ", ".join(f"{k} {v:.2f} s" for k, v in
                                 rep["full_load_seconds"].items()) + ".",
            "",
            "Task times of the full table by dataset (fit and evaluation in "
            "float and on the chip, from paper-table-runs.json):",
            "",
            common.markdown_table(
                ["dataset", "configurations", "mean", "longest"],
                [[k, v[0], f"{v[1]:.2f} s", f"{v[2]:.2f} s"]
                 for k, v in rep["full_task_seconds"].items()])]
    return "\n".join(text)


if __name__ == "__main__":
    sys.exit(common.main_guard(main))
