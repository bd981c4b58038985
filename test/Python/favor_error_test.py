"""benchmarks/favor_error.py --smoke: trains a tiny float Performer, runs
the FAVOR+ error experiment for m = 1, 2 in float, on the ideal chip and on
the simulated HERMES chip, and writes the three result files."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "benchmarks"))

import aimc  # noqa: E402

try:
    import torch  # noqa: F401
    HAVE_TORCH = True
except ImportError:
    HAVE_TORCH = False

FASHION = "/usr/share/datasets/fashion-mnist"
SKIP = not HAVE_TORCH or aimc.__dict__.get("_aimc") is None or \
    not os.path.isdir(FASHION)


class Math(unittest.TestCase):
    """The float reference of the experiment."""

    def test_favor_features_approximate_softmax_attention(self):
        import favor_error as fe
        rng = np.random.default_rng(0)
        # Small Q and K (norm ~ 0.85), scaled by d^-1/4 as in the experiment.
        q, k = (0.3 * rng.standard_normal((30, 64)) * 64 ** -0.25
                for _ in range(2))
        v = 1 + rng.standard_normal((30, 64))
        exact = fe.softmax_attention(q, k, v)
        errors = []
        for m in (1, 7):
            omega = rng.standard_normal((m * 64 - 1, 64))
            approx = fe.linear_attention(fe.favor_features(q, omega),
                                         fe.favor_features(k, omega), v)
            errors.append(fe.relative_error(exact, approx))
        self.assertLess(errors[1], errors[0])
        self.assertLess(errors[1], 0.1)

    def test_tokens(self):
        import favor_error as fe
        pixels = np.zeros((1, 784))
        pixels[0, :2] = 1.0  # two pixels of the first 2 x 2 block
        t = fe.tokens_of(pixels)
        self.assertEqual(t.shape, (1, 196))
        self.assertEqual(t[0, 0], 128)
        self.assertEqual(t[0, 1:].max(), 0)


@unittest.skipIf(SKIP, "needs python3-torch, the compiled aimc extension "
                       "and dataset-fashion-mnist")
class Smoke(unittest.TestCase):
    def test_smoke_run_writes_results(self):
        script = os.path.join(REPO, "benchmarks", "favor_error.py")
        with tempfile.TemporaryDirectory() as out:
            cache = os.path.join(out, "cache")
            r = subprocess.run(
                [sys.executable, script, "--smoke", "--out", out,
                 "--cache", cache], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            for ext in ("md", "json", "png"):
                self.assertTrue(os.path.getsize(
                    os.path.join(out, f"favor-error.{ext}")) > 0)
            with open(os.path.join(out, "favor-error.json")) as f:
                data = json.load(f)
            # The trials on two local Dask workers (the trained model
            # copied, the trial cache not): the serial results, value for
            # value (every trial carries its seeds).
            cache2 = os.path.join(out, "cache2")
            shutil.copytree(cache, cache2,
                            ignore=shutil.ignore_patterns("sweep-trials"))
            out2 = os.path.join(out, "parallel")
            r2 = subprocess.run(
                [sys.executable, script, "--smoke", "--jobs", "2", "--out",
                 out2, "--cache", cache2], capture_output=True, text=True)
            self.assertEqual(r2.returncode, 0, r2.stderr)
            self.assertIn("trials on 2 local Dask workers", r2.stdout)
            with open(os.path.join(out2, "favor-error.json")) as f:
                parallel = json.load(f)
            for key in ("rows", "per_trial", "norm_check", "chip_cost",
                        "qk_norms"):
                self.assertEqual(parallel[key], data[key], key)
        rows = data["rows"]
        self.assertEqual([row["m"] for row in rows], [1, 2])
        for row in rows:
            self.assertEqual(row["s"], 64 * row["m"] - 1)
            for key in ("float_mean", "chip_mean"):
                self.assertTrue(0 < row[key] < 1, row)
            # The chip path is right: exact MVMs reproduce float.
            self.assertAlmostEqual(row["ideal_mean"], row["ideal_float_mean"],
                                   delta=1e-3)
            # HERMES's noise changes the error.
            self.assertNotEqual(row["chip_mean"], row["float_mean"])
            self.assertIn("paper_ratio", row)

    def test_bad_option(self):
        r = subprocess.run(
            [sys.executable, os.path.join(REPO, "benchmarks",
                                          "favor_error.py"), "--ms", "0"],
            capture_output=True, text=True)
        self.assertEqual(r.returncode, 1)
        self.assertIn("--ms: every m must be in 1..64", r.stderr)


if __name__ == "__main__":
    unittest.main()
