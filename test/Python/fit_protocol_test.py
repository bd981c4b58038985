"""The two readout protocols of the ridge estimators on the chip
(fit_on, issue 17): "float" (the default, the paper's protocol) fits the
readout on the float features and only runs inference on the chip, so its
readout is the float model's, bit for bit, whatever the chip; "chip" fits
it on the chip's own features, so under HERMES noise it is another readout
(one per chip seed) and gives other predictions. On the ideal chip both
are the float model."""

import unittest

import numpy as np

import aimc
from synthetic import rings

BASE = dict(kernel="rbf", method="orf", n_features=128, gamma=0.5,
            alpha=0.1, seed=3, batch_size=100)


def fitted(cls=aimc.RandomFeatureRidgeClassifier, x=None, y=None, **params):
    model = cls(**dict(BASE, **params))
    return model.fit(x, y)


class Protocols(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.x, cls.y = rings(700, 12, d=4)
        cls.train, cls.test = slice(0, 500), slice(500, None)

    def fit(self, cls=aimc.RandomFeatureRidgeClassifier, **params):
        return fitted(cls, self.x[self.train], self.y[self.train], **params)

    def test_default_is_the_papers_protocol(self):
        self.assertEqual(aimc.RandomFeatureRidgeClassifier().fit_on, "float")
        self.assertEqual(aimc.RandomFeatureRidgeRegressor().fit_on, "float")

    def test_float_fit_readout_is_the_float_models(self):
        reference = self.fit(backend="float")
        for chip_seed in (0, 1):
            with self.subTest(chip_seed=chip_seed):
                deployed = self.fit(backend="aimc", chip="hermes",
                                    chip_seed=chip_seed)
                np.testing.assert_array_equal(deployed.coef_,
                                              reference.coef_)
                np.testing.assert_array_equal(deployed.intercept_,
                                              reference.intercept_)
                self.assertEqual(deployed.last_report_["fit_on"], "float")
                self.assertEqual(deployed.last_report_["backend"], "float")
                # Inference runs on the chip: noisy scores, not the float
                # model's.
                d_chip = deployed.decision_function(self.x[self.test])
                d_float = reference.decision_function(self.x[self.test])
                self.assertGreater(np.max(np.abs(d_chip - d_float)), 1e-3)
                self.assertEqual(deployed.last_report_["call"],
                                 "decision_function")
                self.assertGreater(
                    deployed.last_report_["energy_per_inference_j"], 0)

    def test_chip_fit_readout_absorbs_the_chip(self):
        reference = self.fit(backend="float")
        readouts = [self.fit(backend="aimc", chip="hermes", fit_on="chip",
                             chip_seed=s).coef_ for s in (0, 1)]
        for coef in readouts:
            rel = (np.linalg.norm(coef - reference.coef_)
                   / np.linalg.norm(reference.coef_))
            print(f"\nchip-fit readout vs float readout: {rel:.3f} relative")
            self.assertGreater(rel, 1e-2)
        # A readout per chip (seed): the chip's programming error is in it.
        self.assertFalse(np.array_equal(readouts[0], readouts[1]))

    def test_protocols_predict_differently_under_noise(self):
        x_test = self.x[self.test]
        deployed = self.fit(backend="aimc", chip="hermes")
        in_loop = self.fit(backend="aimc", chip="hermes", fit_on="chip")
        d_deployed = deployed.decision_function(x_test)
        d_in_loop = in_loop.decision_function(x_test)
        self.assertGreater(np.max(np.abs(d_deployed - d_in_loop)), 1e-2)
        # Both are useful models of the same problem.
        reference = self.fit(backend="float")
        acc = reference.score(x_test, self.y[self.test])
        for model in (deployed, in_loop):
            self.assertGreater(model.score(x_test, self.y[self.test]),
                               acc - 0.05)

    def test_ideal_chip_both_protocols_are_the_float_model(self):
        x_test = self.x[self.test]
        reference = self.fit(backend="float")
        for fit_on in ("float", "chip"):
            with self.subTest(fit_on=fit_on):
                model = self.fit(backend="aimc", chip="ideal", fit_on=fit_on)
                np.testing.assert_allclose(model.coef_, reference.coef_,
                                           rtol=0, atol=1e-3 * np.max(
                                               np.abs(reference.coef_)))
                np.testing.assert_array_equal(model.predict(x_test),
                                              reference.predict(x_test))
                np.testing.assert_allclose(
                    model.decision_function(x_test),
                    reference.decision_function(x_test), rtol=0, atol=1e-4)

    def test_regressor_shares_the_protocols(self):
        x, t = self.x[self.train], np.linalg.norm(self.x[self.train], axis=1)
        reference = fitted(aimc.RandomFeatureRidgeRegressor, x, t,
                           backend="float")
        deployed = fitted(aimc.RandomFeatureRidgeRegressor, x, t,
                          backend="aimc", chip="hermes")
        in_loop = fitted(aimc.RandomFeatureRidgeRegressor, x, t,
                         backend="aimc", chip="hermes", fit_on="chip")
        np.testing.assert_array_equal(deployed.coef_, reference.coef_)
        self.assertFalse(np.allclose(in_loop.coef_, reference.coef_,
                                     rtol=1e-2, atol=0))

    def test_bad_value_and_refit_on_change(self):
        with self.assertRaisesRegex(ValueError, "unknown fit_on 'hardware'"):
            self.fit(backend="aimc", chip="ideal", fit_on="hardware")
        with self.assertRaisesRegex(ValueError, "unknown fit_on"):
            self.fit(backend="float", fit_on=None)
        model = self.fit(backend="aimc", chip="ideal")
        model.set_params(fit_on="chip")  # another model: fit again
        self.assertFalse(hasattr(model, "coef_"))


if __name__ == "__main__":
    unittest.main()
