"""aimc.torch.export: every supported module kind against the torch forward
on the ideal chip (<= 1e-4 normwise relative, float32), bit-identical
reruns, and the errors for unsupported input."""

import os
import unittest

import numpy as np

try:
    import torch
    from torch import nn
    import torch.nn.functional as F
except ImportError:  # pragma: no cover - CI installs python3-torch
    torch = None

import aimc

HAVE_EXTENSION = aimc.__dict__.get("_aimc") is not None
SKIP = torch is None or not HAVE_EXTENSION
WHY = "needs python3-torch and the compiled aimc extension"

if not SKIP:
    import aimc.torch

    class Wrap(nn.Module):
        """A module whose forward is the given function of its input and
        of the registered submodules / parameters."""

        def __init__(self, fn, **children):
            super().__init__()
            self.fn = fn
            for name, child in children.items():
                if isinstance(child, nn.Module):
                    self.add_module(name, child)
                else:
                    self.register_parameter(name, nn.Parameter(child))

        def forward(self, x):
            return self.fn(self, x)

    class Wrap2(Wrap):
        """Wrap with two inputs (torch.fx cannot trace *args here)."""

        def forward(self, x, y):
            return self.fn(self, x, y)


def relative_error(got, want):
    want = np.asarray(want, dtype=np.float64)
    got = np.asarray(got, dtype=np.float64)
    return np.linalg.norm(got - want) / max(np.linalg.norm(want), 1e-30)


@unittest.skipIf(SKIP, WHY)
class ModuleKinds(unittest.TestCase):
    """One model per supported kind, exported and run on the ideal chip."""

    def check(self, model, *inputs, policy="all", rtol=1e-4):
        model = model.eval()
        text = aimc.torch.export(model, *inputs)
        with torch.no_grad():
            want = model(*inputs)
        wants = list(want) if isinstance(want, (tuple, list)) else [want]
        sess = aimc.Session(text, chip="ideal", policy=policy)
        got = sess.run("forward", [x.numpy() for x in inputs])
        self.assertEqual(len(got), len(wants))
        for g, w in zip(got, wants):
            self.assertEqual(tuple(g.shape), tuple(w.shape))
            err = relative_error(g, w.numpy())
            self.assertLess(err, rtol, f"relative error {err}")
        return text, sess

    def setUp(self):
        torch.manual_seed(1)

    def test_linear(self):
        text, sess = self.check(nn.Linear(12, 5), torch.randn(3, 12))
        self.assertIn("linalg.matmul", text)
        # policy=all put the weight on the chip.
        self.assertEqual(sess.report()["analog"]["ops"][0]["name"], "linear")
        self.check(nn.Linear(6, 4, bias=False), torch.randn(2, 3, 6))

    def test_embedding(self):
        text, _ = self.check(nn.Embedding(11, 6),
                             torch.randint(0, 11, (2, 7)))
        self.assertIn("tensor<2x7xi64>", text)

    def test_layer_norm(self):
        ln = nn.LayerNorm(8)
        with torch.no_grad():
            ln.weight.uniform_(0.5, 1.5)
            ln.bias.uniform_(-1, 1)
        self.check(ln, torch.randn(2, 3, 8) * 3 + 1)
        self.check(nn.LayerNorm((3, 8), elementwise_affine=False),
                   torch.randn(2, 3, 8))

    def test_activations(self):
        x = torch.randn(4, 9) * 2
        for module in (nn.ReLU(), nn.GELU(), nn.GELU(approximate="tanh"),
                       nn.Tanh(), nn.Sigmoid(), nn.Softmax(dim=-1),
                       nn.Softmax(dim=0)):
            with self.subTest(module=module):
                self.check(module, x)
        for fn in (torch.relu, torch.tanh, torch.sigmoid, F.relu, F.gelu,
                   lambda t: F.softmax(t, dim=1), lambda t: t.softmax(-1)):
            with self.subTest(fn=fn):
                self.check(Wrap(lambda m, t: fn(t)), x)

    def test_residual_add_and_multiply(self):
        def fn(m, x, y):
            h = m.fc(x)
            return (h + x) * y - 0.5 * h / 2.0 + 1.0
        self.check(Wrap2(fn, fc=nn.Linear(5, 5)), torch.randn(3, 5),
                   torch.randn(1, 5))

    def test_matmul(self):
        a, b = torch.randn(2, 3, 4), torch.randn(2, 4, 5)
        self.check(Wrap2(lambda m, x, y: torch.bmm(x, y)), a, b)
        self.check(Wrap2(lambda m, x, y: x @ y), a, b)
        self.check(Wrap2(lambda m, x, y: torch.matmul(x, y)), a,
                   torch.randn(4, 6))
        self.check(Wrap(lambda m, x: x @ m.w, w=torch.randn(4, 3)), a)
        self.check(Wrap2(lambda m, x, y: x @ y), torch.randn(3, 4),
                   torch.randn(2, 4, 5))

    def test_reshapes(self):
        def fn(m, x):
            y = x.view(6, 4).permute(1, 0).reshape(2, 12)
            y = torch.permute(y.permute((1, 0)), dims=(1, 0))
            return y.transpose(0, 1).flatten(), torch.flatten(x, 1), \
                x.unsqueeze(1).squeeze(1).transpose(-1, -2)
        self.check(Wrap(fn), torch.randn(2, 3, 4))
        self.check(nn.Flatten(), torch.randn(2, 3, 4))

    def test_mean_and_sum(self):
        def fn(m, x):
            return x.mean(dim=1), x.sum(-1, keepdim=True), \
                torch.mean(x, dim=(0, 2)), x.sum()
        self.check(Wrap(fn), torch.randn(2, 3, 4))

    def test_cat(self):
        self.check(Wrap2(lambda m, x, y: torch.cat([x, y, x], dim=1)),
                   torch.randn(2, 3), torch.randn(2, 5))
        self.check(Wrap2(lambda m, x, y: torch.cat((x, y))),
                   torch.randn(2, 3), torch.randn(4, 3))

    def test_slicing(self):
        def fn(m, x):
            return x[:, 1:3], x[0], x[..., ::2], x[:, None, -1, 1:], \
                x[1, 2, 3:4]
        self.check(Wrap(fn), torch.randn(2, 4, 6))

    def test_dropout_and_sequential(self):
        model = nn.Sequential(nn.Linear(6, 8), nn.Dropout(0.5), nn.GELU(),
                              nn.Sequential(nn.Linear(8, 3), nn.Identity()))
        text, _ = self.check(model, torch.randn(4, 6))
        self.assertIn('loc("3.0"', text)
        self.assertNotIn("dropout", text.lower())

    def test_functional_linear_and_parameters(self):
        def fn(m, x):
            return F.linear(x, m.w, m.b) + m.b
        self.check(Wrap(fn, w=torch.randn(3, 5), b=torch.randn(3)),
                   torch.randn(2, 5))


@unittest.skipIf(SKIP, WHY)
class Determinism(unittest.TestCase):
    def test_same_seed_is_bit_identical(self):
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(16, 32), nn.Tanh(),
                              nn.Linear(32, 4)).eval()
        x = torch.randn(8, 16)
        texts = [aimc.torch.export(model, x) for _ in range(2)]
        self.assertEqual(texts[0], texts[1])
        text = texts[0]
        runs = [aimc.Session(text, chip="hermes", seed=s, policy="all")
                .run("forward", [x.numpy()])[0] for s in (5, 5, 6)]
        self.assertTrue(np.array_equal(runs[0], runs[1]))
        self.assertFalse(np.array_equal(runs[0], runs[2]))
        with torch.no_grad():
            want = model(x).numpy()
        # The noisy chip is close to, but not exactly, the float model.
        err = relative_error(runs[0], want)
        self.assertGreater(err, 0)
        self.assertLess(err, 0.5)

    def test_entry_names_the_function(self):
        class Two(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(3, 2)

            def forward(self, x):
                return self.fc(x)

            def double(self, x):
                return self.fc(x) * 2.0

        model = Two().eval()
        x = torch.randn(2, 3)
        text = aimc.torch.export(model, x, entry="double")
        self.assertIn("func.func @double(", text)
        got, = aimc.Session(text, chip="ideal").run("double", [x.numpy()])
        with torch.no_grad():
            self.assertLess(relative_error(got, model.double(x).numpy()),
                            1e-4)


@unittest.skipIf(SKIP, WHY)
class Errors(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)

    def assertExportError(self, regex, model, *inputs, **kw):
        with self.assertRaisesRegex(aimc.torch.ExportError, regex) as ctx:
            aimc.torch.export(model, *inputs, **kw)
        return ctx.exception

    def test_unsupported_module_names_module_and_line(self):
        model = nn.Sequential(nn.Linear(4, 4), nn.Conv1d(1, 1, 1)).eval()
        e = self.assertExportError(r"module Conv1d \('1'\) is not supported",
                                   model, torch.randn(2, 1, 4))
        self.assertEqual(e.op, "1")

    def test_unsupported_function_names_op_and_source_line(self):
        model = Wrap(lambda m, x: torch.cumsum(x, 0)).eval()
        e = self.assertExportError(r"'torch.cumsum' is not supported.*"
                                   r"torch_export_test.py:\d+",
                                   model, torch.randn(3))
        self.assertEqual(e.op, "torch.cumsum")
        self.assertRegex(e.location, r"torch_export_test.py:\d+$")

    def test_unsupported_method(self):
        self.assertExportError(r"'Tensor.cumsum' is not supported",
                               Wrap(lambda m, x: x.cumsum(0)).eval(),
                               torch.randn(3))

    def test_unsupported_forms_of_supported_ops(self):
        self.assertExportError(r"matmul with broadcast batch dimensions",
                               Wrap2(lambda m, x, y: x @ y).eval(),
                               torch.randn(2, 1, 3, 4), torch.randn(3, 4, 5))
        self.assertExportError(r"sum with dtype is not supported",
                               Wrap(lambda m, x: x.sum(0, dtype=torch.float32)
                                    ).eval(), torch.randn(3))
        self.assertExportError(r"integer tensors may only index",
                               Wrap(lambda m, x: x * 2).eval(),
                               torch.ones(3, dtype=torch.int64))

    def test_data_dependent_control_flow(self):
        def fn(m, x):
            if x.sum() > 0:
                return x
            return -x
        e = self.assertExportError(r"data-dependent control flow.*"
                                   r"if x.sum\(\) > 0.*torch_export_test.py",
                                   Wrap(fn).eval(), torch.randn(3))
        self.assertEqual(e.op, "control flow")

    def test_data_dependent_value(self):
        self.assertExportError(r"Tensor.item.*tensor data",
                               Wrap(lambda m, x: x * x.sum().item()).eval(),
                               torch.randn(3))

    def test_training_mode(self):
        model = nn.Sequential(nn.Linear(3, 3), nn.Dropout())
        model.eval()
        model[1].train()
        self.assertExportError(r"module '1' \(Dropout\) is in training mode",
                               model, torch.randn(2, 3))
        self.assertExportError(r"is in training mode; call .eval\(\)",
                               nn.Linear(3, 3), torch.randn(2, 3))

    def test_wrong_example_inputs(self):
        model = nn.Linear(3, 2).eval()
        self.assertExportError(r"example inputs do not match Linear.forward",
                               model)
        self.assertExportError(r"example inputs do not match",
                               model, torch.randn(2, 3), torch.randn(2, 3))
        self.assertExportError(r"example input 0 is torch.float64",
                               model, torch.randn(2, 3, dtype=torch.float64))
        self.assertExportError(r"example input 0 is a list",
                               model, [1.0, 2.0, 3.0])
        self.assertExportError(r"fails on the example inputs.*"
                               r"RuntimeError", model, torch.randn(2, 5))
        self.assertExportError(r"nn.Embedding needs an int64|fails on the",
                               nn.Embedding(4, 2).eval(), torch.randn(2, 3))
        self.assertExportError(r"has no method 'predict'",
                               model, torch.randn(2, 3), entry="predict")

    def test_not_a_module(self):
        self.assertExportError(r"expected a torch.nn.Module",
                               lambda x: x, torch.randn(2))

    def test_compiler_diagnostics_name_the_python_line(self):
        # 8M weights need 128 crossbars, a HERMES chip has 64: the
        # placement error points at the torch source line.
        model = Wrap(lambda m, x: torch.tanh(m.big(x)),
                     big=nn.Linear(2048, 4096)).eval()
        text = aimc.torch.export(model, torch.randn(2, 2048))
        with self.assertRaisesRegex(
                aimc.CompileError,
                r"torch_export_test.py:\d+:0: error: .*needs 128 crossbars"):
            aimc.Session(text, chip="ideal", policy="all")

    def test_emitted_module_compiles(self):
        # Every error above is the exporter's; a supported model compiles.
        text = aimc.torch.export(nn.Linear(3, 2).eval(), torch.randn(2, 3))
        self.assertIsInstance(aimc.compile(text), aimc.Module)


if __name__ == "__main__":
    unittest.main()
