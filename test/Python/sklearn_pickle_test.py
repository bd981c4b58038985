"""Fitted chip models pickle, deep-copy and travel through joblib: the copy
keeps the chip description, seeds and calibration rows, re-programs an
identical chip on first use and predicts exactly as the original would;
cross_validate(return_estimator=True, n_jobs=2) works."""

import copy
import io
import pickle
import unittest

import joblib
import numpy as np
from sklearn.model_selection import cross_validate

import aimc
from synthetic import blobs, rings


def models():
    return [
        aimc.RandomFeatureRidgeClassifier(backend="aimc", chip="hermes",
                                          n_features=64, batch_size=64),
        aimc.RandomFeatureRidgeClassifier(backend="aimc", chip="ideal",
                                          n_features=64, method="orf"),
        aimc.RandomFeatureRidgeRegressor(backend="aimc", chip="hermes",
                                         n_features=64, batch_size=50),
        aimc.RandomFeatures(backend="aimc", chip="hermes", n_features=32,
                            kernel="arccos1", batch_size=40),
        aimc.RandomFeatureRidgeClassifier(backend="float", n_features=64),
    ]


def outputs(model, x):
    out = [model.transform(x)]
    if hasattr(model, "predict"):
        out.append(model.predict(x))
    if hasattr(model, "decision_function"):
        out.append(model.decision_function(x))
    return out


class Pickling(unittest.TestCase):
    def test_copies_predict_as_the_original(self):
        x, y = blobs(300, 1)
        for model in models():
            with self.subTest(model=repr(model)):
                target = y if not isinstance(
                    model, aimc.RandomFeatureRidgeRegressor) else x[:, 0] ** 2
                model.fit(x[:200], target[:200])
                model.set_params(t_inference=3600.0)
                expected = outputs(model, x[200:])
                buffer = io.BytesIO()
                joblib.dump(model, buffer)
                buffer.seek(0)
                copies = [pickle.loads(pickle.dumps(model)),
                          copy.deepcopy(model), joblib.load(buffer)]
                for other in copies:
                    for got, want in zip(outputs(other, x[200:]), expected):
                        np.testing.assert_array_equal(got, want)
                    self.assertEqual(other.get_params(), model.get_params())
                # The original is unaffected by its copies.
                for got, want in zip(outputs(model, x[200:]), expected):
                    np.testing.assert_array_equal(got, want)

    def test_pickle_holds_no_compiled_code(self):
        x, y = rings(100, 2)
        model = aimc.RandomFeatureRidgeClassifier(backend="aimc",
                                                  n_features=32).fit(x, y)
        data = pickle.dumps(model)
        self.assertNotIn(b"_Session", data)
        self.assertLess(len(data), 100_000)

    def test_cross_validate_returns_fitted_chip_models(self):
        x, y = rings(240, 3)
        clf = aimc.RandomFeatureRidgeClassifier(backend="aimc", chip="hermes",
                                                n_features=64, gamma=1.0,
                                                alpha=0.1)
        result = cross_validate(clf, x, y, cv=3, n_jobs=2,
                                return_estimator=True)
        self.assertEqual(len(result["estimator"]), 3)
        self.assertGreater(result["test_score"].mean(), 0.85)
        for fitted, score in zip(result["estimator"], result["test_score"]):
            self.assertEqual(fitted.session_.num_tiles, 1)
        # The returned models predict (re-programmed in this process).
        self.assertGreater(result["estimator"][0].score(x, y), 0.85)


if __name__ == "__main__":
    unittest.main()
