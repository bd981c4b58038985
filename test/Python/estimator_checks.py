"""Runs scikit-learn's check_estimator checks one by one and counts the
failures (shared by the conformance tests and usable from the command
line to measure an estimator):

    PYTHONPATH=build/python-bindings /usr/bin/python3 \\
        test/Python/estimator_checks.py classifier float

prints one line per failing check and "N passed, N failed, N skipped".
"""

import sys
import unittest
import warnings

from sklearn.utils.estimator_checks import check_estimator


def run_checks(estimator):
    """(passed, [(check name, error)], skipped) of every check of
    scikit-learn's check_estimator (xfail-tagged checks count as
    skipped)."""
    passed, failed, skipped = 0, [], 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for est, check in check_estimator(estimator, generate_only=True):
            name = getattr(check, "func", check).__name__
            keywords = getattr(check, "keywords", {})
            label = name + (f"({keywords})" if keywords else "")
            try:
                check(est)
            except unittest.SkipTest:
                skipped += 1
            except Exception as error:  # noqa: BLE001 -- counted, reported
                failed.append((label, f"{type(error).__name__}: "
                                      f"{str(error)[:300]}"))
            else:
                passed += 1
    return passed, failed, skipped


def configurations(aimc):
    """name -> estimator factory of the configurations the tests check."""
    return {
        "float": {"backend": "float"},
        "ideal": {"backend": "aimc", "chip": "ideal"},
        "hermes": {"backend": "aimc", "chip": "hermes"},
    }


def main(argv):
    import aimc
    kinds = {"classifier": aimc.RandomFeatureRidgeClassifier,
             "regressor": getattr(aimc, "RandomFeatureRidgeRegressor", None),
             "features": getattr(aimc, "RandomFeatures", None)}
    kind, config = argv[1], argv[2]
    estimator = kinds[kind](**configurations(aimc)[config])
    passed, failed, skipped = run_checks(estimator)
    for label, error in failed:
        print(f"FAIL {label}: {error}")
    print(f"{passed} passed, {len(failed)} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
