"""scikit-learn's check_estimator passes, with zero failures, for the
random-feature ridge classifier on the float backend, the ideal chip and
the HERMES chip (the regressor and the transformer:
sklearn_conformance_more_test.py). The noisy chip declares itself
non-deterministic (a row's read noise depends on its position in a call)
and marks the zero-sample-weight check as an expected failure (the order
of the training rows changes their read noise); nothing else is
skipped."""

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

    def test_noise_tags_are_honest(self):
        tags = aimc.RandomFeatureRidgeClassifier(backend="aimc")._get_tags()
        self.assertTrue(tags["non_deterministic"])
        for params in ({"backend": "float"},
                       {"backend": "aimc", "chip": "ideal"},
                       {"backend": "float", "chip": "hermes"}):
            tags = aimc.RandomFeatureRidgeClassifier(**params)._get_tags()
            self.assertFalse(tags["non_deterministic"], params)
            self.assertNotIn("check_sample_weights_invariance",
                             tags["_xfail_checks"] or {})


if __name__ == "__main__":
    unittest.main()
