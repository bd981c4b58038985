"""The scikit-learn behaviours users rely on, beyond check_estimator:
classifier detection and stratified cross-validation, a binary
decision_function centred at 0, scikit-learn's errors, sample weights,
sparse input, 2-D y, numeric object arrays, and predictions that leave the
estimator unchanged and are reproducible call after call."""

import unittest
import warnings

import numpy as np
import scipy.sparse
from sklearn.base import clone, is_classifier, is_regressor
from sklearn.datasets import load_breast_cancer, load_iris
from sklearn.exceptions import DataConversionWarning, NotFittedError
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import aimc
from synthetic import blobs, rings

Classifier = aimc.RandomFeatureRidgeClassifier


class Api(unittest.TestCase):
    def test_classifier_and_regressor_detection(self):
        self.assertTrue(is_classifier(Classifier()))
        self.assertTrue(is_regressor(aimc.RandomFeatureRidgeRegressor()))
        self.assertIs(aimc.NotFittedError, NotFittedError)

    def test_cross_val_score_on_iris(self):
        x, y = load_iris(return_X_y=True)
        for params in ({"backend": "float"},
                       {"backend": "aimc", "chip": "hermes"}):
            with self.subTest(**params):
                scores = cross_val_score(
                    make_pipeline(StandardScaler(), Classifier(**params)),
                    x, y)
                print(f"\niris, {params}: {np.round(scores, 3)}")
                self.assertGreaterEqual(scores.mean(), 0.9)
                self.assertGreaterEqual(scores.min(), 0.8)

    def test_binary_decision_function_is_centred_at_zero(self):
        x, y = load_breast_cancer(return_X_y=True)
        x = StandardScaler().fit_transform(x)
        for params in ({"backend": "float"},
                       {"backend": "aimc", "chip": "hermes"}):
            with self.subTest(**params):
                clf = Classifier(gamma=0.01, **params).fit(x[:400], y[:400])
                scores = clf.decision_function(x[400:])
                np.testing.assert_array_equal(
                    clf.classes_[(scores >= 0).astype(int)],
                    clf.predict(x[400:]))
                self.assertLess(scores.min(), -0.2)
                self.assertGreater(scores.max(), 0.2)
                self.assertGreater(clf.score(x[400:], y[400:]), 0.9)

    def test_errors_follow_scikit_learn(self):
        x, y = rings(60, 1)
        with self.assertRaises(NotFittedError):
            Classifier().predict(x)
        with self.assertRaises(NotFittedError):
            aimc.RandomFeatures().transform(x)
        with self.assertRaisesRegex(ValueError, "Unknown label type"):
            Classifier().fit(x, np.linspace(0, 1, 60))
        with self.assertRaisesRegex(ValueError, "Input X contains NaN"):
            Classifier().fit(np.full((60, 2), np.nan), y)
        with self.assertRaisesRegex(ValueError, "infinity"):
            Classifier().fit(np.full((60, 2), np.inf), y)
        with self.assertRaisesRegex(ValueError, "float32 range"):
            Classifier().fit(np.full((60, 2), 1e300), y)
        with self.assertRaisesRegex(ValueError, "Complex data not supported"):
            Classifier().fit(x + 1j, y)
        with self.assertRaisesRegex(ValueError, "minimum of 1 is required"):
            Classifier().fit(np.zeros((0, 2)), [])
        with self.assertRaisesRegex(ValueError, "1 class"):
            Classifier().fit(x, np.zeros(60))
        with self.assertRaisesRegex(ValueError, "inconsistent numbers"):
            Classifier().fit(x, y[:-1])
        clf = Classifier().fit(x, y)
        with self.assertRaisesRegex(ValueError, "X has 3 features, but "
                                    "RandomFeatureRidgeClassifier is "
                                    "expecting 2 features"):
            clf.predict(np.zeros((4, 3)))
        with self.assertRaisesRegex(ValueError, "Expected 2D array"):
            clf.predict(x[:, 0])
        with self.assertRaisesRegex(ValueError, "Invalid parameter 'gama'"):
            clf.set_params(gama=1.0)

    def test_sample_weight(self):
        x, y = rings(200, 2)
        w = np.random.default_rng(0).integers(0, 3, 200).astype(float)
        for params in ({"backend": "float"},
                       {"backend": "aimc", "chip": "ideal"}):
            with self.subTest(**params):
                weighted = Classifier(**params).fit(x, y, sample_weight=w)
                repeated = Classifier(**params).fit(
                    np.repeat(x, w.astype(int), axis=0),
                    np.repeat(y, w.astype(int)))
                np.testing.assert_allclose(
                    weighted.decision_function(x),
                    repeated.decision_function(x), rtol=0, atol=1e-4)
        with self.assertRaisesRegex(ValueError, "Negative values"):
            Classifier().fit(x, y, sample_weight=-np.ones(200))
        with self.assertRaisesRegex(ValueError, "zero for every row"):
            Classifier().fit(x, y, sample_weight=np.zeros(200))
        with self.assertRaisesRegex(ValueError, "1 class with a positive"):
            Classifier().fit(x, y, sample_weight=y.astype(float))

    def test_sparse_input_equals_dense(self):
        x, y = blobs(150, 3)
        x[np.abs(x) < 0.5] = 0
        for params in ({"backend": "float"},
                       {"backend": "aimc", "chip": "ideal"},
                       {"backend": "aimc", "chip": "hermes"}):
            with self.subTest(**params):
                dense = Classifier(**params).fit(x, y)
                for fmt in ("csr", "csc", "coo"):
                    matrix = scipy.sparse.csr_matrix(x).asformat(fmt)
                    sparse = Classifier(**params).fit(matrix, y)
                    np.testing.assert_array_equal(
                        sparse.decision_function(matrix),
                        dense.decision_function(x))

    def test_two_dimensional_y_and_object_arrays(self):
        x, y = rings(80, 4)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            a = Classifier().fit(x, y[:, None])
        self.assertTrue(any(issubclass(w.category, DataConversionWarning)
                            for w in caught))
        b = Classifier().fit(x.astype(object), y)
        np.testing.assert_array_equal(a.predict(x), b.predict(x))
        names = np.array(["out", "in"], dtype=object)[y]
        c = Classifier().fit(x, names)
        np.testing.assert_array_equal(c.predict(x),
                                      np.array(["out", "in"])[a.predict(x)])
        with self.assertRaises(TypeError):
            bad = x.astype(object)
            bad[0, 0] = {"a": 1}
            Classifier().fit(bad, y)

    def test_predict_leaves_the_estimator_unchanged(self):
        x, y = rings(300, 5)
        for chip in ("ideal", "hermes"):
            with self.subTest(chip=chip):
                clf = Classifier(backend="aimc", chip=chip,
                                 batch_size=64).fit(x[:200], y[:200])
                before = dict(clf.__dict__)
                first = clf.decision_function(x[200:])
                self.assertEqual(clf.__dict__, before)
                clf.predict(x[:10])
                clf.transform(x[:7])
                # Same input, same position in the call: same output.
                np.testing.assert_array_equal(
                    clf.decision_function(x[200:]), first)
                self.assertEqual(clf.__dict__, before)
                self.assertEqual(clf.last_report_["call"],
                                 "decision_function")

    def test_clone_and_params(self):
        clf = Classifier(kernel="arccos1", n_features=10, alpha=0.5)
        params = clf.get_params()
        self.assertEqual(set(params), {
            "kernel", "method", "n_features", "gamma", "alpha", "backend",
            "fit_on",
            "chip", "t_inference", "seed", "chip_seed", "batch_size",
            "num_chips", "drift_compensation", "approximate_math",
            "verbose"})
        self.assertEqual(clone(clf).get_params(), params)
        x, y = rings(100, 1)
        clf.fit(x, y)
        self.assertIs(clf.set_params(n_features=20, seed=3), clf)
        with self.assertRaises(NotFittedError):  # a model parameter: refit
            clf.predict(x)
        clf.fit(x, y)
        self.assertEqual(clf.coef_.shape, (20, 1))
        clf.set_params(verbose=0, t_inference=5.0)  # keeps the fit
        clf.predict(x)
        self.assertIn("kernel='arccos1'", repr(clf))


if __name__ == "__main__":
    unittest.main()
