"""Every input that once crashed the interpreter (docs/Reliability.md) runs
in a subprocess and must end in a Python exception or a correct result,
never a signal: docs/Python.md promises that nothing crashes Python."""

import os
import subprocess
import sys
import textwrap
import unittest

#: A 373 GiB digital temporary, shared with test/Tools/bad-inputs.test.
HUGE_TEMPORARY = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                              os.pardir, "Inputs", "huge-temporary.mlir")

PRELUDE = """
import numpy as np
import aimc

def expect(exception, fragment, call):
    try:
        call()
    except exception as e:
        assert fragment in str(e), f"{fragment!r} not in {e}"
        print("raised", type(e).__name__)
        return
    raise AssertionError(f"no {exception.__name__} raised")
"""


def run(code, timeout=300):
    """Runs `code` after PRELUDE in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(code)],
        capture_output=True, text=True, timeout=timeout)


class Crashers(unittest.TestCase):
    def check(self, code, expected_output):
        result = run(code)
        self.assertGreaterEqual(
            result.returncode, 0,
            f"killed by signal {-result.returncode}:\n{result.stderr}")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(expected_output, result.stdout)

    def test_zero_column_weight_compiles_digitally(self):
        # SIGSEGV in tensor::ConcatOp::inferResultType (aimc-tile) before.
        self.check("""
            src = '''
            func.func @f(%x: tensor<?x16xf32>, %e: tensor<?x0xf32>) -> tensor<?x0xf32> {
              %w = arith.constant dense<1.0> : tensor<16x0xf32>
              %y = linalg.matmul ins(%x, %w : tensor<?x16xf32>, tensor<16x0xf32>) outs(%e : tensor<?x0xf32>) -> tensor<?x0xf32>
              return %y : tensor<?x0xf32>
            }'''
            m = aimc.compile(src, policy="all")
            assert "aimc.matmul" not in m.ir()
            print("compiled")
            """, "compiled")

    def test_empty_aimc_matmul_is_a_compile_error(self):
        self.check("""
            src = '''
            func.func @f(%x: tensor<4x16xf32>) -> tensor<4x0xf32> {
              %w = arith.constant dense<1.0> : tensor<16x0xf32>
              %y = aimc.matmul %x, %w : tensor<4x16xf32>, tensor<16x0xf32> -> tensor<4x0xf32>
              return %y : tensor<4x0xf32>
            }'''
            expect(aimc.CompileError, "at least one row and one column",
                   lambda: aimc.compile(src))
            """, "raised CompileError")

    def test_deep_nesting_is_a_compile_error(self):
        # Stack overflow in the parser before.
        self.check("""
            for src in ("module {" * 5000 + "}" * 5000,
                        "func.func private @f() attributes {a = " +
                        "[" * 20000 + "]" * 20000 + "}"):
                expect(aimc.CompileError, "levels deep",
                       lambda: aimc.compile(src))
                expect(aimc.CompileError, "levels deep",
                       lambda: aimc.Session(src))
            """, "raised CompileError")

    def test_huge_projection_is_refused_before_allocating(self):
        # "LLVM ERROR: out of memory" (an abort) before.
        self.check("""
            src = '''
            func.func @f(%x: tensor<4x2xf32>) -> tensor<4x1000000000xf32> {
              %o = ka.sample_projection gaussian seed(1) : tensor<1000000000x2xf32>
              %z = ka.projection %x, %o : (tensor<4x2xf32>, tensor<1000000000x2xf32>) -> tensor<4x1000000000xf32>
              return %z : tensor<4x1000000000xf32>
            }'''
            expect(aimc.CompileError, "more than the weight budget of 2 GiB",
                   lambda: aimc.compile(src))
            """, "raised CompileError")

    def test_huge_temporary_is_refused_before_running(self):
        # The compiled code's malloc returned null and the run died of
        # SIGSEGV before (the same input in test/Tools/bad-inputs.test).
        self.check(f"""
            src = open({HUGE_TEMPORARY!r}).read()
            assert "tensor<100000x1000000xf32>" in src
            expect(aimc.CompileError, "more than the memory budget of 2 GiB",
                   lambda: aimc.Session(src, chip="ideal"))
            """, "raised CompileError")

    def test_huge_sampled_projection_is_refused_before_allocating(self):
        # aimc-ridge --features 1000000000 sampled 8 GB of Omega in numpy
        # before the compiler refused it (minutes, or MemoryError).
        self.check("""
            expect(ValueError, "more than the weight budget of 2 GiB",
                   lambda: aimc.sample_projection("rff", 10**9, 2, 0))
            expect(ValueError, "more than the weight budget of 2 GiB",
                   lambda: aimc.sample_phases(10**9, 0))
            x = np.random.default_rng(0).normal(size=(8, 2))
            clf = aimc.RandomFeatureRidgeClassifier(n_features=10**9,
                                                    backend="float")
            expect(ValueError, "1000000000x2 projection needs 7.45 GiB",
                   lambda: clf.fit(x, np.arange(8) % 2))
            """, "raised ValueError")

    def test_weight_budget_is_settable(self):
        self.check("""
            src = aimc.projection_model(np.ones((32, 16), np.float32),
                                        kernel="rbf", gamma=0.5, batch=2)
            assert aimc.get_weight_budget() == 2 << 30
            aimc.set_weight_budget(1024)
            expect(aimc.CompileError, "weight budget of 1 KiB",
                   lambda: aimc.Session(src, chip="ideal"))
            expect(ValueError, "weight budget", lambda: aimc.set_weight_budget(0))
            aimc.set_weight_budget(4096)
            aimc.Session(src, chip="ideal")
            print("budget ok")
            """, "budget ok")

    def test_many_chips_and_long_drift(self):
        # 10 GB for 1e7 chips and std::bad_alloc for 1e9 before; all-NaN
        # output for t_inference >= 1e304.
        self.check("""
            src = aimc.projection_model(
                np.random.default_rng(0).normal(size=(32, 16)).astype(np.float32),
                kernel="rbf", gamma=0.5, batch=2)
            x = np.ones((2, 16), np.float32)
            s = aimc.Session(src, chip="ideal", num_chips=1024)
            (y,) = s.run("model", [x])
            assert np.all(np.isfinite(y))
            for chips in (10**9, 2**63 - 1):
                expect(ValueError, "at most 1024",
                       lambda: aimc.Session(src, chip="ideal",
                                            num_chips=chips))
            expect(ValueError, "at most 1e10",
                   lambda: aimc.Session(src, t_inference=1e304))
            print("chips ok")
            """, "chips ok")

    def test_cos_of_huge_arguments(self):
        # cos(1e9) gave 13.29 and cos(1e20) -inf with approximate math.
        self.check("""
            src = '''
            func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
              %y = math.cos %x : tensor<4xf32>
              return %y : tensor<4xf32>
            }'''
            x = np.array([1e9, 1e20, -3e38, 2.7e7], np.float32)
            for approximate in (True, False):
                s = aimc.Session(src, chip="ideal", approximate_math=approximate)
                (y,) = s.run("f", [x])
                ref = np.cos(x.astype(np.float64))
                assert np.max(np.abs(y - ref)) < 2e-7, (approximate, y, ref)
            print("cos ok")
            """, "cos ok")

    def test_classifier_with_a_huge_training_value(self):
        # One training value of 1e20 turned the classifier into a constant
        # predictor with NaN coefficients before.
        self.check("""
            rng = np.random.default_rng(1)
            x = rng.normal(size=(64, 3))
            y = (x[:, 0] > 0).astype(int)
            x[5, 1] = 1e20
            clf = aimc.RandomFeatureRidgeClassifier(
                n_features=32, gamma=0.5, backend="aimc", chip="ideal",
                batch_size=64)
            clf.fit(x, y)
            assert np.all(np.isfinite(clf.coef_)), "NaN coefficients"
            assert clf.score(x, y) > 0.7
            print("fit ok")
            """, "fit ok")


if __name__ == "__main__":
    unittest.main()
