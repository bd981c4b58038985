"""A smoke run of benchmarks/drift.py (small subsets, s = 64, 2 seeds,
3 times) and its option errors."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

from aimc import datasets

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
SCRIPT = os.path.join(REPO, "benchmarks", "drift.py")
HAVE_LETTER = os.path.isdir(os.path.join(datasets.default_root(), "letter"))
HAVE_FASHION = os.path.isdir(datasets.FASHION_MNIST_ROOT)


def run(*args):
    return subprocess.run([sys.executable, SCRIPT, *args],
                          capture_output=True, text=True, timeout=900)


class DriftBenchmark(unittest.TestCase):
    def test_bad_options(self):
        with tempfile.TemporaryDirectory() as out:
            for args, message in ((["--times", "60,1"], "ascending"),
                                  (["--times", "-1"], "finite and >= 0"),
                                  (["--datasets", "mnist"], "unknown 'mnist'"),
                                  (["--seeds", "x"], "--seeds"),
                                  (["--jobs", "0"], "--jobs must be at least 1"),
                                  (["--jobs", "2", "--scheduler",
                                    "tcp://127.0.0.1:9"], "exclude each other")):
                r = run(*args, "--out", out)
                self.assertEqual(r.returncode, 1, r.stderr)
                self.assertIn(message, r.stderr)
                self.assertNotIn("Traceback", r.stderr)
            self.assertEqual(os.listdir(out), [])

    @unittest.skipUnless(HAVE_LETTER and HAVE_FASHION,
                         "letter (shared datasets) or Fashion-MNIST absent")
    def test_smoke(self):
        with tempfile.TemporaryDirectory() as out:
            cache = os.path.join(out, "cache")
            r = run("--smoke", "--out", out, "--cache", cache)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(os.path.join(out, "drift.json")) as f:
                result = json.load(f)
            self.assertEqual(result["times_s"], [1.0, 86400.0, 315360000.0])
            self.assertEqual(len(result["runs"]), 2 * 2 * 2)
            for run_ in result["runs"]:
                self.assertEqual(len(run_["chip"]), 3)
                self.assertGreater(run_["float"], 0.5)
                # A freshly programmed chip is close to float.
                self.assertGreater(run_["chip"][0], run_["float"] - 0.1)
            with open(os.path.join(out, "drift.md")) as f:
                text = f.read()
            self.assertIn("| letter | on |", text)
            self.assertIn("10 years", text)
            self.assertTrue(os.path.getsize(os.path.join(out, "drift.png"))
                            > 1000)
            # A second run takes everything from the cache.
            again = run("--smoke", "--out", out, "--cache", cache)
            self.assertEqual(again.returncode, 0, again.stderr)
            with open(os.path.join(out, "drift.json")) as f:
                self.assertEqual(json.load(f), result)
            # Two local Dask workers give the same results as this process
            # (every task carries its seeds).
            parallel_out = os.path.join(out, "parallel")
            both = run("--smoke", "--jobs", "2", "--out", parallel_out,
                       "--cache", os.path.join(out, "cache2"))
            self.assertEqual(both.returncode, 0, both.stderr)
            with open(os.path.join(parallel_out, "drift.json")) as f:
                parallel = json.load(f)
            for runs in (parallel["runs"], result["runs"]):
                for run_ in runs:
                    run_.pop("seconds")
            self.assertEqual(parallel, result)


if __name__ == "__main__":
    unittest.main()
