"""RandomFeatureRidgeClassifier on the simulated chip: the ideal chip
reproduces the float model (features within 1e-4 relative, identical
predictions), HERMES stays within a few points of float accuracy, runs are
seeded and reproducible, and last_report_ carries the chip's figures."""

import unittest

import numpy as np

import aimc
from synthetic import blobs, rings


def pair(**params):
    """The same model on the float backend and on the chip."""
    base = dict(n_features=64, gamma=1.0, alpha=0.1, seed=1, batch_size=128)
    base.update(params)
    chip = base.pop("chip", "ideal")
    return (aimc.RandomFeatureRidgeClassifier(backend="float", **base),
            aimc.RandomFeatureRidgeClassifier(backend="aimc", chip=chip,
                                              **base))


def rel(a, b):
    """Normwise relative difference max|a - b| / max|b|."""
    return np.max(np.abs(a - b)) / np.max(np.abs(b))


class IdealChip(unittest.TestCase):
    def test_features_and_predictions_match_float(self):
        x, y = rings(500, 0)
        for kernel in ("rbf", "arccos0", "arccos1"):
            for method in ("rff", "orf", "sorf"):
                with self.subTest(kernel=kernel, method=method):
                    f, c = pair(kernel=kernel, method=method)
                    f.fit(x[:300], y[:300])
                    c.fit(x[:300], y[:300])
                    # Measured: at most 1.2e-6 (rbf), 1.1e-7 (arccos).
                    self.assertLess(rel(c.transform(x), f.transform(x)),
                                    1e-4)
                    self.assertLess(rel(c.coef_, f.coef_), 1e-3)
                    np.testing.assert_array_equal(c.predict(x[300:]),
                                                  f.predict(x[300:]))
                    np.testing.assert_allclose(
                        c.decision_function(x[300:]),
                        f.decision_function(x[300:]), rtol=0, atol=1e-4)

    def test_multiclass_matches_float(self):
        x, y = blobs(400, 2)
        f, c = pair(method="orf", gamma=0.5)
        f.fit(x[:250], y[:250])
        c.fit(x[:250], y[:250])
        np.testing.assert_array_equal(c.predict(x[250:]), f.predict(x[250:]))
        self.assertEqual(c.decision_function(x[250:]).shape, (150, 4))
        self.assertGreater(c.score(x[250:], y[250:]), 0.95)

    def test_batching_pads_and_trims(self):
        # 301 rows in batches of 128: 3 calls, the last padded with 83 rows.
        x, y = rings(301, 5)
        f, c = pair(batch_size=128, fit_on="chip")
        f.fit(x, y)
        c.fit(x, y)
        self.assertEqual(c.batch_, 128)
        self.assertEqual(c.last_report_["executed_rows"], 384)
        self.assertEqual(c.last_report_["rows"], 301)
        np.testing.assert_array_equal(c.predict(x[:5]), f.predict(x[:5]))
        self.assertEqual(c.last_report_["executed_rows"], 128)
        # Fewer training rows than batch_size: the batch shrinks to fit.
        c.fit(x[:50], y[:50])
        self.assertEqual(c.batch_, 50)


class HermesChip(unittest.TestCase):
    def test_accuracy_close_to_float(self):
        # Measured test accuracy float -> HERMES (chip seeds 0-3): 2-D rbf
        # 0.977 -> 0.967-0.973, 4-D rbf 0.937 -> 0.920-0.933, 4-D arccos1
        # 0.950 -> 0.940-0.963: within 0.017 of float on either side; the
        # bound is 0.03 (9 of the 300 test points) on either side.
        for d, kernel in ((2, "rbf"), (4, "rbf"), (4, "arccos1")):
            x, y = rings(900, 3, d=d)
            f, c = pair(chip="hermes", kernel=kernel, n_features=128,
                        gamma=0.5)
            f.fit(x[:600], y[:600])
            c.fit(x[:600], y[:600])
            acc_f, acc_c = f.score(x[600:], y[600:]), c.score(x[600:],
                                                            y[600:])
            with self.subTest(d=d, kernel=kernel, float=acc_f, chip=acc_c):
                self.assertGreater(acc_f, 0.85)
                self.assertLessEqual(abs(acc_c - acc_f), 0.03)
                # The chip is noisy, not exact.
                self.assertGreater(rel(c.transform(x), f.transform(x)), 1e-3)

    def test_seeded_and_reproducible(self):
        x, y = rings(300, 4)
        _, a = pair(chip="hermes", chip_seed=5, fit_on="chip")
        _, b = pair(chip="hermes", chip_seed=5, fit_on="chip")
        _, other = pair(chip="hermes", chip_seed=6, fit_on="chip")
        for clf in (a, b, other):
            clf.fit(x, y)
        np.testing.assert_array_equal(a.coef_, b.coef_)
        np.testing.assert_array_equal(a.decision_function(x),
                                      b.decision_function(x))
        self.assertFalse(np.array_equal(a.coef_, other.coef_))
        # Same projection seed: the same Omega whatever the chip seed.
        np.testing.assert_array_equal(a.omega_, other.omega_)

    def test_drift_changes_the_features(self):
        x, y = rings(300, 6)
        f, now = pair(chip="hermes")
        _, later = pair(chip="hermes", t_inference=86400.0)
        for clf in (f, now, later):
            clf.fit(x, y)
        self.assertFalse(np.array_equal(now.transform(x), later.transform(x)))
        # Drift compensation keeps a day-old chip usable.
        self.assertGreaterEqual(later.score(x, y), f.score(x, y) - 0.05)

    def test_calibrates_on_a_random_sample(self):
        # Training rows sorted by norm: the first batch holds the smallest
        # inputs. A chip calibrated on it clips the large rows at its DAC;
        # fit calibrates on a seeded random sample of all rows instead.
        # (arccos1 features are linear in the projection, so they show its
        # error undistorted.)
        x, y = rings(512, 8)
        order = np.argsort(np.linalg.norm(x, axis=1))
        x, y = x[order], y[order]
        f, c = pair(chip="hermes", batch_size=64, kernel="arccos1")
        f.fit(x, y)
        c.fit(x, y)
        large = x[-64:]
        error_sampled = rel(c.transform(large), f.transform(large))
        first_batch = aimc.Session(c.module_text_, chip="hermes", seed=1)
        first_batch.run("features", [x[:64]])
        phi = first_batch.run("features", [large])[0]
        error_first = rel(phi, f.transform(large))
        print(f"\ncalibration on a random sample: feature error "
              f"{error_sampled:.3f}, on the first batch {error_first:.3f}")
        self.assertLess(error_sampled, 0.5 * error_first)

    def test_calibration_rows_are_the_documented_sample(self):
        # docs/Python.md, "Calibration": fit runs @features once on B
        # training rows drawn with numpy.random.default_rng(seed), as they
        # are, and then (fit_on="float") runs nothing else on the chip. A
        # session programmed alike and calibrated on exactly those rows is
        # an independent reference: it reproduces the estimator's chip
        # features bit for bit. The same session calibrated on other rows
        # (the first batch, the sample scaled by 1/4) does not, so the
        # equality pins which rows, unscaled, calibrate the chip.
        x, y = rings(300, 10)
        _, c = pair(chip="hermes", batch_size=64, kernel="arccos1")
        c.fit(x, y)
        p = c.get_params()
        sample = x[np.sort(np.random.default_rng(p["seed"])
                           .permutation(x.shape[0])[:64])]
        probe = np.ascontiguousarray(x[-64:], dtype=np.float32)

        def features(calibration):
            s = aimc.Session(c.module_text_, chip="hermes", seed=p["seed"],
                             t_inference=p["t_inference"],
                             num_chips=p["num_chips"],
                             drift_compensation=p["drift_compensation"],
                             approximate_math=p["approximate_math"])
            s.run("features", [np.ascontiguousarray(calibration,
                                                    dtype=np.float32)])
            return s.run("features", [probe])[0].astype(np.float64)

        np.testing.assert_array_equal(c.transform(probe), features(sample))
        for other in (x[:64], 0.25 * sample):
            self.assertFalse(np.array_equal(c.transform(probe),
                                            features(other)))

    def test_num_chips_places_a_large_projection(self):
        # d = 512, s = 8448: 2 x 33 full 256 x 256 blocks = 66 crossbars,
        # more than one HERMES chip (64) holds.
        rng = np.random.default_rng(9)
        x = rng.standard_normal((64, 512)).astype(np.float32)
        y = (x[:, 0] > 0).astype(np.int64)
        params = dict(kernel="arccos1", n_features=8448, alpha=1.0, seed=2,
                      backend="aimc", chip="ideal", batch_size=64)
        one = aimc.RandomFeatureRidgeClassifier(**params)
        with self.assertRaises(aimc.CompileError) as raised:
            one.fit(x, y)
        self.assertIn("crossbar", str(raised.exception))
        two = aimc.RandomFeatureRidgeClassifier(num_chips=2, **params)
        two.fit(x, y)
        self.assertEqual(two.session_.num_tiles, 66)
        self.assertEqual(two.get_params()["num_chips"], 2)
        ref = aimc.RandomFeatureRidgeClassifier(
            **dict(params, backend="float")).fit(x, y)
        np.testing.assert_array_equal(two.predict(x), ref.predict(x))
        with self.assertRaises(ValueError):
            aimc.RandomFeatureRidgeClassifier(num_chips=0).fit(x, y)

    def test_report_per_inference(self):
        x, y = rings(200, 7, d=4)
        _, c = pair(chip="hermes", n_features=300, batch_size=64)
        c.fit(x, y)
        fit_report = c.last_report_
        self.assertEqual(fit_report["call"], "fit")
        c.predict(x[:100])
        r = c.last_report_
        self.assertEqual(r["call"], "predict")
        self.assertEqual(r["rows"], 100)
        self.assertEqual(r["executed_rows"], 128)  # 2 batches of 64
        self.assertEqual(r["calls"], 2)  # one @classify call per batch
        # s = 300 projections of d = 4 inputs: 2 crossbar tiles, one MVM
        # per tile and row.
        self.assertEqual(c.session_.num_tiles, 2)
        self.assertEqual(r["mvms_per_inference"], 2)
        self.assertEqual(r["mvms"], 256)
        self.assertGreater(r["analog_energy_j"], 0)
        self.assertGreater(r["digital_energy_j"], 0)
        self.assertAlmostEqual(r["energy_j"],
                               r["analog_energy_j"] + r["digital_energy_j"])
        self.assertAlmostEqual(r["energy_per_inference_j"] * 128,
                               r["energy_j"])
        self.assertAlmostEqual(r["latency_per_inference_s"] * 128,
                               r["latency_s"])
        self.assertGreater(r["latency_per_inference_s"], 0)
        self.assertGreater(r["tops_per_w"], 0)
        # Per-inference figures do not depend on how many rows ran.
        c.predict(x[:64])
        self.assertEqual(c.last_report_["executed_rows"], 64)
        self.assertAlmostEqual(c.last_report_["energy_per_inference_j"],
                               r["energy_per_inference_j"],
                               delta=1e-9 * r["energy_per_inference_j"])

    def test_model_too_large_for_the_chip(self):
        x = np.random.default_rng(0).standard_normal((10, 300))
        clf = aimc.RandomFeatureRidgeClassifier(n_features=20000,
                                                backend="aimc")
        with self.assertRaisesRegex(aimc.CompileError,
                                    "needs 95 crossbars but 1 chip"):
            clf.fit(x, np.arange(10) % 2)


if __name__ == "__main__":
    unittest.main()
