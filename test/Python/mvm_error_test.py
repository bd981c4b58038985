"""benchmarks/mvm_error.py --smoke: the MVM error of a Gaussian 256 x 256
crossbar against float for each drift_compensation and the aihwkit-style
options, at t = 0, 1 h, 1 day and 1 year; the result files, the ordering of
the modes the docs report (no compensation is worst at 1 year, one-hot
compensates more than random), and the diagnostics for bad options."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
SCRIPT = os.path.join(REPO, "benchmarks", "mvm_error.py")

import aimc  # noqa: E402
import aimc.datasets  # noqa: E402

SKIP = aimc.__dict__.get("_aimc") is None


def run(*args):
    return subprocess.run([sys.executable, SCRIPT, *args],
                          capture_output=True, text=True, timeout=600,
                          env=dict(os.environ))


@unittest.skipIf(SKIP, "the compiled aimc extension is not importable")
class Smoke(unittest.TestCase):
    def test_smoke_run_writes_the_table(self):
        with tempfile.TemporaryDirectory() as out:
            r = run("--smoke", "--out", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(os.path.join(out, "mvm-error.json")) as f:
                data = json.load(f)
            with open(os.path.join(out, "mvm-error.md")) as f:
                text = f.read()
        errors = data["errors"]
        self.assertEqual(set(errors),
                         {"random", "onehot", "none", "aihwkit-style"})
        for mode, by_time in errors.items():
            self.assertEqual(list(by_time), ["0", "1 h", "1 day", "1 year"])
            for values in by_time.values():
                self.assertEqual(len(values), 2)  # --smoke: 2 seeds
                for v in values:
                    self.assertGreater(v, 0.01, mode)
                    self.assertLess(v, 1.0, mode)
            self.assertIn(f"| {mode} |", text)
        year = {m: sum(errors[m]["1 year"]) for m in errors}
        # Without compensation the outputs shrink by ~40% after a year; the
        # one-hot read over-compensates dense inputs (docs/NonIdealities.md).
        self.assertGreater(year["none"], 1.5 * year["random"])
        self.assertGreater(year["onehot"], 1.05 * year["random"])
        # At t = 0 the modes differ only by the calibration reads' noise.
        t0 = {m: sum(errors[m]["0"]) for m in ("random", "onehot", "none")}
        self.assertLess(max(t0.values()) / min(t0.values()), 1.05)

    def test_bad_options(self):
        r = run("--seeds", "0")
        self.assertEqual(r.returncode, 1)
        self.assertIn("mvm_error.py: error: --seeds must be >= 1", r.stderr)
        r = run("--smoke", "--chip", "loihi")
        self.assertEqual(r.returncode, 1)
        self.assertIn("mvm_error.py: error:", r.stderr)
        self.assertIn("loihi", r.stderr)


@unittest.skipIf(SKIP, "the compiled aimc extension is not importable")
class PaperTableChipOption(unittest.TestCase):
    """paper_table.py --chip (the runs of docs/NonIdealities.md): the text
    is checked before any run, the default chip keeps the cache keys of
    runs without the option, another chip gets its own."""

    def test_bad_chip_is_a_diagnostic(self):
        with tempfile.TemporaryDirectory() as out:
            r = subprocess.run(
                [sys.executable, os.path.join(REPO, "benchmarks",
                                              "paper_table.py"),
                 "--smoke", "--chip", '#aimc.chip<"hermes", g_max_sigma = -1.0>',
                 "--out", out], capture_output=True, text=True, timeout=600)
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertIn("--chip:", r.stderr)
            self.assertIn("g_max_sigma", r.stderr)
            self.assertNotIn("Traceback", r.stderr)
            self.assertEqual(os.listdir(out), [])

    @unittest.skipUnless(os.path.isdir(aimc.datasets.default_root()),
                         "the shared datasets are absent")
    def test_cache_keys(self):
        sys.path.insert(0, os.path.join(REPO, "benchmarks"))
        import paper_table
        base = paper_table.parse_args(["--smoke"])
        same = paper_table.parse_args(["--smoke", "--chip", "hermes"])
        other = paper_table.parse_args(
            ["--smoke", "--chip", '#aimc.chip<"hermes", g_max_sigma = 0.1>'])
        self.assertIsNone(same.chip)
        self.assertEqual(other.chip, '#aimc.chip<"hermes", g_max_sigma = 0.1>')
        keys = [paper_table.config_key(paper_table.build_configs(a)[0])
                for a in (base, same, other)]
        self.assertEqual(keys[0], keys[1])
        self.assertNotEqual(keys[0], keys[2])
        other.default_t_inference = other.t_inference = 0.0
        self.assertIn("--chip '#aimc.chip<\"hermes\", g_max_sigma = 0.1>'",
                      paper_table.reproduce_command(other))


if __name__ == "__main__":
    unittest.main()
