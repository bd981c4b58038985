"""scikit-learn's check_estimator passes, with zero failures, for
aimc.RandomFeatureRidgeRegressor and aimc.RandomFeatures on the float
backend, the ideal chip and the HERMES chip."""

import unittest

import aimc
from sklearn_conformance_test import check


class Conformance(unittest.TestCase):
    def test_regressor(self):
        for params in ({"backend": "float"},
                       {"backend": "aimc", "chip": "ideal"},
                       {"backend": "aimc", "chip": "hermes"}):
            with self.subTest(**params):
                check(self, aimc.RandomFeatureRidgeRegressor(**params))

    def test_random_features(self):
        for params in ({"backend": "float"},
                       {"backend": "aimc", "chip": "ideal"},
                       {"backend": "aimc", "chip": "hermes"}):
            with self.subTest(**params):
                check(self, aimc.RandomFeatures(**params))


if __name__ == "__main__":
    unittest.main()
