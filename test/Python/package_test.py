"""The package as a typed, documented library: aimc.__version__ matches the
CMake project, py.typed ships, every public function, class and method has
a docstring and type hints, and verbose=1 shows progress bars (tqdm)."""

import contextlib
import inspect
import io
import os
import re
import unittest

import numpy as np

import aimc
from aimc import compiler, datafiles, datasets, features, kamodels, ridge
from aimc import session
from synthetic import rings

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
MODULES = (aimc, compiler, datafiles, datasets, features, kamodels, ridge,
           session)


def public_api():
    """(qualified name, object) of every public function, class and method
    of the pure-Python modules."""
    seen = {}
    for module in MODULES:
        for name, obj in vars(module).items():
            if name.startswith("_") or not (inspect.isfunction(obj)
                                            or inspect.isclass(obj)):
                continue
            if not getattr(obj, "__module__", "").startswith("aimc."):
                continue
            if obj.__module__.startswith("aimc._aimc"):
                continue
            seen[f"{obj.__module__}.{obj.__qualname__}"] = obj
            if inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if attr.startswith("_") and attr != "__init__":
                        continue
                    if isinstance(member, property):
                        member = member.fget
                    if inspect.isfunction(member):
                        seen[f"{obj.__module__}.{member.__qualname__}"] = \
                            member
    return seen


class Package(unittest.TestCase):
    def test_version_matches_cmake(self):
        with open(os.path.join(REPO, "CMakeLists.txt")) as f:
            version = re.search(r"project\(aimc VERSION ([0-9.]+)",
                                f.read()).group(1)
        self.assertEqual(aimc.__version__, version)

    def test_typed_marker_ships(self):
        self.assertTrue(os.path.exists(os.path.join(
            os.path.dirname(aimc.__file__), "py.typed")))

    def test_every_public_name_is_documented_and_typed(self):
        undocumented, untyped = [], []
        for name, obj in public_api().items():
            if name.endswith(".__init__"):
                if obj is not object.__init__ and not any(
                        p.annotation is not inspect.Parameter.empty
                        for p in list(inspect.signature(obj).parameters
                                      .values())[1:]) and \
                        len(inspect.signature(obj).parameters) > 1:
                    untyped.append(name)
                continue
            if not (obj.__doc__ or "").strip():
                undocumented.append(name)
            if inspect.isfunction(obj):
                signature = inspect.signature(obj)
                params = [p for p in signature.parameters.values()
                          if p.name not in ("self", "cls")]
                if signature.return_annotation is inspect.Signature.empty \
                        or any(p.annotation is inspect.Parameter.empty
                               for p in params):
                    untyped.append(name)
        self.assertEqual(undocumented, [])
        self.assertEqual(untyped, [])


class ShortErrors(unittest.TestCase):
    def test_argument_errors_name_the_argument_not_the_source(self):
        path = os.path.join(REPO, "docs", "examples", "ka-rff-classifier.mlir")
        with open(path) as f:
            source = f.read()
        cases = [
            (aimc.compile, {"num_chips": "2"}, "num_chips must be an integer"),
            (aimc.compile, {"chip": 3}, "chip must be an aimc.Chip"),
            (aimc.compile, {"elide_above": "x"}, "elide_above must be"),
            (aimc.compile, {"name": 1}, "name must be a string"),
            (aimc.Session, {"seed": "0"}, "seed must be an integer"),
            (aimc.Session, {"t_inference": None}, "t_inference must be a"),
        ]
        for function, kwargs, message in cases:
            with self.subTest(function=function.__name__, **kwargs):
                with self.assertRaisesRegex(TypeError, message) as raised:
                    function(source, **kwargs)
                self.assertNotIn("func.func", str(raised.exception))
                self.assertLess(len(str(raised.exception)), 100)
        with self.assertRaisesRegex(ValueError, r"seed must be in \[0, "
                                    r"2\^64\), got -1"):
            aimc.Session(source, seed=-1)
        # numpy integers are integers.
        aimc.compile(source, num_chips=np.int64(1), min_size=np.int32(0))


class Progress(unittest.TestCase):
    def test_verbose_shows_progress_bars(self):
        x, y = rings(600, 1)
        for backend in ("float", "aimc"):
            with self.subTest(backend=backend):
                err = io.StringIO()
                with contextlib.redirect_stderr(err):
                    clf = aimc.RandomFeatureRidgeClassifier(
                        backend=backend, batch_size=100, verbose=2)
                    clf.fit(x, y).predict(x)
                text = err.getvalue()
                self.assertIn("fit", text)
                self.assertIn("predict", text)
                self.assertIn("600/600", text)
                quiet = io.StringIO()
                with contextlib.redirect_stderr(quiet):
                    clf.set_params(verbose=0)
                    np.testing.assert_array_equal(clf.predict(x),
                                                  clf.predict(x))
                self.assertEqual(quiet.getvalue(), "")


if __name__ == "__main__":
    unittest.main()
