"""aimc.nn hardware-aware training modules: the statistics of the injected
noise (weight noise 0.12 max|W| per sample, output noise 0.1 in the
executor's normalised units, 8-bit inputs with learned ranges, 2-sigma
clipping), the converter, and the executor's HERMES noise next to it."""

import unittest

import numpy as np

import aimc

try:
    import torch
    from torch import nn
    HAVE_TORCH = True
except ImportError:
    HAVE_TORCH = False
HAVE_EXT = aimc.__dict__.get("_aimc") is not None


def config(**kw):
    import aimc.nn
    return aimc.nn.chip_training_config(dict(
        {"input_bits": 0, "weight_noise": 0.0, "output_noise": 0.0}, **kw))


@unittest.skipUnless(HAVE_TORCH, "python3-torch missing")
class Config(unittest.TestCase):
    def test_hermes_and_ideal(self):
        import aimc.nn
        c = aimc.nn.chip_training_config("hermes")
        self.assertEqual(c["input_bits"], 8)          # HERMES DAC
        self.assertEqual(c["weight_noise"], 0.12)
        self.assertEqual(c["output_noise"], 0.1)
        self.assertEqual(c["clip_sigmas"], 2.0)
        self.assertEqual(c["input_range_decay"], 0.5)
        i = aimc.nn.chip_training_config("ideal")
        self.assertEqual((i["input_bits"], i["weight_noise"],
                          i["output_noise"]), (0, 0.0, 0.0))

        class Chip:
            dac_bits = 6
        self.assertEqual(aimc.nn.chip_training_config(Chip())["input_bits"],
                         6)

    @unittest.skipUnless(HAVE_EXT, "aimc._aimc missing")
    def test_from_chip(self):
        """aimc.Chip: the DAC, clipping and the device model of the chip
        description the executor uses give the constants."""
        import aimc.nn
        from aimc import Chip, _aimc
        hermes = aimc.nn.chip_training_config("hermes")
        self.assertEqual(aimc.nn.chip_training_config(Chip()), hermes)
        self.assertEqual(aimc.nn.chip_training_config(
            '#aimc.chip<"hermes">'), hermes)
        self.assertEqual(aimc.nn.chip_training_config(
            Chip(dac_bits=6))["input_bits"], 6)
        self.assertEqual(aimc.nn.chip_training_config(
            Chip(quantize_inputs=False))["input_bits"], 0)
        self.assertEqual(aimc.nn.chip_training_config(
            Chip(clip_sigmas=1.5))["clip_sigmas"], 1.5)
        self.assertEqual(aimc.nn.chip_training_config(
            Chip(clip_sigmas=0.0))["clip_sigmas"], 0.0)
        self.assertEqual(aimc.nn.chip_training_config(Chip("ideal")),
                         aimc.nn.chip_training_config("ideal"))
        # Read noise scales linearly: the output noise follows it, the
        # weight noise follows programming + read noise.
        twice = aimc.nn.chip_training_config(Chip(read_noise_scale=2.0))
        self.assertAlmostEqual(twice["output_noise"], 0.2, places=12)
        ref = _aimc._chip_device_noise("hermes")
        self.assertAlmostEqual(ref["weight"],
                               np.hypot(ref["programming"], ref["read"]))
        self.assertAlmostEqual(
            twice["weight_noise"], 0.12 * np.hypot(
                ref["programming"], 2 * ref["read"]) / ref["weight"],
            places=12)
        quiet = aimc.nn.chip_training_config(
            Chip(prog_noise_scale=0.0, read_noise_scale=0.0))
        self.assertEqual((quiet["weight_noise"], quiet["output_noise"]),
                         (0.0, 0.0))
        # aihwkit's PCM-like model is quieter than HERMES at g_max; two
        # HERMES devices per weight (one per polarity) are noisier.
        pcm = aimc.nn.chip_training_config("pcm")
        one = aimc.nn.chip_training_config(Chip(devices_per_weight=2))
        self.assertLess(pcm["weight_noise"], 0.12)
        self.assertGreater(one["weight_noise"], 0.12)
        # hardware_aware takes the chip.
        m = aimc.nn.hardware_aware(nn.Sequential(nn.Linear(4, 4)),
                                   chip=Chip("pcm"))
        self.assertEqual(m[0].config, pcm)
        # Device noise grows with time (accumulated 1/f read noise).
        self.assertGreater(_aimc._chip_device_noise("hermes", 86400.0)
                           ["read"], ref["read"])
        for bad in (-1.0, float("nan"), 1e11):
            with self.assertRaises(ValueError):
                _aimc._chip_device_noise("hermes", bad)
        with self.assertRaises(ValueError):
            _aimc._chip_device_noise("#aimc.chip<\"hermes\", dac_bits = >")

    def test_bad(self):
        import aimc.nn
        for bad in ("tpu", {"weight_nois": 1}, {"input_bits": 1},
                    {"output_noise": -1}, {"input_range_decay": 1.0}, 3):
            with self.assertRaises(ValueError):
                aimc.nn.chip_training_config(bad)
        with self.assertRaises(ValueError):
            aimc.nn.hardware_aware(nn.Sequential(nn.Linear(2, 2)),
                                   policy="attention")
        with self.assertRaises(ValueError):
            aimc.nn.hardware_aware(nn.Sequential(nn.Linear(2, 2)),
                                   policy="everything")


@unittest.skipUnless(HAVE_TORCH, "python3-torch missing")
class Statistics(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.lin = nn.Linear(64, 32)

    def test_weight_noise_per_sample(self):
        import aimc.nn
        layer = aimc.nn.AnalogLinear(self.lin, config(weight_noise=0.12))
        layer.train()
        x = torch.randn(400, 8, 64)                  # 400 samples x 8 rows
        with torch.no_grad():
            noise = layer(x) - self.lin(x)
        wmax = float(self.lin.weight.abs().max())
        # y_noise = x E^T, E ~ N(0, (0.12 wmax)^2): std 0.12 wmax |x|.
        ratio = noise / (0.12 * wmax * x.norm(dim=-1, keepdim=True))
        self.assertAlmostEqual(float(ratio.std()), 1.0, delta=0.03)
        self.assertAlmostEqual(float(ratio.mean()), 0.0, delta=0.03)
        # One draw per sample: rows of a sample share E, samples don't.
        same = torch.ones(2, 8, 64)
        with torch.no_grad():
            y = layer(same) - self.lin(same)
        self.assertLess(float((y[0, 0] - y[0, 5]).abs().max()), 1e-5)
        self.assertGreater(float((y[0, 0] - y[1, 0]).abs().max()), 1e-2)
        layer.eval()                                  # no noise in eval
        with torch.no_grad():
            torch.testing.assert_close(layer(x), self.lin(x))

    def test_output_noise(self):
        import aimc.nn
        layer = aimc.nn.AnalogLinear(self.lin, config(output_noise=0.1,
                                                      input_bits=8))
        layer.train()
        x = torch.randn(200, 16, 64)
        with torch.no_grad():
            y = layer(x)
            ideal = layer.quantizer(x) @ self.lin.weight.t() + self.lin.bias
        r = float(layer.quantizer.range)
        wmax = float(self.lin.weight.abs().max())
        # 0.1 in the executor's normalised ADC units (x / r times w / wmax).
        std = float((y - ideal).std()) / (r * wmax)
        self.assertAlmostEqual(std, 0.1, delta=0.005)

    def test_input_quantisation_and_range(self):
        import aimc.nn
        q = aimc.nn.InputQuantizer(8, decay=0.5, init_batches=2, alpha=3.0)
        q.train()
        x1 = torch.randn(1000) * 2.0
        x2 = torch.randn(1000) * 4.0
        q(x1)
        self.assertAlmostEqual(float(q.range), 3 * float(x1.std()), places=4)
        q(x2)
        self.assertAlmostEqual(float(q.range), 0.5 * 3 * float(x1.std())
                               + 0.5 * 3 * float(x2.std()), places=4)
        r = float(q.range)
        q(x1 * 100)                    # past init_batches: range is kept
        self.assertEqual(float(q.range), r)
        y = q(torch.linspace(-2 * r, 2 * r, 10001))
        levels = torch.unique(torch.round(y / (r / 127)))
        self.assertEqual(len(levels), 255)           # HERMES' 8-bit DAC
        self.assertLessEqual(float(y.abs().max()), r * (1 + 1e-6))
        inside = torch.linspace(-r, r, 1001)
        self.assertLessEqual(float((q(inside) - inside).abs().max()),
                             r / 254 * (1 + 1e-5))
        # The range learns from clipped inputs (PACT gradient).
        q.range.grad = None
        q(torch.full((10,), 10 * r)).sum().backward()
        self.assertAlmostEqual(float(q.range.grad), 10.0, places=4)

    def test_clipping(self):
        import aimc.nn
        layer = aimc.nn.AnalogLinear(self.lin, config(clip_sigmas=2.0))
        with torch.no_grad():
            self.lin.weight[0, 0] = 5.0
        std = float(self.lin.weight.std())
        aimc.nn.clip_weights(nn.Sequential(layer))
        self.assertAlmostEqual(float(self.lin.weight.abs().max()), 2 * std,
                               places=5)


@unittest.skipUnless(HAVE_TORCH and HAVE_EXT, "torch or aimc._aimc missing")
class Converter(unittest.TestCase):
    def model(self):
        import aimc.nn
        torch.manual_seed(0)
        return aimc.nn.PerformerClassifier(num_tokens=16, seq_len=20,
                                           n_classes=10, dim=16, heads=2,
                                           ffn_dim=32, n_features=8)

    def test_policies_and_strip(self):
        import aimc.nn
        tokens = torch.randint(0, 16, (3, 20))
        ref = self.model().eval()
        with torch.no_grad():
            y_ref = ref(tokens)
        for policy, n_linear in (("attention", 0), ("all", 2 * 6 + 1)):
            m = aimc.nn.hardware_aware(self.model(), policy=policy)
            kinds = [type(x).__name__ for x in m.modules()]
            self.assertEqual(kinds.count("AnalogLinear"), n_linear)
            self.assertEqual(kinds.count("AnalogProjection"), 2)
            m.train()
            with torch.no_grad():
                a, b = m(tokens), m(tokens)
            self.assertGreater(float((a - b).abs().max()), 1e-4)  # noisy
            loss = m(tokens).sum()
            loss.backward()                      # gradients flow
            plain = aimc.nn.strip_analog(m).eval()
            self.assertEqual([type(x).__name__ for x in plain.modules()]
                             .count("AnalogLinear"), 0)
            with torch.no_grad():
                torch.testing.assert_close(plain(tokens), y_ref)
            text = __import__("aimc.torch").torch.export(plain, tokens)
            self.assertIn("ka.projection", text)


@unittest.skipUnless(HAVE_TORCH and HAVE_EXT, "torch or aimc._aimc missing")
class AgainstExecutor(unittest.TestCase):
    """The executor's HERMES error on one linear layer, next to the
    training noise: same order of magnitude, training noise the larger
    (the recipe over-estimates the chip's noise on purpose)."""

    def test_relative_errors(self):
        import aimc.nn
        import aimc.torch
        torch.manual_seed(1)
        lin = nn.Linear(128, 128, bias=False)
        model = nn.Sequential(lin).eval()
        x = torch.randn(256, 128)
        exact = lin(x).detach()
        text = aimc.torch.export(model, x)
        sess = aimc.Session(text, chip="hermes", policy="all", seed=0)
        y, = sess.run("forward", [x.numpy()])
        chip_err = float(np.linalg.norm(y - exact.numpy())
                         / np.linalg.norm(exact.numpy()))
        layer = aimc.nn.AnalogLinear(lin, aimc.nn.chip_training_config(
            "hermes")).train()
        layer.quantizer(x)                       # range from the data
        with torch.no_grad():
            train_err = float((layer(x) - exact).norm() / exact.norm())
        self.assertGreater(chip_err, 0.005)
        self.assertLess(chip_err, train_err)
        self.assertLess(train_err, 20 * chip_err)
        print(f"relative error: executor {chip_err:.4f}, "
              f"hardware-aware training {train_err:.4f}")

    def test_chips_in_the_same_order(self):
        """The training noise derived from a chip follows the executor's
        error on that chip: aihwkit's PCM-like model and HERMES, on the
        same layer and inputs."""
        import aimc.nn
        import aimc.torch
        torch.manual_seed(2)
        lin = nn.Linear(128, 128, bias=False)
        x = torch.randn(256, 128)
        exact = lin(x).detach()
        text = aimc.torch.export(nn.Sequential(lin).eval(), x)
        err = {}
        for chip in ("hermes", "pcm"):
            sess = aimc.Session(text, chip=chip, policy="all", seed=0)
            y, = sess.run("forward", [x.numpy()])
            chip_err = float(np.linalg.norm(y - exact.numpy())
                             / np.linalg.norm(exact.numpy()))
            layer = aimc.nn.AnalogLinear(lin, aimc.nn.chip_training_config(
                aimc.Chip(chip))).train()
            layer.quantizer(x)
            torch.manual_seed(3)
            with torch.no_grad():
                train_err = float((layer(x) - exact).norm() / exact.norm())
            err[chip] = (chip_err, train_err)
            self.assertLess(chip_err, train_err)
        print(f"relative error (executor, training): {err}")
        self.assertLess(err["pcm"][0], err["hermes"][0])
        self.assertLess(err["pcm"][1], err["hermes"][1])


if __name__ == "__main__":
    unittest.main()
