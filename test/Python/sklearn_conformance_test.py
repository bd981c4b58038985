"""scikit-learn's check_estimator passes, with zero failures, for the
random-feature ridge classifier on the float backend, the ideal chip and
the HERMES chip (the regressor and the transformer:
sklearn_conformance_more_test.py). The noisy chip declares itself
non-deterministic (a row's read noise depends on its position in a call);
with the readout fitted on the chip's features (fit_on="chip") it also
marks the sample-weight invariance check as an expected failure (the order
of the training rows changes their read noise). With the default
fit_on="float" the readout is the float model's and that check passes;
nothing else is skipped."""

import unittest

import aimc
from estimator_checks import run_checks


def check(test, estimator):
    """Runs every check of check_estimator on `estimator`: none fails."""
    passed, failed, skipped = run_checks(estimator)
    print(f"\n{estimator!r}: {passed} passed, {len(failed)} failed, "
          f"{skipped} skipped")
    test.assertEqual(failed, [])
    test.assertGreater(passed, 25)


class Conformance(unittest.TestCase):
    def test_classifier_float(self):
        check(self, aimc.RandomFeatureRidgeClassifier(backend="float"))

    def test_classifier_ideal_chip(self):
        check(self, aimc.RandomFeatureRidgeClassifier(backend="aimc",
                                                      chip="ideal"))

    def test_classifier_hermes_chip(self):
        check(self, aimc.RandomFeatureRidgeClassifier(backend="aimc",
                                                      chip="hermes"))

    def test_classifier_hermes_chip_fitted_on_chip(self):
        check(self, aimc.RandomFeatureRidgeClassifier(
            backend="aimc", chip="hermes", fit_on="chip"))

    def test_noise_tags_are_honest(self):
        tags = aimc.RandomFeatureRidgeClassifier(backend="aimc")._get_tags()
        self.assertTrue(tags["non_deterministic"])
        self.assertNotIn("check_sample_weights_invariance",
                         tags["_xfail_checks"] or {})
        tags = aimc.RandomFeatureRidgeClassifier(backend="aimc",
                                                 fit_on="chip")._get_tags()
        self.assertTrue(tags["non_deterministic"])
        self.assertIn("check_sample_weights_invariance",
                      tags["_xfail_checks"])
        for params in ({"backend": "float"},
                       {"backend": "aimc", "chip": "ideal"},
                       {"backend": "float", "chip": "hermes"}):
            tags = aimc.RandomFeatureRidgeClassifier(**params)._get_tags()
            self.assertFalse(tags["non_deterministic"], params)
            self.assertNotIn("check_sample_weights_invariance",
                             tags["_xfail_checks"] or {})


if __name__ == "__main__":
    unittest.main()
