"""aimc.Session on digital modules: numpy arrays in and out, signatures,
reports as Python objects, and every error raised as a Python exception
(never a crash)."""

import os
import unittest

import numpy as np

import aimc

ENTRIES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                       "Tools", "aimc-run", "Inputs", "entries.mlir")


class DigitalSession(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(ENTRIES) as f:
            cls.source = f.read()
        cls.sess = aimc.Session(cls.source, chip="ideal", name="entries.mlir")

    def test_entries_and_signatures(self):
        self.assertIn("add", self.sess.entries)
        self.assertIn("pair", self.sess.entries)
        self.assertNotIn("hidden", self.sess.entries)  # private
        self.assertEqual(self.sess.signature("add"),
                         {"args": [("float32", (2, 3)), ("float32", (2, 3))],
                          "results": [("float32", (2, 3))]})

    def test_run_returns_numpy_results(self):
        a = np.arange(6, dtype=np.float32).reshape(2, 3)
        b = np.full((2, 3), 0.25, dtype=np.float32)
        (s,) = self.sess.run("add", [a, b])
        self.assertIsInstance(s, np.ndarray)
        self.assertEqual(s.dtype, np.float32)
        np.testing.assert_array_equal(s, a + b)
        x, neg = self.sess.run("pair", [a])
        np.testing.assert_array_equal(x, a)
        np.testing.assert_array_equal(neg, -a)

    def test_inputs_converted_to_the_argument_type(self):
        a = np.arange(6, dtype=np.float64).reshape(2, 3) / 3
        (s,) = self.sess.run("add", [a, [[1, 2, 3], [4, 5, 6]]])
        np.testing.assert_array_equal(
            s, a.astype(np.float32) + np.arange(1, 7, dtype=np.float32)
            .reshape(2, 3))
        # Non-contiguous views are copied in C order.
        big = np.arange(12, dtype=np.float32).reshape(3, 4)
        (s,) = self.sess.run("add", [big[:2, 1:], big[1:, :3].T.T])
        np.testing.assert_array_equal(s, big[:2, 1:] + big[1:, :3])

    def test_errors_are_exceptions(self):
        a = np.zeros((2, 3), np.float32)
        with self.assertRaisesRegex(aimc.RunError, "unknown entry function "
                                    "@nope; the module defines @add"):
            self.sess.run("nope", [a])
        with self.assertRaisesRegex(aimc.RunError, r"argument #1 of @add: "
                                    r"expected float32\[2x3\], got "
                                    r"float32\[3x2\]"):
            self.sess.run("add", [a, a.T])
        with self.assertRaisesRegex(aimc.RunError, "@add takes 2 argument"):
            self.sess.run("add", [a])
        with self.assertRaisesRegex(TypeError, "argument 1 of @add is "
                                    "float32, got an array of <U"):
            self.sess.run("add", [a, [["x"] * 3] * 2])
        with self.assertRaisesRegex(TypeError, "a list of arrays"):
            self.sess.run("add", a)
        with self.assertRaisesRegex(aimc.RunError, "scalar_arg"):
            self.sess.run("scalar_arg", [1.0])
        # The session still works after errors.
        (s,) = self.sess.run("add", [a + 1, a])
        np.testing.assert_array_equal(s, a + 1)

    def test_report_as_python_objects(self):
        sess = aimc.Session(self.source, chip="ideal", seed=4)
        a = np.ones((2, 3), np.float32)
        sess.run("add", [a, a])
        sess.run("add", [a, a])
        r = sess.report()
        self.assertEqual(r["calls"], 2)
        self.assertEqual(r["entry"], "add")
        self.assertEqual(r["chip"], '#aimc.chip<"ideal">')
        self.assertEqual(r["chip_parameters"]["noise_model"], "none")
        self.assertEqual(r["chip_parameters"]["cores"], 64)
        self.assertEqual(r["seed"], 4)
        self.assertFalse(r["analog"]["has_analog_tiles"])
        self.assertEqual(r["analog"]["ops"], [])
        for key in ("mvms", "latency_s", "energy_j", "utilization",
                    "tops_per_w"):
            self.assertEqual(r["analog"]["total"][key], 0, key)
        self.assertGreaterEqual(r["wall_time_s"], 0)
        self.assertGreater(r["compile_time_s"], 0)
        self.assertEqual(sess.num_tiles, 0)
        self.assertIn("aimc-run report", sess.report_text())
        sess.reset_stats()
        self.assertEqual(sess.report()["calls"], 0)

    def test_creation_errors(self):
        with self.assertRaisesRegex(aimc.CompileError,
                                    r"m.mlir:2:10: error: use of undeclared "
                                    r"SSA value name"):
            aimc.Session("func.func @f() {\n  return %x : i32\n}\n",
                         name="m.mlir")
        with self.assertRaisesRegex(ValueError, "unknown chip 'gpu'"):
            aimc.Session(self.source, chip="gpu")
        with self.assertRaisesRegex(ValueError, "inference time must be a "
                                    "finite number of seconds >= 0"):
            aimc.Session(self.source, t_inference=-1.0)
        with self.assertRaisesRegex(ValueError, "inference time"):
            aimc.Session(self.source, t_inference=float("nan"))
        # Short argument errors that name the argument, not the source.
        for kwargs, error, message in (
                ({"seed": -1}, ValueError, r"seed must be in \[0, 2\^64\), "
                                           r"got -1"),
                ({"seed": "1"}, TypeError, "seed must be an integer, got str"),
                ({"seed": 1.5}, TypeError, "seed must be an integer"),
                ({"t_inference": "1"}, TypeError, "t_inference must be a "
                                                 "number"),
                ({"num_chips": None, "min_size": -1}, ValueError,
                 "minimum analog matmul size must be >= 0"),
                ({"drift_compensation": 1}, TypeError, "drift_compensation"),
                ({"chip": 3}, TypeError, "chip must be an aimc.Chip")):
            with self.subTest(**kwargs):
                with self.assertRaisesRegex(error, message) as raised:
                    aimc.Session(self.source, **kwargs)
                self.assertNotIn("func.func", str(raised.exception))
                self.assertLess(len(str(raised.exception)), 120)

    def test_module_options_carry_over(self):
        m = aimc.compile(self.source, policy="all", name="entries.mlir")
        sess = aimc.Session(m, chip="ideal")
        self.assertEqual(sess.options["policy"], "all")
        self.assertEqual(sess.options["chip"], "ideal")
        self.assertEqual(sess.name, "entries.mlir")


if __name__ == "__main__":
    unittest.main()
