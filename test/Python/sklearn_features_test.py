"""aimc.RandomFeatures, a scikit-learn transformer whose projection runs on
the chip (composable with any linear model), and
aimc.RandomFeatureRidgeRegressor."""

import unittest

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import aimc
from aimc import kamodels
from synthetic import blobs, rings


class RandomFeaturesTest(unittest.TestCase):
    def test_float_features_are_the_reference(self):
        x, _ = rings(50, 1, d=4)
        for kernel in ("rbf", "arccos0", "arccos1", "arccos2"):
            rf = aimc.RandomFeatures(kernel=kernel, method="orf",
                                     n_features=16, gamma=0.3, seed=4)
            phi = rf.fit_transform(x)
            omega = aimc.sample_projection("orf", 16, 4, 4)
            np.testing.assert_array_equal(rf.omega_, omega)
            np.testing.assert_allclose(
                phi, kamodels.float_features(x, omega, kernel, 0.3))
            width = 32 if kernel == "rbf" else 16
            self.assertEqual(phi.shape, (50, width))
            names = rf.get_feature_names_out()
            self.assertEqual(list(names[:2]), ["randomfeatures0",
                                               "randomfeatures1"])
            self.assertEqual(len(names), width)

    def test_ideal_chip_equals_float_and_hermes_is_close(self):
        x, _ = rings(300, 2, d=4)
        ref = aimc.RandomFeatures(n_features=64, gamma=0.5).fit(x)
        ideal = aimc.RandomFeatures(n_features=64, gamma=0.5, backend="aimc",
                                    chip="ideal").fit(x)
        hermes = aimc.RandomFeatures(n_features=64, gamma=0.5,
                                     backend="aimc").fit(x)
        phi = ref.transform(x)
        scale = np.abs(phi).max()
        self.assertLess(np.abs(ideal.transform(x) - phi).max() / scale, 1e-4)
        error = np.linalg.norm(hermes.transform(x) - phi) / np.linalg.norm(phi)
        print(f"\nHERMES random features: relative error {error:.3f}")
        self.assertLess(error, 0.3)
        self.assertGreater(error, 1e-3)
        self.assertEqual(hermes.session_.num_tiles, 1)
        self.assertEqual(hermes.last_report_["call"], "transform")
        self.assertGreater(hermes.last_report_["energy_per_inference_j"], 0)

    def test_pipeline_with_logistic_regression(self):
        x, y = blobs(400, 5)
        for backend in ("float", "aimc"):
            with self.subTest(backend=backend):
                pipe = make_pipeline(
                    StandardScaler(),
                    aimc.RandomFeatures(n_features=128, gamma=0.5,
                                        backend=backend),
                    LogisticRegression(max_iter=1000))
                pipe.fit(x[:300], y[:300])
                score = pipe.score(x[300:], y[300:])
                print(f"\nblobs, RandomFeatures ({backend}) + "
                      f"LogisticRegression: {score:.3f}")
                self.assertGreater(score, 0.9)


class RegressorTest(unittest.TestCase):
    def test_fits_a_smooth_function(self):
        rng = np.random.default_rng(0)
        x = rng.uniform(-2, 2, (400, 2))
        y = np.sin(x[:, 0]) * np.cos(x[:, 1]) + 10.0
        for params in ({"backend": "float"},
                       {"backend": "aimc", "chip": "ideal"},
                       {"backend": "aimc", "chip": "hermes"}):
            with self.subTest(**params):
                reg = aimc.RandomFeatureRidgeRegressor(
                    n_features=128, gamma=0.5, alpha=0.01, **params)
                reg.fit(x[:300], y[:300])
                pred = reg.predict(x[300:])
                self.assertEqual(pred.shape, (100,))
                r2 = reg.score(x[300:], y[300:])
                print(f"\nregression {params}: R^2 {r2:.4f}")
                self.assertGreater(r2, 0.9)

    def test_multi_output_and_ideal_chip_equals_float(self):
        rng = np.random.default_rng(1)
        x = rng.standard_normal((200, 3))
        y = np.stack([x[:, 0] ** 2, x[:, 1] - x[:, 2]], axis=1)
        f = aimc.RandomFeatureRidgeRegressor(n_features=64).fit(x, y)
        c = aimc.RandomFeatureRidgeRegressor(n_features=64, backend="aimc",
                                             chip="ideal").fit(x, y)
        self.assertEqual(f.predict(x).shape, (200, 2))
        np.testing.assert_allclose(c.predict(x), f.predict(x), atol=1e-3)
        np.testing.assert_allclose(f.y_mean_, y.mean(axis=0))


if __name__ == "__main__":
    unittest.main()
