"""aimc.Session on analog models: the projection runs on the simulated
chip; the ideal chip matches a float64 numpy reference, HERMES stays within
a bounded error, the chip is programmed once per session, runs are
seeded, and the report has the analog op's figures."""

import unittest

import numpy as np

import aimc

S, D, B = 300, 40, 16

MODEL = f"""\
func.func @project(%x: tensor<{B}x{D}xf32>) -> tensor<{B}x{S}xf32> {{
  %o = ka.sample_projection orthogonal seed(9) : tensor<{S}x{D}xf32>
  %z = ka.projection %x, %o : (tensor<{B}x{D}xf32>, tensor<{S}x{D}xf32>) -> tensor<{B}x{S}xf32>
  return %z : tensor<{B}x{S}xf32>
}}
"""


def reference(x):
    omega = aimc.sample_projection("orthogonal", S, D, 9).astype(np.float64)
    return x.astype(np.float64) @ omega.T


def rel(a, b):
    return np.linalg.norm(a - b) / np.linalg.norm(b)


class AnalogSession(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.x = np.random.default_rng(0).standard_normal((B, D)).astype(
            np.float32)

    def test_ideal_chip_matches_float(self):
        sess = aimc.Session(MODEL, chip="ideal")
        (z,) = sess.run("project", [self.x])
        # Measured: 1.2e-7 (normwise).
        self.assertLess(rel(z, reference(self.x)), 1e-5)

    def test_hermes_error_bounded(self):
        sess = aimc.Session(MODEL, chip="hermes", seed=3)
        errors = [rel(sess.run("project", [self.x])[0], reference(self.x))
                  for _ in range(3)]
        # Measured: 0.117-0.122 per call (normwise, seeds 0-3; Gaussian
        # weights and inputs, cf. docs/Executor.md), fresh read noise each
        # call on the same programmed weights.
        for e in errors:
            self.assertLess(e, 0.2)
            self.assertGreater(e, 1e-3)
        self.assertEqual(len(set(errors)), 3)

    def test_programmed_once_and_reported(self):
        sess = aimc.Session(MODEL, chip="hermes", seed=1)
        self.assertEqual(sess.entries, ["project"])
        # 300 columns: tiles of 256 and 44, packed onto one crossbar.
        self.assertEqual(sess.num_tiles, 2)
        self.assertGreater(sess.compile_seconds, 0)
        for _ in range(3):
            sess.run("project", [self.x])
        r = sess.report()
        self.assertEqual(r["calls"], 3)
        self.assertTrue(r["analog"]["has_analog_tiles"])
        ops, total = r["analog"]["ops"], r["analog"]["total"]
        self.assertEqual(len(ops), 1)
        self.assertEqual(ops[0]["tiles"], 2)
        self.assertEqual(total["mvms"], 3 * B * 2)
        self.assertEqual(total["operations"], 3 * B * 2 * S * D)
        self.assertGreater(total["energy_j"], 0)
        self.assertGreater(total["latency_s"], 0)
        self.assertGreater(total["tops_per_w"], 0)
        self.assertAlmostEqual(total["utilization"], S * D / (256 * 256),
                               places=6)
        self.assertAlmostEqual(r["total_energy_j"],
                               total["energy_j"] + r["digital_energy_j"])
        sess.reset_stats()
        sess.run("project", [self.x])
        self.assertEqual(sess.report()["analog"]["total"]["mvms"], B * 2)

    def test_seeded(self):
        runs = {}
        for seed in (4, 4, 5):
            sess = aimc.Session(MODEL, chip="hermes", seed=seed)
            runs.setdefault(seed, []).append(
                [sess.run("project", [self.x])[0] for _ in range(2)])
        a, b = runs[4]
        for za, zb in zip(a, b):
            np.testing.assert_array_equal(za, zb)
        self.assertFalse(np.array_equal(a[0], runs[5][0][0]))

    def test_chip_error_is_a_run_error(self):
        sess = aimc.Session(MODEL, chip="hermes")
        x = self.x.copy()
        x[2, 3] = np.inf
        with self.assertRaisesRegex(aimc.RunError, r"hermes chip reported an "
                                    r"error: .*input \(2, 3\) is not "
                                    r"finite"):
            sess.run("project", [x])
        (z,) = sess.run("project", [self.x])  # still usable
        self.assertLess(rel(z, reference(self.x)), 0.2)


if __name__ == "__main__":
    unittest.main()
