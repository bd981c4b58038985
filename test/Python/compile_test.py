"""aimc.compile: the IR after every stage, and compiler diagnostics raised
as aimc.CompileError with their source locations."""

import os
import pathlib
import tempfile
import unittest

import numpy as np

import aimc

ADD = """\
func.func @add(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %s = arith.addf %a, %b : tensor<2x3xf32>
  return %s : tensor<2x3xf32>
}
"""

CONSTANT = """\
func.func @c() -> tensor<8x8xf32> {
  %c = arith.constant dense<0.5> : tensor<8x8xf32>
  %o = ka.sample_projection gaussian seed(1) : tensor<8x8xf32>
  %s = arith.addf %c, %o : tensor<8x8xf32>
  return %s : tensor<8x8xf32>
}
"""

BAD_SHAPES = """\
func.func @f(%x: tensor<4x5xf32>) -> tensor<4x8xf32> {
  %o = ka.sample_projection gaussian seed(1) : tensor<8x3xf32>
  %z = ka.projection %x, %o : (tensor<4x5xf32>, tensor<8x3xf32>) -> tensor<4x8xf32>
  return %z : tensor<4x8xf32>
}
"""


class Compile(unittest.TestCase):
    def test_stages_from_input_to_llvm(self):
        m = aimc.compile(ADD)
        self.assertIsInstance(m, aimc.Module)
        self.assertEqual(m.stage_names[0], "input")
        self.assertGreater(len(m.stage_names), 3)
        self.assertIn("arith.addf", m.ir("input"))
        self.assertNotIn("llvm.func", m.ir("input"))
        self.assertIn("llvm.func @add", m.ir())
        self.assertEqual(m.ir(), m.ir(-1))
        self.assertEqual(m.ir(0), m.ir("input"))
        self.assertEqual([n for n, _ in m.stages], m.stage_names)
        # Only stages that changed the module are kept.
        texts = [t for _, t in m.stages]
        self.assertTrue(all(a != b for a, b in zip(texts, texts[1:])))
        self.assertEqual(m.source, ADD)
        self.assertEqual(m.options["chip"], "")
        with self.assertRaisesRegex(KeyError, "no stage 'nope'; the stages "
                                    "are input, "):
            m.ir("nope")

    def test_analog_stages_of_a_ka_model(self):
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                            "..", "docs", "examples", "ka-rff-classifier.mlir")
        m = aimc.compile(pathlib.Path(path))
        names = m.stage_names
        stages = ["ka-lower", "aimc-partition", "aimc-tile", "aimc-place",
                  "convert-aimc-to-runtime"]
        self.assertEqual([n for n in names if n in stages], stages)
        self.assertIn("ka.projection", m.ir("input"))
        self.assertNotIn("ka.", m.ir("ka-lower").replace("ka.role", ""))
        self.assertIn("aimc.tile [0]", m.ir("aimc-tile"))
        self.assertIn("at <core = 0, row = 0, col = 0>", m.ir("aimc-place"))
        self.assertIn("aimc_rt_mvm", m.ir("convert-aimc-to-runtime"))
        self.assertIn("aimc_rt_mvm", m.ir())

    def test_large_constants_elided_unless_asked(self):
        # The folded 8x8 projection (64 elements) is elided at 16; the
        # splat constant (one element) never is.
        elided = aimc.compile(CONSTANT).stages
        self.assertTrue(any("__elided__" in ir for _, ir in elided))
        full = aimc.compile(CONSTANT, elide_above=None).stages
        self.assertFalse(any("__elided__" in ir for _, ir in full))
        omega = aimc.sample_projection("gaussian", 8, 8, 1)
        self.assertTrue(any(f"{omega[0, 0]:.5f}" in ir for _, ir in full))
        self.assertIn("dense<5.000000e-01>", full[0][1])

    def test_compiled_module_runs(self):
        m = aimc.compile(ADD)
        a = np.arange(6, dtype=np.float32).reshape(2, 3)
        (s,) = aimc.Session(m, chip="ideal").run("add", [a, 2 * a])
        np.testing.assert_array_equal(s, 3 * a)

    def test_parse_error_has_location(self):
        with self.assertRaises(aimc.CompileError) as ctx:
            aimc.compile("func.func @f() {\n  %x = ka.bogus\n}\n",
                         name="model.mlir")
        self.assertRegex(str(ctx.exception),
                         r"cannot parse 'model.mlir':\nmodel.mlir:2:\d+: "
                         r"error: custom op 'ka.bogus' is unknown")
        self.assertIsInstance(ctx.exception, aimc.Error)
        self.assertIsInstance(ctx.exception, RuntimeError)

    def test_verifier_error_has_location(self):
        with self.assertRaisesRegex(
                aimc.CompileError,
                r"<source>:3:8: error: 'ka.projection' op x has 5 columns, "
                r"expected 3 \(columns of Omega\)"):
            aimc.compile(BAD_SHAPES)

    def test_compile_from_path(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = pathlib.Path(tmp) / "add.mlir"
            path.write_text(ADD)
            m = aimc.compile(path)
            self.assertEqual(m.name, str(path))
            self.assertIn("llvm.func @add", m.ir())
            broken = pathlib.Path(tmp) / "broken.mlir"
            broken.write_text("func.func @f(")
            with self.assertRaisesRegex(aimc.CompileError,
                                        "broken.mlir:1:13: error"):
                aimc.compile(broken)
            with self.assertRaisesRegex(aimc.CompileError,
                                        "cannot read module '.*missing.mlir'"
                                        ": No such file"):
                aimc.compile(pathlib.Path(tmp) / "missing.mlir")

    def test_bad_options(self):
        with self.assertRaisesRegex(ValueError, "unknown chip 'tpu'"):
            aimc.compile(ADD, chip="tpu")
        with self.assertRaisesRegex(ValueError, "unknown partition policy"):
            aimc.compile(ADD, policy="some")
        with self.assertRaisesRegex(ValueError, "number of chips must be "
                                    ">= 1, got 0"):
            aimc.compile(ADD, num_chips=0)
        with self.assertRaisesRegex(ValueError, "elide_above must be >= 0"):
            aimc.compile(ADD, elide_above=-2)
        with self.assertRaisesRegex(TypeError, "unknown option.*colour"):
            aimc.compile(ADD, colour="red")
        with self.assertRaisesRegex(TypeError, "expected MLIR source text"):
            aimc.compile(42)


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    unittest.main()
