"""RandomFeatureRidgeClassifier on the float backend: the scikit-learn
protocol, the closed-form solve, the feature definitions of docs/Python.md,
binary and one-vs-rest decisions, and argument errors."""

import unittest

import numpy as np

import aimc
from synthetic import blobs, rings
from aimc import kamodels
from aimc.ridge import NormalEquations, solve_ridge


class FloatClassifier(unittest.TestCase):
    def test_feature_definitions(self):
        x = np.random.default_rng(0).standard_normal((5, 3))
        clf = aimc.RandomFeatureRidgeClassifier(kernel="rbf", method="orf",
                                                n_features=8, gamma=0.3,
                                                seed=11)
        clf.fit(np.vstack([x, -x]), [0] * 5 + [1] * 5)
        omega = aimc.sample_projection("orthogonal", 8, 3, 11)
        np.testing.assert_array_equal(clf.omega_, omega)
        z = x.astype(np.float32).astype(np.float64) @ omega.T.astype(
            np.float64)
        w = np.sqrt(2 * float(np.float32(0.3))) * z
        expected = np.hstack([np.cos(w), np.sin(w)]) / np.sqrt(8)
        phi = clf.transform(x)
        self.assertEqual(phi.shape, (5, 16))  # 2s features for rbf
        np.testing.assert_allclose(phi, expected, rtol=1e-12)
        for order in (0, 1):
            clf.set_params(kernel=f"arccos{order}").fit(
                np.vstack([x, -x]), [0] * 5 + [1] * 5)
            phi = clf.transform(x)
            self.assertEqual(phi.shape, (5, 8))  # s features
            np.testing.assert_allclose(
                phi, np.sqrt(2 / 8) * (z > 0) * z**order, rtol=1e-12)

    def test_rbf_features_approximate_the_kernel(self):
        # SORF rows all have norm sqrt(d') (no chi(d) radii), so its kernel
        # is biased for small d; it is checked on d = 32 (measured relative
        # Frobenius errors: rff 0.017, orf 0.018 at d = 4; sorf 0.063).
        rng = np.random.default_rng(1)
        for method, d, bound in (("rff", 4, 0.04), ("orf", 4, 0.04),
                                 ("sorf", 32, 0.1)):
            x = rng.standard_normal((40, d))
            gamma = 0.8 / d
            clf = aimc.RandomFeatureRidgeClassifier(
                method=method, n_features=4096, gamma=gamma, seed=3)
            clf.fit(x, np.arange(40) % 2)
            phi = clf.transform(x)
            d2 = np.sum((x[:, None] - x[None]) ** 2, axis=2)
            k = np.exp(-gamma * d2)
            err = np.linalg.norm(phi @ phi.T - k) / np.linalg.norm(k)
            self.assertLess(err, bound, method)

    def test_solve_matches_the_normal_equations(self):
        rng = np.random.default_rng(2)
        for n, f in ((50, 10), (10, 30)):  # primal and dual branches
            phi, y = rng.standard_normal((n, f)), rng.standard_normal((n, 2))
            w, c = solve_ridge(phi, y, 0.7)
            a = np.hstack([np.ones((n, 1)), phi])
            ref = np.linalg.inv(a.T @ a + 0.7 * np.eye(f + 1)) @ a.T @ y
            np.testing.assert_allclose(c, ref[0], rtol=1e-9, atol=1e-12)
            np.testing.assert_allclose(w, ref[1:], rtol=1e-9, atol=1e-12)
            # Accumulated over row slices: the same solution.
            if n > f:
                equations = NormalEquations(f, 2)
                for rows in np.array_split(np.arange(n), 3):
                    equations.add(phi[rows], y[rows])
                w2, c2 = equations.solve(0.7)
                np.testing.assert_allclose(w2, w, rtol=1e-10, atol=1e-13)
                np.testing.assert_allclose(c2, c, rtol=1e-10, atol=1e-13)
        # alpha = 0 with duplicated columns falls back to least squares.
        phi = rng.standard_normal((20, 3))
        w, c = solve_ridge(np.hstack([phi, phi]), phi @ [1.0, 2.0, 3.0], 0.0)
        np.testing.assert_allclose(np.hstack([phi, phi]) @ w + c,
                                   phi @ [1.0, 2.0, 3.0], atol=1e-9)

    def test_fit_in_slices_equals_one_solve(self):
        # 9000 rows: the float features come in two slices of <= 8192.
        x, y = rings(9000, 9)
        clf = aimc.RandomFeatureRidgeClassifier(n_features=16, alpha=0.3,
                                                seed=2).fit(x, y)
        w, c = solve_ridge(clf.transform(x), y[:, None].astype(float), 0.3)
        np.testing.assert_allclose(clf.coef_, w, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(clf.intercept_, c, rtol=1e-9, atol=1e-12)

    def test_binary_accuracy_and_decisions(self):
        x, y = rings(600, 0)
        clf = aimc.RandomFeatureRidgeClassifier(n_features=128, gamma=1.0,
                                                alpha=0.1, seed=1)
        self.assertIs(clf.fit(x[:400], y[:400]), clf)
        self.assertGreater(clf.score(x[400:], y[400:]), 0.93)
        scores = clf.decision_function(x[400:])
        self.assertEqual(scores.shape, (200,))
        # Centred at 0: classes_[1] where the readout score is >= 0.5.
        np.testing.assert_array_equal(clf.predict(x[400:]),
                                      (scores >= 0).astype(np.int64))
        # Labels other than 0/1 are mapped through classes_.
        named = np.where(y == 1, "in", "out")
        clf.fit(x[:400], named[:400])
        self.assertEqual(list(clf.classes_), ["in", "out"])
        self.assertGreater(clf.score(x[400:], named[400:]), 0.93)

    def test_multiclass_one_vs_rest(self):
        x, y = blobs(500, 4)
        clf = aimc.RandomFeatureRidgeClassifier(n_features=64, gamma=0.5,
                                                alpha=0.5, method="orf")
        clf.fit(x[:300], y[:300] + 10)
        np.testing.assert_array_equal(clf.classes_, [10, 11, 12, 13])
        self.assertEqual(clf.coef_.shape, (128, 4))
        scores = clf.decision_function(x[300:])
        self.assertEqual(scores.shape, (200, 4))
        np.testing.assert_array_equal(clf.predict(x[300:]),
                                      10 + np.argmax(scores, axis=1))
        np.testing.assert_allclose(
            scores, clf.transform(x[300:]) @ clf.coef_ + clf.intercept_ - 0.5)
        self.assertGreater(clf.score(x[300:], y[300:] + 10), 0.95)

    def test_decide_matches_the_ka_decisions(self):
        s = np.array([[0.5], [0.49], [np.nan], [-3.0], [7.0]])
        np.testing.assert_array_equal(kamodels.decide(s), [1, 0, 0, 0, 1])
        m = np.array([[1.0, 1.0, 0.0], [np.nan, 2.0, 1.0],
                      [np.nan, np.nan, np.nan]])
        np.testing.assert_array_equal(kamodels.decide(m), [0, 1, 0])

    def test_params_protocol(self):
        clf = aimc.RandomFeatureRidgeClassifier(kernel="arccos1",
                                                n_features=10, alpha=0.5)
        params = clf.get_params()
        self.assertEqual(params["kernel"], "arccos1")
        self.assertEqual(params["n_features"], 10)
        self.assertEqual(set(params), {
            "kernel", "method", "n_features", "gamma", "alpha", "backend",
            "fit_on",
            "chip", "t_inference", "seed", "chip_seed", "batch_size",
            "num_chips", "drift_compensation", "approximate_math",
            "verbose"})
        clone = aimc.RandomFeatureRidgeClassifier(**params)
        self.assertEqual(clone.get_params(), params)
        x, y = rings(100, 1)
        clf.fit(x, y)
        self.assertIs(clf.set_params(n_features=20, seed=3), clf)
        self.assertEqual(clf.get_params()["n_features"], 20)
        with self.assertRaises(aimc.NotFittedError):  # set_params drops it
            clf.predict(x)
        clf.fit(x, y)
        self.assertEqual(clf.coef_.shape, (20, 1))
        with self.assertRaisesRegex(ValueError, "Invalid parameter 'gama'"):
            clf.set_params(gama=1.0)
        self.assertIn("RandomFeatureRidgeClassifier(alpha=0.5, "
                      "kernel='arccos1'", repr(clf))

    def test_same_seed_same_model(self):
        x, y = rings(200, 2)
        a = aimc.RandomFeatureRidgeClassifier(method="rff", seed=7).fit(x, y)
        b = aimc.RandomFeatureRidgeClassifier(method="rff", seed=7).fit(x, y)
        c = aimc.RandomFeatureRidgeClassifier(method="rff", seed=8).fit(x, y)
        np.testing.assert_array_equal(a.coef_, b.coef_)
        self.assertFalse(np.array_equal(a.coef_, c.coef_))

    def test_errors(self):
        x, y = rings(50, 3)
        cls = aimc.RandomFeatureRidgeClassifier
        with self.assertRaises(aimc.NotFittedError):
            cls().predict(x)
        bad = [
            ({"kernel": "poly"}, "unknown kernel 'poly'"),
            ({"method": "nystroem"}, "unknown random-feature method"),
            ({"backend": "gpu"}, "unknown backend 'gpu'"),
            ({"chip": "tpu", "backend": "aimc"}, "unknown chip 'tpu'"),
            ({"chip": '#aimc.chip<"hermes", adc_bits = 40>', "backend": "aimc"},
             r"chip:1:33: invalid #aimc.chip<\"hermes\">: adc_bits must be "
             r"in \[2, 16\], got 40"),
            ({"n_features": 0}, "n_features must be a positive integer"),
            ({"n_features": 2.5}, "n_features must be a positive integer"),
            ({"batch_size": -1}, "batch_size must be a positive integer"),
            ({"alpha": -0.1}, "alpha must be finite and >= 0"),
            ({"gamma": 0.0}, "gamma must be positive and finite"),
            ({"gamma": float("inf")}, "gamma must be positive and finite"),
            ({"t_inference": -1.0}, "t_inference must be finite and >= 0"),
            ({"seed": -2}, r"seed must be an integer in \[0, 2\^63\)"),
            ({"chip_seed": 2**64}, r"chip_seed must be an integer"),
        ]
        for params, message in bad:
            with self.subTest(params=params):
                with self.assertRaisesRegex(ValueError, message):
                    cls(**params).fit(x, y)
        with self.assertRaisesRegex(ValueError, "1 class"):
            cls().fit(x, np.zeros(50))
        with self.assertRaisesRegex(ValueError, "inconsistent numbers"):
            cls().fit(x, y[:-1])
        with self.assertRaisesRegex(ValueError, "Expected 2D array"):
            cls().fit(x[:, 0], y)
        x_nan = x.copy()
        x_nan[3, 1] = np.nan
        with self.assertRaisesRegex(ValueError, "Input X contains NaN"):
            cls().fit(x_nan, y)
        with self.assertRaisesRegex(ValueError, "could not convert"):
            cls().fit(np.full(x.shape, "a"), y)
        clf = cls().fit(x, y)
        with self.assertRaisesRegex(ValueError, "X has 3 features, but "
                                    "RandomFeatureRidgeClassifier is "
                                    "expecting 2"):
            clf.predict(np.zeros((4, 3)))
        with self.assertRaisesRegex(ValueError, "inconsistent numbers"):
            clf.score(x, y[:10])


if __name__ == "__main__":
    unittest.main()
