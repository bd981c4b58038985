"""benchmarks/lra.py --smoke: a tiny end-to-end run of both LRA tasks
(ListOps and the sequential Fashion-MNIST image task): float training,
hardware-aware fine-tuning, export, the simulated HERMES chip in both
mappings at t = 0 and after drift, and the three result files."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

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
SCRIPT = os.path.join(REPO, "benchmarks", "lra.py")


class Options(unittest.TestCase):
    def test_bad_options(self):
        import common
        import lra
        for argv in (["--tasks", "text"], ["--seeds", "0"],
                     ["--listops-lengths", "50,40"],
                     ["--listops-counts", "10,10"],
                     ["--eval-sequences", "30", "--eval-batch", "20"],
                     ["--times", "1 year"], ["--lr", "0"],
                     ["--eval-sequences", "-50"],
                     ["--drift-sequences", "30"]):
            with self.assertRaises(common.BenchError, msg=argv):
                lra.parse_args(argv)
        a = lra.parse_args([])
        self.assertEqual(a.listops_lengths, [100, 500])
        # Per-task float training defaults; the warm-up a tenth of the steps.
        for task in lra.TASKS:
            steps = lra.task_setting(a, task, "steps")
            self.assertEqual(steps, lra.FLOAT_DEFAULTS[task]["steps"])
            self.assertEqual(lra.task_setting(a, task, "warmup"), steps // 10)
            self.assertEqual(lra.task_setting(a, task, "lr"),
                             lra.FLOAT_DEFAULTS[task]["lr"])
        c = lra.parse_args(["--steps", "200", "--lr", "0.002"])
        for task in lra.TASKS:
            self.assertEqual(lra.task_setting(c, task, "warmup"), 20)
            self.assertEqual(lra.task_setting(c, task, "lr"), 0.002)
        with self.assertRaises(common.BenchError):
            lra.parse_args(["--hw-select-every", "-1"])
        # Selection needs a score before the last step.
        for argv in (["--hw-steps", "0", "--hw-select-every", "5"],
                     ["--hw-steps", "10", "--hw-select-every", "11"]):
            with self.assertRaisesRegex(common.BenchError, "exceeds",
                                        msg=argv):
                lra.parse_args(argv)
        self.assertEqual(lra.parse_args(
            ["--hw-steps", "10", "--hw-select-every", "10"]).hw_select_every,
            10)
        # Per-task defaults of the HW-aware fine-tuning; the command line
        # overrides them for every task.
        self.assertEqual(lra.task_setting(a, "listops", "hw_steps"), 1000)
        self.assertEqual(lra.task_setting(a, "listops", "hw_policy"), "all")
        self.assertEqual(lra.task_setting(a, "listops", "hw_select_every"), 0)
        self.assertEqual(lra.task_setting(a, "image", "hw_steps"), 3000)
        self.assertEqual(lra.task_setting(a, "image", "hw_policy"),
                         "attention")
        self.assertEqual(lra.task_setting(a, "image", "hw_select_every"), 250)
        b = lra.parse_args(["--hw-steps", "7", "--hw-policy", "attention"])
        for task in lra.TASKS:
            self.assertEqual(lra.task_setting(b, task, "hw_steps"), 7)
            self.assertEqual(lra.task_setting(b, task, "hw_policy"),
                             "attention")
            # A default selection interval longer than the steps: none.
            self.assertEqual(lra.task_setting(b, task, "hw_select_every"), 0)
        # Nor at the last step itself (its only score: the last step's).
        for steps, every in ((250, 0), (251, 250)):
            self.assertEqual(lra.task_setting(lra.parse_args(
                ["--hw-steps", str(steps)]), "image", "hw_select_every"),
                every)


class ChipSequences(unittest.TestCase):
    def test_counts_per_time(self):
        import common
        import lra
        def counts(argv, total=2000):
            return lra.chip_sequences(lra.parse_args(argv), total, "listops")
        # Default: every test sequence at the first time, the first 1000
        # at the later times (all if fewer).
        self.assertEqual(counts([]), (2000, 1000))
        self.assertEqual(counts(["--eval-sequences", "500"]), (500, 500))
        self.assertEqual(counts(["--drift-sequences", "0"]), (2000, 2000))
        self.assertEqual(counts(["--drift-sequences", "150"]), (2000, 150))
        self.assertEqual(lra.sequences_per_time(lra.parse_args(
            ["--times", "0 s,1 hour,1 day"]), 2000, "listops"),
            [2000, 1000, 1000])
        with self.assertRaisesRegex(common.BenchError, "only 2000"):
            counts(["--eval-sequences", "2050"])
        with self.assertRaisesRegex(common.BenchError, "multiple"):
            counts([], total=2010)
        # An explicit drift count above the first time's is an error.
        with self.assertRaisesRegex(common.BenchError, "exceeds"):
            counts(["--eval-sequences", "500", "--drift-sequences", "1000"])
        # parse_args checks every task's counts before any training.
        self.assertEqual(lra.test_count(lra.parse_args([]), "image"), 10000)
        self.assertEqual(lra.test_count(lra.parse_args(
            ["--listops-counts", "100,100,400"]), "listops"), 400)
        self.assertEqual(lra.test_count(lra.parse_args(
            ["--test-sequences", "250"]), "image"), 250)
        for argv in (["--eval-sequences", "4000"],
                     ["--listops-counts", "100,100,2010"]):
            with self.assertRaisesRegex(common.BenchError, "listops",
                                        msg=argv):
                lra.parse_args(argv)
        lra.parse_args(["--eval-sequences", "4000", "--tasks", "image"])
        lra.parse_args(["--listops-counts", "100,100,2010", "--train-only"])


class ChipTask(unittest.TestCase):
    """lra_chip.eval_task with a stand-in session: each time runs on its
    own number of sequences (--eval-sequences, --drift-sequences)."""

    def test_each_time_runs_its_first_sequences(self):
        import types
        import numpy as np
        import common
        import lra_chip
        runs = []

        class StandInSession:
            num_tiles = 1

            def __init__(self, text, **options):
                pass

            def reprogram(self, seed, t):
                runs.append(("reprogram", seed, t))

            def run(self, function, args):
                x = args[0]
                runs.append(("run", len(x)))
                logits = np.zeros((len(x), 10))
                logits[np.arange(len(x)), x[:, 0]] = 1.0  # predicts x[:, 0]
                return [logits]

            def report(self):
                return {}

        cost = {"analog": {"energy_j": 1.0, "latency_s": 1.0, "mvms": 1},
                "digital": {"energy_j": 1.0, "latency_s": 1.0,
                            "operations": 1}, "total_energy_j": 2.0}
        y = np.arange(20) % 10
        x = np.stack([np.where(np.arange(20) < 10, y, (y + 1) % 10),
                      np.zeros(20, int)], axis=1)
        saved = (common.import_aimc, lra_chip._per_sequence)
        common.import_aimc = lambda: types.SimpleNamespace(
            Session=StandInSession)
        counted = []
        lra_chip._per_sequence = lambda report, n: counted.append(n) or cost
        try:
            with tempfile.TemporaryDirectory() as d:
                module, data = (os.path.join(d, "m.mlir"),
                                os.path.join(d, "test.npz"))
                with open(module, "w") as f:
                    f.write("// stand-in module of ChipTask\n")
                np.savez(data, x=x, y=y)
                task = {"module": module, "module_sha": lra_chip.sha_of(
                            module), "data": data,
                        "data_sha": lra_chip.sha_of(data),
                        "policy": "attention", "seed": 3,
                        "times": [0.0, 86400.0], "sequences": [20, 10],
                        "batch": 10}
                out = lra_chip.eval_task(task)
                # The first 10 sequences are predicted right, the rest not.
                self.assertEqual(out["accuracy"], [50.0, 100.0])
                self.assertEqual([len(p) for p in out["predictions"]],
                                 [20, 10])
                self.assertEqual(counted, [20])   # cost per sequence
                self.assertEqual(runs, [("reprogram", 3, 0.0), ("run", 10),
                                        ("run", 10), ("reprogram", 3,
                                                      86400.0), ("run", 10)])
                for bad in ([20], [20, 15], [30, 10], [0, 10]):
                    with self.assertRaisesRegex(common.BenchError,
                                                "sequences", msg=bad):
                        lra_chip.eval_task(dict(task, sequences=bad))
        finally:
            common.import_aimc, lra_chip._per_sequence = saved


class DriftSequences(unittest.TestCase):
    def test_first_time_on_the_drift_sequences(self):
        import numpy as np
        import lra
        a = lra.parse_args(["--eval-sequences", "100", "--drift-sequences",
                            "50", "--times", "0 s,1 day"])
        y = np.arange(100) % 10
        right, wrong = y.copy(), (y + 1) % 10
        # Seed 0 right on all 100; seed 1 right on the first 25 only.
        half = np.where(np.arange(100) < 25, y, wrong)
        chip = {name: {policy: {"0 s": [{"predictions": right},
                                        {"predictions": half}]}
                       for policy in ("attention", "all")}
                for name in ("hw", "float")}
        out = lra.first_time_on_drift_sequences("image", chip,
                                                {"y_test": y}, a)
        for name in ("hw", "float"):
            for policy in ("attention", "all"):
                self.assertAlmostEqual(out[name][policy]["mean"], 75.0)
                self.assertAlmostEqual(out[name][policy]["std"], 25.0)

    def test_float_accuracies_on_the_chip_sequences(self):
        import numpy as np
        import lra
        y = np.arange(40) % 10
        right, wrong = y.copy(), (y + 1) % 10
        fpred = np.where(np.arange(40) < 10, right, wrong)   # 10 of 40
        hpred = np.where(np.arange(40) < 20, wrong, right)   # 20 of 40
        out = lra.float_accuracies_on_chip_sequences(fpred, hpred, y, 20)
        self.assertEqual(out, {"float_accuracy_eval_subset": 25.0,
                               "float_accuracy_drift_subset": 50.0,
                               "hw_float_accuracy_eval_subset": 50.0,
                               "hw_float_accuracy_drift_subset": 0.0})


class PairedDifferences(unittest.TestCase):
    def test_mean_and_standard_error(self):
        import numpy as np
        import lra
        y = np.array([0, 1, 2, 3])
        right, wrong = np.array([0, 1, 2, 3]), np.array([9, 9, 9, 9])
        half = np.array([0, 1, 9, 9])

        def chip(hw_attention):
            runs = lambda p: [{"predictions": p}, {"predictions": p}]
            return {"hw": {"attention": {"0 s": runs(hw_attention)},
                           "all": {"0 s": runs(right)}},
                    "float": {"attention": {"0 s": runs(right)},
                              "all": {"0 s": runs(right)}}}
        d = lra.paired_differences(chip(half), right, right, y)
        diff = d["hw_chip_attention_minus_float"]
        # d_i = (0, 0, -1, -1): mean -50%, SE std(d) / sqrt(4) = 28.87%.
        self.assertAlmostEqual(diff["mean"], -50.0)
        self.assertAlmostEqual(diff["se"], 100 * (1 / 3) ** 0.5 / 2)
        self.assertEqual(d["hw_chip_all_minus_float"],
                         {"mean": 0.0, "se": 0.0})
        # One sequence: the SE is undefined, not 0.
        one = lra.paired_differences(
            {k: {p: {"0 s": [{"predictions": wrong[:1]}]} for p in
                 ("attention", "all")} for k in ("hw", "float")},
            right[:1], right[:1], y[:1])
        self.assertIsNone(one["hw_chip_attention_minus_float"]["se"])
        self.assertEqual(one["hw_chip_attention_minus_float"]["mean"],
                         -100.0)
        self.assertEqual(lra.se_text(None), "n/a (1 sequence)")
        self.assertEqual(lra.se_text(0.456), "0.46")


@unittest.skipIf(not HAVE_TORCH, "torch missing")
class Selection(unittest.TestCase):
    """performer_training.train(select=...): model selection by a score
    (lra.py: validation accuracy) does not change the training, returns
    the best-scoring model, and survives a reload of the checkpoint."""

    def run_training(self, path, select):
        import numpy as np
        import torch
        import performer_training
        rng = np.random.default_rng(0)
        x = rng.standard_normal((64, 3)).astype(np.float32)
        y = (x[:, 0] > 0).astype(np.int64)
        torch.manual_seed(0)
        model = torch.nn.Linear(3, 2)
        params = {"steps": 20, "batch": 8, "lr": 0.05, "weight_decay": 0.0,
                  "select_every": 5 if select else 0}
        state, _ = performer_training.train(
            model, x, y, params, path, lambda t: 1.0, "tiny", data_seed=0,
            log=lambda m: None, select=select)
        return model, state

    def test_selection(self):
        import torch
        seen = {}
        scores = {5: 0.5, 10: 0.9, 15: 0.9, 20: 0.7}  # a tie: the later

        def score(model):
            self.assertFalse(model.training)   # scored in eval mode
            step = 5 * (len(seen) + 1)
            seen[step] = {k: v.clone() for k, v in
                          model.state_dict().items()}
            return scores[step]
        with tempfile.TemporaryDirectory() as d:
            model, state = self.run_training(os.path.join(d, "a.pt"),
                                             (5, score))
            self.assertEqual(sorted(seen), [5, 10, 15, 20])
            self.assertEqual(state["selected_step"], 15)
            self.assertEqual(state["selected_score"], 0.9)
            self.assertEqual(state["scores"],
                             [[s, scores[s]] for s in (5, 10, 15, 20)])
            for k, v in model.state_dict().items():
                self.assertTrue(torch.equal(v, seen[15][k]), k)
            # Without selection: the same training, ending at step 20's
            # weights (the scoring drew no random numbers).
            last, _ = self.run_training(os.path.join(d, "b.pt"), None)
            for k, v in last.state_dict().items():
                self.assertTrue(torch.equal(v, seen[20][k]), k)
                self.assertFalse(torch.equal(v, seen[15][k]), k)
            # The finished checkpoint holds the selected model.
            again, state2 = self.run_training(os.path.join(d, "a.pt"),
                                              (5, score))
            self.assertEqual(len(seen), 4)   # not trained or scored again
            self.assertEqual(state2["selected_step"], 15)
            for k, v in again.state_dict().items():
                self.assertTrue(torch.equal(v, seen[15][k]), k)


@unittest.skipIf(SKIP, "torch, aimc._aimc or dataset-fashion-mnist missing")
class Smoke(unittest.TestCase):
    def test_smoke(self):
        with tempfile.TemporaryDirectory() as out:
            env = dict(os.environ)
            # A fresh cache, so that training and the chip runs happen.
            cache = os.path.join(out, "cache")
            r = subprocess.run([sys.executable, SCRIPT, "--smoke", "--out",
                                out, "--cache", cache],
                               capture_output=True, text=True,
                               env=env, cwd=REPO, timeout=1800)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertIn("total time", r.stdout)
            self.assertIn("ETA", r.stdout)
            with open(os.path.join(out, "lra.json")) as f:
                data = json.load(f)
            self.assertEqual(sorted(data["tasks"]), ["image", "listops"])
            for task, e in data["tasks"].items():
                for key in ("float_accuracy", "chip_accuracy",
                            "chip_accuracy_all", "chip_accuracy_std",
                            "energy_per_sequence_j", "seeds", "drift",
                            "config", "non_hw_aware", "hw_float_accuracy",
                            "digital_estimate"):
                    self.assertIn(key, e, task)
                for key in ("float_accuracy", "chip_accuracy",
                            "chip_accuracy_all"):
                    self.assertTrue(0 <= e[key] <= 100, (task, key))
                self.assertEqual(set(e["drift"]["hw"]["attention"]),
                                 {"0 s", "1 day"})
                self.assertGreater(e["energy_per_sequence_j"], 0)
                self.assertGreater(e["cost_all"]["tiles"],
                                   e["cost"]["tiles"])
                self.assertEqual(e["config"]["seq_len"], 60)
                # --smoke: t = 0 on 20 sequences, 1 day on the first 10.
                self.assertEqual((e["config"]["eval_sequences"],
                                  e["config"]["drift_sequences"]), (20, 10))
                self.assertEqual(set(e["drift_first_time_on_drift_sequences"]
                                     ["hw"]),
                                 {"attention", "all"})
                for model in ("float", "hw_float"):   # 10 sequences
                    acc = e[model + "_accuracy_drift_subset"]
                    self.assertAlmostEqual(acc / 10, round(acc / 10))
                # --smoke selects the HW-aware model by validation
                # accuracy (scored at steps 5 and 10, in percent).
                hw = e["config"]["hw_training"]
                self.assertEqual([s for s, _ in hw["val_scores"]], [5, 10])
                self.assertIn(hw["selected_step"], (5, 10))
                best = max(v for _, v in hw["val_scores"])
                self.assertEqual(dict(hw["val_scores"])[
                    hw["selected_step"]], best)
                self.assertAlmostEqual(hw["val_accuracy"], best)
                # Paired differences on the chip's sequences, with their
                # standard error; the goal line is one of them.
                p = e["paired_differences"]
                goal = p["hw_chip_attention_minus_float"]
                self.assertAlmostEqual(
                    goal["mean"], e["chip_accuracy"]
                    - e["float_accuracy_eval_subset"], places=6)
                self.assertAlmostEqual(
                    p["hw_float_minus_float"]["mean"],
                    e["hw_float_accuracy_eval_subset"]
                    - e["float_accuracy_eval_subset"], places=6)
                for d in p.values():
                    self.assertGreaterEqual(d["se"], 0)
                    self.assertLessEqual(d["se"], 100 / 19 ** 0.5)
            for name in ("lra.md", "lra.png"):
                self.assertGreater(os.path.getsize(os.path.join(out, name)),
                                   100)
            # A second run is served from the caches: same numbers.
            r2 = subprocess.run([sys.executable, SCRIPT, "--smoke", "--out",
                                 out, "--cache", cache],
                                capture_output=True, text=True,
                                env=env, cwd=REPO, timeout=1800)
            self.assertEqual(r2.returncode, 0, r2.stderr)
            self.assertNotIn("steps from step", r2.stdout)  # cached
            with open(os.path.join(out, "lra.json")) as f:
                again = json.load(f)
            for task in data["tasks"]:
                self.assertEqual(again["tasks"][task]["chip_accuracy"],
                                 data["tasks"][task]["chip_accuracy"])
            # The chip tasks on two local Dask workers (the trained models
            # copied, the chip results not): the serial results, value for
            # value (every task carries its seed).
            cache2 = os.path.join(out, "cache2")
            shutil.copytree(cache, cache2, ignore=shutil.ignore_patterns(
                "sweep-eval", "eval-inputs"))
            out2 = os.path.join(out, "parallel")
            r3 = subprocess.run([sys.executable, SCRIPT, "--smoke", "--tasks",
                                 "image", "--jobs", "2", "--out", out2,
                                 "--cache", cache2],
                                capture_output=True, text=True,
                                env=env, cwd=REPO, timeout=1800)
            self.assertEqual(r3.returncode, 0, r3.stdout + r3.stderr)
            self.assertIn("on 2 local Dask workers", r3.stdout)
            self.assertNotIn("steps from step", r3.stdout)  # cached
            with open(os.path.join(out2, "lra.json")) as f:
                parallel = json.load(f)["tasks"]["image"]
            serial = data["tasks"]["image"]
            for entry in (parallel, serial):   # the cache's path differs
                for part in ("float_training", "hw_training"):
                    entry["config"][part].pop("checkpoint")
            self.assertEqual(parallel, serial)

    def test_bad_option_exits_with_a_message(self):
        r = subprocess.run([sys.executable, SCRIPT, "--tasks", "pathfinder"],
                           capture_output=True, text=True, cwd=REPO,
                           timeout=300)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("pathfinder", r.stderr)


if __name__ == "__main__":
    unittest.main()
