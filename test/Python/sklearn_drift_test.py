"""Drift on a fitted model: set_params(t_inference=t) keeps the fit and
reads the same programmed chip at time t (no reprogramming, converters as
calibrated at fit), last_report_ says when; drift compensation can be
switched off."""

import unittest

import numpy as np

import aimc
from synthetic import rings


def fitted(**params):
    x, y = rings(400, 11, d=4)
    base = dict(backend="aimc", chip="hermes", n_features=128, gamma=0.5,
                alpha=0.1, seed=2, batch_size=100)
    base.update(params)
    clf = aimc.RandomFeatureRidgeClassifier(**base).fit(x[:300], y[:300])
    return clf, x[300:], y[300:]


class Drift(unittest.TestCase):
    def test_moving_a_fitted_model_in_time(self):
        clf, x, y = fitted()
        coef, session = clf.coef_, clf.session_
        t0 = clf.decision_function(x)
        self.assertEqual(clf.last_report_["t_inference_s"], 0.0)
        year = 365 * 86400.0
        clf.set_params(t_inference=year)
        self.assertIs(clf.coef_, coef)          # the fit is kept
        self.assertIs(clf.session_, session)    # the same programmed chip
        later = clf.decision_function(x)
        self.assertEqual(clf.last_report_["t_inference_s"], year)
        self.assertEqual(clf.session_.report()["t_inference_s"], year)
        self.assertFalse(np.array_equal(t0, later))
        # Back at t = 0: the same outputs as before (same devices, same
        # read-noise position).
        clf.set_params(t_inference=0.0)
        np.testing.assert_array_equal(clf.decision_function(x), t0)
        # A fresh fit programmed at t reads differently (it calibrates and
        # trains on the drifted chip), so this is not a refit.
        refit, _, _ = fitted(t_inference=year)
        self.assertFalse(np.array_equal(refit.decision_function(x), later))
        with self.assertRaisesRegex(ValueError, "t_inference must be finite"):
            clf.set_params(t_inference=-1.0)
        self.assertEqual(clf.t_inference, 0.0)

    def test_drift_compensation_off_shrinks_the_features(self):
        # arccos1 features are linear in the projection: their scale is the
        # conductances'. Uncompensated drift shrinks them; the global drift
        # compensation restores the scale.
        years = 10 * 365 * 86400.0
        ratio = {}
        for compensation in (True, False):
            clf, x, y = fitted(drift_compensation=compensation,
                               kernel="arccos1", n_features=256)
            fresh = np.abs(clf.transform(x)).mean()
            clf.set_params(t_inference=years)
            ratio[compensation] = np.abs(clf.transform(x)).mean() / fresh
            self.assertEqual(clf.last_report_["drift_compensation"],
                             compensation)
        print(f"\nfeature scale after 10 years / at t = 0: {ratio}")
        self.assertLess(ratio[False], 0.8)
        self.assertAlmostEqual(ratio[True], 1.0, delta=0.1)

    def test_float_backend_ignores_time(self):
        clf, x, _ = fitted(backend="float")
        before = clf.decision_function(x)
        clf.set_params(t_inference=1e6)
        np.testing.assert_array_equal(clf.decision_function(x), before)


if __name__ == "__main__":
    unittest.main()
