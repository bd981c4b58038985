"""Tests of the benchmarks in benchmarks/: the shared helpers on small
synthetic inputs, and a smoke run of each script on a tiny subset. When the
data or the compiled aimc extension is absent, those tests are skipped with
the reason, and a NOTE listing what was skipped goes to stderr; with
AIMC_REQUIRE_DATASETS=1 (set by scripts/run-all-tests.sh under CI, where
the shared datasets and Debian's Fashion-MNIST are installed) they fail
instead."""

import functools
import json
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(REPO, "benchmarks")
sys.path.insert(0, BENCH)

import common  # noqa: E402
from aimc import datasets  # noqa: E402

try:
    import aimc  # noqa: E402
    HAVE_CLASSIFIER = hasattr(aimc, "RandomFeatureRidgeClassifier") and \
        aimc.__dict__.get("_aimc") is not None
except ImportError:
    HAVE_CLASSIFIER = False

HAVE_SHARED = os.path.isdir(datasets.default_root())
HAVE_FASHION = os.path.isdir(datasets.FASHION_MNIST_ROOT)
REQUIRE_DATA = os.environ.get("AIMC_REQUIRE_DATASETS", "") not in ("", "0")
MISSING = []
NO_CLASSIFIER = ("the compiled aimc extension is not importable (build aimc "
                 "and put build/python-bindings on PYTHONPATH)")
NO_SHARED = (f"shared datasets folder {datasets.default_root()} absent "
             "(set AIMC_DATASETS)")
NO_FASHION = (f"Fashion-MNIST ({datasets.FASHION_MNIST_ROOT}) absent: "
              "install dataset-fashion-mnist")


def needs(available, reason):
    """skipUnless(available, reason), except that a missing prerequisite is
    an error under AIMC_REQUIRE_DATASETS=1; either way it is remembered for
    the NOTE printed at the end of the run."""
    if available:
        return lambda f: f
    if reason not in MISSING:
        MISSING.append(reason)
    if not REQUIRE_DATA:
        return unittest.skip(reason)

    def replace(f):
        @functools.wraps(f)
        def test(self):
            self.fail("AIMC_REQUIRE_DATASETS=1 but " + reason)
        return test
    return replace


class Kernels(unittest.TestCase):
    def setUp(self):
        self.x = np.random.default_rng(0).standard_normal((40, 5))

    def test_exact_kernels_match_their_definitions(self):
        x, g = self.x, 0.3
        k = common.exact_kernel("rbf", x, g)
        i, j = 3, 17
        self.assertAlmostEqual(k[i, j], np.exp(-g * np.sum((x[i] - x[j]) ** 2)))
        np.testing.assert_allclose(np.diag(k), 1.0)
        theta = np.arccos(x[i] @ x[j] / np.linalg.norm(x[i]) / np.linalg.norm(x[j]))
        k0 = common.exact_kernel("arccos0", x, g)
        self.assertAlmostEqual(k0[i, j], 1 - theta / np.pi)
        k1 = common.exact_kernel("arccos1", x, g)
        self.assertAlmostEqual(k1[i, j], np.linalg.norm(x[i]) * np.linalg.norm(x[j])
                               * (np.sin(theta) + (np.pi - theta) * np.cos(theta)) / np.pi)
        with self.assertRaisesRegex(common.BenchError, "unknown kernel"):
            common.exact_kernel("poly", x, g)

    def test_random_features_approximate_the_kernels(self):
        omega = np.random.default_rng(1).standard_normal((20000, 5))
        for kernel in ("rbf", "arccos0", "arccos1"):
            phi = common.feature_map(kernel, self.x @ omega.T, gamma=0.3)
            err = common.kernel_error(common.exact_kernel(kernel, self.x, 0.3), phi)
            self.assertLess(err, 0.03, kernel)
            # Few features: a clearly larger error.
            few = common.feature_map(kernel, self.x @ omega[:8].T, gamma=0.3)
            self.assertGreater(common.kernel_error(
                common.exact_kernel(kernel, self.x, 0.3), few), 2 * err, kernel)

    def test_numpy_features_are_the_classifiers_float_features(self):
        # The speed baseline computes exactly the model the classifier's
        # float backend computes (aimc.kamodels.float_features).
        from aimc import kamodels
        omega = np.random.default_rng(5).standard_normal((64, 5)).astype(np.float32)
        x = self.x.astype(np.float32)
        for kernel in ("rbf", "arccos0", "arccos1"):
            ours = common.feature_map(kernel, x.astype(np.float64) @
                                      omega.astype(np.float64).T,
                                      gamma=float(np.float32(0.3)))
            np.testing.assert_allclose(
                ours, kamodels.float_features(x, omega, kernel, 0.3),
                rtol=1e-12, atol=1e-12, err_msg=kernel)

    def test_kernel_error_is_zero_for_exact_factors(self):
        phi = np.random.default_rng(2).standard_normal((30, 7))
        self.assertAlmostEqual(common.kernel_error(phi @ phi.T, phi), 0.0)
        self.assertAlmostEqual(common.kernel_error(phi @ phi.T, 2 * phi), 3.0)

    def test_paper_feature_counts(self):
        self.assertEqual([common.paper_features(n, 16) for n in range(1, 6)],
                         [31, 62, 125, 252, 507])
        self.assertEqual(common.paper_features(5, 3), 91)

    def test_paper_table_goal_statistics(self):
        # Issue 17's goal per protocol: drops within 0.5 of the paper's and
        # their mean absolute deviation, against hand-computed values.
        import paper_table
        rows = [dict(drop={"float": 0.84 + dev, "chip": 0.0},
                     paper_drop=0.84) for dev in (0.1, -0.5, 0.6, -2.0)]
        n, within, mad = paper_table.goal_stats(rows, "float")
        self.assertEqual((n, within), (4, 2))
        self.assertAlmostEqual(mad, (0.1 + 0.5 + 0.6 + 2.0) / 4)
        self.assertEqual(paper_table.goal_stats(rows, "chip")[:2], (4, 0))
        rows.append(dict(drop={"float": None, "chip": 0.0}, paper_drop=0.1))
        self.assertEqual(paper_table.goal_stats(rows, "float")[0], 4)
        self.assertEqual(paper_table.goal_stats([], "float"), (0, 0, None))


class Ridge(unittest.TestCase):
    def test_closed_form_matches_least_squares(self):
        rng = np.random.default_rng(3)
        phi, y = rng.standard_normal((50, 6)), rng.standard_normal((50, 2))
        alpha = 0.7
        a = np.hstack([np.ones((50, 1)), phi])
        aug = np.vstack([a, np.sqrt(alpha) * np.eye(7)])
        expect = np.linalg.lstsq(aug, np.vstack([y, np.zeros((7, 2))]),
                                 rcond=None)[0].T
        problem = common.RidgeProblem(phi, y)
        np.testing.assert_allclose(problem.solve(alpha), expect, rtol=1e-9)
        np.testing.assert_allclose(common.ridge_fit(phi, y[:, 0], alpha),
                                   expect[:1], rtol=1e-9)

    def test_numpy_pipeline_classifies_separable_data(self):
        rng = np.random.default_rng(4)
        x = rng.standard_normal((400, 2))
        y = (np.linalg.norm(x, axis=1) > 1.1).astype(int)  # rings: not linear
        omega = rng.standard_normal((200, 2))
        m = common.NumpyRandomFeatureRidge("rbf", omega, 0.5, 0.1).fit(x[:300], y[:300])
        self.assertGreater(m.score(x[300:], y[300:]), 0.9)
        labels = np.array(["a", "b", "c"])[rng.integers(0, 3, 300)]
        x3 = rng.standard_normal((300, 2)) + np.where(
            labels[:, None] == "a", 3, np.where(labels[:, None] == "b", -3, 0))
        m3 = common.NumpyRandomFeatureRidge("rbf", omega, 0.5, 0.1).fit(x3, labels)
        self.assertGreater(m3.score(x3, labels), 0.9)
        self.assertEqual(set(m3.predict(x3)) <= {"a", "b", "c"}, True)

    def test_decisions(self):
        np.testing.assert_array_equal(common.predict_labels([[-0.2], [0.49], [0.51], [3]]),
                                      [0, 0, 1, 1])
        np.testing.assert_array_equal(common.predict_labels([[0, 2, 1], [5, 1, 1]]), [1, 0])


class Files(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name, text=None):
        p = os.path.join(self.tmp.name, name)
        if text is not None:
            with open(p, "w") as f:
                f.write(text)
        return p

    def test_gpu_reference_parsing(self):
        good = ('{"gpu": "H200", "idle_power_w": 120}\n'
                '{"label": "x", "dtype": "int8", "error": "failed"}\n'
                '{"label": "fm", "n": 10, "d": 4, "s": 8, "dtype": "fp16", '
                '"sec_per_batch": 0.5, "joule_per_batch": 2.0}\n')
        p = self.path("ok.jsonl", good)
        header, rows = common.read_gpu_reference(p)
        self.assertEqual(header["gpu"], "H200")
        self.assertEqual(len(rows), 2)
        found = common.gpu_measurements(p, 10, 4, 8)
        self.assertEqual(list(found), ["fp16"])
        self.assertEqual(found["fp16"]["line"], 3)
        with self.assertRaisesRegex(common.BenchError, "no measurement of shape"):
            common.gpu_measurements(p, 10, 4, 9)

    def test_gpu_reference_errors_name_file_and_line(self):
        p = self.path("bad.jsonl", '{"gpu": "H200"}\n{"label": "a", "n": 1,\n')
        with self.assertRaisesRegex(common.BenchError, r"bad.jsonl:2: not JSON"):
            common.read_gpu_reference(p)
        p = self.path("bad2.jsonl", '{"label": "a", "n": 1, "d": 1, "s": 1, '
                      '"dtype": "fp16", "sec_per_batch": -1, "joule_per_batch": 1}\n')
        with self.assertRaisesRegex(common.BenchError, r"bad2.jsonl:1: sec_per_batch"):
            common.read_gpu_reference(p)
        p = self.path("bad3.jsonl", '{"label": "a", "n": 1}\n')
        with self.assertRaisesRegex(common.BenchError, r"bad3.jsonl:1: missing 'd'"):
            common.read_gpu_reference(p)
        with self.assertRaisesRegex(common.BenchError, "file not found"):
            common.read_gpu_reference(self.path("absent.jsonl"))

    @needs(os.path.exists(common.default_reference_path()),
           "shared H200 reference absent")
    def test_shared_reference_has_the_fashion_mnist_shape(self):
        found = common.gpu_measurements(common.default_reference_path(),
                                        10000, 784, 2048)
        self.assertEqual(sorted(found), ["fp16", "fp32", "int8"])

    def test_write_atomic_leaves_nothing_on_failure(self):
        p = self.path("out.txt")
        common.write_atomic(p, "first\n")
        with self.assertRaises(TypeError):
            common.write_atomic(p, 12345)  # not str/bytes: the write fails
        with open(p) as f:
            self.assertEqual(f.read(), "first\n")
        self.assertEqual(os.listdir(self.tmp.name), ["out.txt"])

    def test_run_cache_checks_parameters(self):
        cache = common.RunCache(os.path.join(self.tmp.name, "cache"))
        self.assertIsNone(cache.get("a/b", {"x": 1}))
        cache.put("a/b", {"x": 1}, {"acc": 0.5})
        self.assertEqual(cache.get("a/b", {"x": 1}), {"acc": 0.5})
        self.assertIsNone(cache.get("a/b", {"x": 2}))
        with open(cache.path("a/b"), "w") as f:
            f.write("{broken")
        self.assertIsNone(cache.get("a/b", {"x": 1}))

    def test_option_parsing(self):
        self.assertEqual(common.parse_seeds("3"), [0, 1, 2])
        self.assertEqual(common.parse_seeds("2-4"), [2, 3, 4])
        self.assertEqual(common.parse_seeds("5,1"), [5, 1])
        for bad in ("0", "x", "4-2", "1,a"):
            with self.assertRaises(common.BenchError):
                common.parse_seeds(bad)
        self.assertEqual(common.parse_list("a, b", "k", ("a", "b")), ["a", "b"])
        with self.assertRaisesRegex(common.BenchError, "--k: unknown 'c'"):
            common.parse_list("a,c", "k", ("a", "b"))


def run_script(name, *args, env=None):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, os.path.join(BENCH, name), *args],
                          capture_output=True, text=True, env=e, timeout=900)


class BadOptions(unittest.TestCase):
    def test_bad_options_give_a_diagnostic_and_exit_1(self):
        with tempfile.TemporaryDirectory() as out:
            for script, args, message in (
                    ("paper_table.py", ["--datasets", "mnist"], "--datasets: unknown 'mnist'"),
                    ("paper_table.py", ["--seeds", "x"], "--seeds: 'x'"),
                    ("paper_table.py", ["--n-max", "0"], "--n-max"),
                    ("fashion_mnist.py", ["--gamma", "-1"], "--gamma must be positive"),
                    ("speed.py", ["--workloads", "foo"], "--workloads: unknown 'foo'"),
                    ("speed.py", ["--repeats", "0"], "--repeats"),
                    ("speed.py", ["--min-seconds", "-1"], "--min-seconds"),
                    ("attention_speed.py", ["--tasks", "foo"], "--tasks: unknown 'foo'"),
                    ("attention_speed.py", ["--sequences", "10", "--batch", "4"],
                     "multiple of --batch")):
                r = run_script(script, *args, "--out", out)
                self.assertEqual(r.returncode, 1, (script, args, r.stderr))
                self.assertIn(message, r.stderr, (script, args))
                self.assertNotIn("Traceback", r.stderr)
            self.assertEqual(os.listdir(out), [])

    @needs(HAVE_CLASSIFIER, NO_CLASSIFIER)
    @needs(HAVE_FASHION, NO_FASHION)
    def test_broken_reference_file_is_reported_with_its_line(self):
        with tempfile.TemporaryDirectory() as out:
            ref = os.path.join(out, "ref.jsonl")
            with open(ref, "w") as f:
                f.write('{"gpu": "H200"}\n{"label": \n')
            r = run_script("fashion_mnist.py", "--smoke", "--train-rows", "200",
                           "--test-rows", "50", "--n-features", "64",
                           "--reference", ref, "--out", out)
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertIn("ref.jsonl:2: not JSON", r.stderr)
            self.assertFalse(os.path.exists(os.path.join(out, "fashion-mnist.md")))


@unittest.skipUnless(HAVE_CLASSIFIER or REQUIRE_DATA, NO_CLASSIFIER)
class Smoke(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.out = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    @needs(HAVE_CLASSIFIER, NO_CLASSIFIER)
    @needs(HAVE_SHARED, NO_SHARED)
    def test_paper_table(self):
        cache = os.path.join(self.out, "cache")
        r = run_script("paper_table.py", "--smoke", "--out", self.out,
                       "--cache", cache)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(self.out, "paper-table-runs.json")) as f:
            runs = json.load(f)
        # magic x {rbf, arccos0} x rff x n = 1, 2 x 1 seed.
        self.assertEqual(len(runs), 4)
        for run in runs:
            self.assertEqual(run["dataset"], "magic")
            self.assertGreater(run["float_accuracy"], 0.7)
            self.assertLess(abs(run["float_accuracy"] - run["aimc_accuracy"]), 0.03)
            # Both protocols, scored on the same chip features.
            self.assertLess(abs(run["float_accuracy"]
                                - run["aimc_fit_float_accuracy"]), 0.03)
            self.assertLess(run["float_kernel_error"], 0.6)
            self.assertLess(run["aimc_kernel_error"], 0.6)
        # The readouts differ: so do the accuracies (of some runs).
        self.assertTrue(any(run["aimc_accuracy"] != run["aimc_fit_float_accuracy"]
                            for run in runs))
        with open(os.path.join(self.out, "paper-table.md")) as f:
            md = f.read()
        self.assertIn("| magic | rbf |", md)
        self.assertIn("86.35", md)  # the paper's figure next to ours
        self.assertIn("| dataset | kernel | float | chip, fit on float | drop "
                      "| chip, fit on chip | drop | paper float |", md)
        self.assertRegex(md, r"\| fit on float \| [0-2] of 2 \| [0-9.]+ \| no \|")
        self.assertGreater(os.path.getsize(os.path.join(self.out, "paper-figure2.png")), 1000)
        # A second invocation runs nothing: every configuration is cached.
        again = run_script("paper_table.py", "--smoke", "--out", self.out,
                           "--cache", cache)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("4 cached, 0 to run", again.stdout)

    @needs(HAVE_CLASSIFIER, NO_CLASSIFIER)
    @needs(HAVE_FASHION, NO_FASHION)
    def test_fashion_mnist(self):
        r = run_script("fashion_mnist.py", "--smoke", "--out", self.out)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(self.out, "fashion-mnist.json")) as f:
            res = json.load(f)
        self.assertGreater(res["float"]["accuracy"], 0.75)
        self.assertLess(abs(res["float"]["accuracy"] - res["aimc"]["accuracy"]), 0.03)
        self.assertEqual(res["aimc"]["tiles"], 32)
        self.assertGreater(res["aimc"]["report"]["energy_per_inference_j"], 0)
        self.assertGreater(res["aimc"]["report"]["latency_per_inference_s"], 0)
        if os.path.exists(common.default_reference_path()):
            self.assertEqual(sorted(g["dtype"] for g in res["gpu_h200"]),
                             ["fp16", "fp32", "int8"])
        with open(os.path.join(self.out, "fashion-mnist.md")) as f:
            self.assertIn("H200", f.read())
        self.assertIn("test accuracy", r.stdout)

    @needs(HAVE_CLASSIFIER, NO_CLASSIFIER)
    @needs(HAVE_SHARED, NO_SHARED)
    def test_speed(self):
        r = run_script("speed.py", "--smoke", "--out", self.out)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(self.out, "speed.json")) as f:
            (res,) = json.load(f)
        self.assertEqual(res["workload"], "letter")
        for key in ("chip", "numpy float64", "numpy float32"):
            self.assertGreater(res["seconds"][key], 0)
        self.assertAlmostEqual(res["ratio_vs_float64"],
                               res["seconds"]["chip"] / res["seconds"]["numpy float64"])
        # Same model: the numpy pipeline and the chip agree on most labels.
        self.assertGreater(res["agreement_chip_vs_float64"], 0.9)
        self.assertIn("ratio chip / numpy float64", r.stdout)

    @needs(HAVE_CLASSIFIER, NO_CLASSIFIER)
    def test_attention_speed(self):
        r = run_script("attention_speed.py", "--smoke", "--out", self.out)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(self.out, "attention-speed.json")) as f:
            (res,) = json.load(f)
        self.assertEqual((res["task"], res["seq_len"]), ("image", 64))
        self.assertGreater(res["tiles"], 0)
        for key in ("chip", "torch float32"):
            self.assertGreater(res["seconds"][key], 0)
            self.assertAlmostEqual(res["sequences_per_s"][key],
                                   res["sequences"] / res["seconds"][key])
        self.assertAlmostEqual(res["ratio_chip_vs_torch"],
                               res["seconds"]["torch float32"] /
                               res["seconds"]["chip"])
        # The same model: the chip's logits are torch's up to the noise.
        self.assertGreaterEqual(res["argmax_agreement"], 0.5)
        self.assertIn("ratio chip / torch float32", r.stdout)
        with open(os.path.join(self.out, "attention-speed.md")) as f:
            self.assertIn("| image | 64 |", f.read())


if __name__ == "__main__":
    try:
        unittest.main()
    finally:
        if MISSING:
            sys.stderr.write("NOTE: benchmark tests skipped or failed for "
                             "missing data: " +
                             "; ".join(MISSING) + "\n")
