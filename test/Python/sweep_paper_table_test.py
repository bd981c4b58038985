"""benchmarks/paper_table.py on Dask: `--smoke --scheduler` on a real
dask-scheduler with two dask-workers on 127.0.0.1, and `--jobs 2` on the
embedded cluster, both compared value for value with a serial run; a bad
scheduler address fails within seconds."""

import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BENCH = os.path.join(REPO, "benchmarks")
sys.path.insert(0, HERE)

import dask_cluster  # noqa: E402
from aimc import datasets  # noqa: E402

try:
    import aimc  # noqa: E402
    HAVE_CLASSIFIER = aimc.__dict__.get("_aimc") is not None
except ImportError:
    HAVE_CLASSIFIER = False
try:
    import distributed  # noqa: F401
    HAVE_DASK = True
except ImportError:
    HAVE_DASK = False

HAVE_SHARED = os.path.isdir(datasets.default_root())
COMPARED = ("float_accuracy", "aimc_accuracy", "float_kernel_error",
            "aimc_kernel_error")
# The workers import paper_table and common by name.
WORKER_ENV = {"PYTHONPATH": os.pathsep.join(
    [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p] + [BENCH])}


def paper_table(*args, timeout=600):
    return subprocess.run(
        [sys.executable, os.path.join(BENCH, "paper_table.py"), "--smoke", *args],
        capture_output=True, text=True, timeout=timeout)


def runs(folder):
    with open(os.path.join(folder, "paper-table-runs.json")) as f:
        return {(r["dataset"], r["kernel"], r["method"], r["n"], r["seed"]): r
                for r in json.load(f)}


def cache_entries(folder):
    out = []
    for root, _, files in os.walk(folder):
        for name in files:
            with open(os.path.join(root, name)) as f:
                out.append(json.load(f))
    return out


@unittest.skipUnless(HAVE_DASK, "Dask's distributed is not importable "
                     "(install python3-distributed)")
@unittest.skipUnless(HAVE_CLASSIFIER, "the compiled aimc extension is not "
                     "importable (build aimc, PYTHONPATH=build/python-bindings)")
@unittest.skipUnless(HAVE_SHARED, f"shared datasets folder "
                     f"{datasets.default_root()} absent (set AIMC_DATASETS)")
class PaperTableOnDask(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.serial = os.path.join(cls.tmp.name, "serial")
        r = paper_table("--jobs", "1", "--out", cls.serial, "--cache",
                        os.path.join(cls.serial, "cache"))
        if r.returncode != 0:
            raise AssertionError(r.stderr)
        assert "to run on this process" in r.stdout, r.stdout
        cls.expected = runs(cls.serial)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def check_same_as_serial(self, out):
        got = runs(out)
        self.assertEqual(sorted(got), sorted(self.expected))
        self.assertEqual(len(got), 4)
        for key, run in got.items():
            for field in COMPARED:
                self.assertEqual(run[field], self.expected[key][field],
                                 (key, field))
        with open(os.path.join(out, "paper-table.md")) as f, \
                open(os.path.join(self.serial, "paper-table.md")) as g:
            # Same table; only the timing sentence at the end differs.
            self.assertEqual(f.read().split("Command:")[0],
                             g.read().split("Command:")[0])

    @unittest.skipUnless(dask_cluster.available(), "dask-scheduler/dask-worker absent")
    def test_scheduler_with_two_workers_equals_serial(self):
        out = os.path.join(self.tmp.name, "scheduler")
        cache = os.path.join(out, "cache")
        with dask_cluster.loopback_cluster(workers=2, env=WORKER_ENV) as cluster:
            r = paper_table("--scheduler", cluster.address, "--out", out,
                            "--cache", cache)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(f"to run on the Dask scheduler {cluster.address}",
                          r.stdout)
        self.check_same_as_serial(out)
        # The configurations ran on the cluster's workers, not in-process.
        workers = {e["worker"] for e in cache_entries(cache)}
        self.assertTrue(workers)
        for w in workers:
            self.assertTrue(w.startswith("tcp://127.0.0.1:"), w)

    def test_local_cluster_equals_serial(self):
        out = os.path.join(self.tmp.name, "jobs2")
        r = paper_table("--jobs", "2", "--out", out, "--cache",
                        os.path.join(out, "cache"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("to run on 2 local Dask workers", r.stdout)
        self.check_same_as_serial(out)
        # A second invocation, serial, finds every configuration cached.
        again = paper_table("--out", out, "--cache", os.path.join(out, "cache"))
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("4 cached, 0 to run", again.stdout)

    def test_sweep_scaling_smoke(self):
        out = os.path.join(self.tmp.name, "scaling")
        r = subprocess.run(
            [sys.executable, os.path.join(BENCH, "sweep_scaling.py"), "--smoke",
             "--out", out], capture_output=True, text=True, timeout=600)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(out, "sweep-scaling.json")) as f:
            rep = json.load(f)
        self.assertTrue(rep["identical_results"])
        self.assertEqual([m["workers"] for m in rep["measured"]], [0, 1, 2])
        for m in rep["measured"]:
            self.assertEqual(len(m["task_cpu_seconds"]), 4)
            self.assertGreater(m["wall"], 0)
        # Compared with the committed table (equal today; not asserted, since
        # a change of the chip model legitimately moves results).
        if os.path.exists(os.path.join(REPO, "docs", "results",
                                       "paper-table-runs.json")):
            self.assertEqual(rep["committed_match"][1], 4)
        self.assertEqual([p["workers"] for p in rep["projections"]["subset"]],
                         [1, 16, 64])
        with open(os.path.join(out, "sweep-scaling.md")) as f:
            self.assertIn("Results identical bit for bit in every run: yes",
                          f.read())

    def test_bad_scheduler_address_fails_within_seconds(self):
        with tempfile.TemporaryDirectory() as out:
            t0 = time.monotonic()
            r = paper_table("--scheduler", "tcp://127.0.0.1:9", "--out", out,
                            "--cache", os.path.join(out, "cache"), timeout=120)
            elapsed = time.monotonic() - t0
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertIn("paper_table.py: error: cannot reach the Dask "
                          "scheduler at tcp://127.0.0.1:9", r.stderr)
            self.assertNotIn("Traceback", r.stderr)
            self.assertLess(elapsed, 45)
            self.assertFalse(os.path.exists(os.path.join(out, "paper-table.md")))
            r = paper_table("--scheduler", "tcp://127.0.0.1:9", "--jobs", "2",
                            "--out", out)
            self.assertEqual(r.returncode, 1)
            self.assertIn("--jobs and --scheduler exclude each other", r.stderr)


if __name__ == "__main__":
    unittest.main()
