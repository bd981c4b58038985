"""aimc.nn: FavorAttention and PerformerClassifier in torch (Omega, scaling,
redraw, the FAVOR+ approximation) and exported onto the chip at both
mappings (partition policies `attention` and `all`) against torch."""

import math
import unittest

import numpy as np

try:
    import torch
except ImportError:  # pragma: no cover - CI installs python3-torch
    torch = None

import aimc

SKIP = torch is None or aimc.__dict__.get("_aimc") is None
WHY = "needs python3-torch and the compiled aimc extension"

if not SKIP:
    import aimc.nn
    import aimc.torch


def relative_error(got, want):
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    return np.linalg.norm(got - want) / np.linalg.norm(want)


@unittest.skipIf(SKIP, WHY)
class Omega(unittest.TestCase):
    def test_hadamard_blocks_are_scaled_orthogonal_and_shared(self):
        attn = aimc.nn.FavorAttention(dim=32, heads=2, n_features=40, seed=4)
        omega = attn.omega.double().numpy()
        self.assertEqual(omega.shape, (40, 16))
        block = omega[:16]
        np.testing.assert_allclose(block @ block.T, 16 * np.eye(16),
                                   atol=1e-9)
        # sqrt(d) H D1 H D2 H D3: every entry's magnitude is bounded, rows
        # have norm sqrt(d); the same as the compiler's sampler.
        np.testing.assert_allclose(np.linalg.norm(omega, axis=1), 4.0,
                                   rtol=1e-6)
        np.testing.assert_array_equal(
            attn.omega.numpy(),
            aimc.sample_projection("structured_orthogonal", 40, 16, 4))

    def test_gaussian_orthogonal_blocks(self):
        attn = aimc.nn.FavorAttention(dim=16, heads=1, n_features=16, seed=2,
                                      projection="gaussian")
        omega = attn.omega.double().numpy()
        gram = omega @ omega.T
        np.testing.assert_allclose(gram - np.diag(np.diag(gram)), 0,
                                   atol=1e-4)

    def test_redraw_only_in_training(self):
        torch.manual_seed(0)
        x = torch.randn(2, 5, 8)
        attn = aimc.nn.FavorAttention(8, 2, 8, seed=1, redraw=True)
        first = attn.omega.clone()
        attn.train()
        attn(x)
        second = attn.omega.clone()
        self.assertFalse(torch.equal(first, second))
        attn.eval()
        attn(x)
        self.assertTrue(torch.equal(second, attn.omega))
        fixed = aimc.nn.FavorAttention(8, 2, 8, seed=1, redraw=False).train()
        before = fixed.omega.clone()
        fixed(x)
        self.assertTrue(torch.equal(before, fixed.omega))
        # The draws are seeded: the same module redraws the same Omegas.
        again = aimc.nn.FavorAttention(8, 2, 8, seed=1, redraw=True).train()
        again(x)
        self.assertTrue(torch.equal(again.omega, second))

    def test_bad_arguments(self):
        with self.assertRaisesRegex(ValueError, "multiple of heads"):
            aimc.nn.FavorAttention(10, 3, 8)
        with self.assertRaisesRegex(ValueError, "unknown feature_map"):
            aimc.nn.FavorAttention(8, 2, 8, feature_map="cos")
        with self.assertRaisesRegex(ValueError, "unknown projection"):
            aimc.nn.FavorAttention(8, 2, 8, projection="dct")
        with self.assertRaisesRegex(ValueError, "n_features"):
            aimc.nn.FavorAttention(8, 2, 0)


@unittest.skipIf(SKIP, WHY)
class Approximation(unittest.TestCase):
    def test_favor_approximates_softmax_attention(self):
        torch.manual_seed(0)
        d, length = 16, 20
        q, k, v = (torch.randn(1, length, 1, d, dtype=torch.float64) * 0.5
                   for _ in range(3))
        scale = d ** -0.25
        exact = torch.softmax((q[0, :, 0] @ k[0, :, 0].T) / math.sqrt(d),
                              -1) @ v[0, :, 0]
        errors = []
        for n in (16, 512):
            omega = aimc.nn.sample_omega(n, d, 3).double()
            approx = aimc.nn.linear_attention(
                aimc.nn.favor_features(q * scale, omega, "favor_positive"),
                aimc.nn.favor_features(k * scale, omega, "favor_positive"),
                v)[0, :, 0]
            errors.append(relative_error(approx.numpy(), exact.numpy()))
        self.assertLess(errors[1], 0.05)
        self.assertLess(errors[1], errors[0])


@unittest.skipIf(SKIP, WHY)
class OnTheChip(unittest.TestCase):
    def run_both(self, model, x, policy, chip="ideal", seed=0):
        text = aimc.torch.export(model.eval(), x)
        sess = aimc.Session(text, chip=chip, policy=policy, seed=seed)
        got, = sess.run("forward", [x.numpy()])
        with torch.no_grad():
            want = model(x).numpy()
        return got, want, sess, text

    def test_favor_attention_both_feature_maps_and_mappings(self):
        torch.manual_seed(0)
        x = torch.randn(2, 7, 16)
        for fm in ("favor_positive", "relu"):
            attn = aimc.nn.FavorAttention(16, 2, 24, feature_map=fm, seed=5)
            for policy, analog in (("attention", 1), ("all", 5)):
                with self.subTest(feature_map=fm, policy=policy):
                    got, want, sess, text = self.run_both(attn, x, policy)
                    self.assertLess(relative_error(got, want), 1e-4)
                    ops = sess.report()["analog"]["ops"]
                    self.assertEqual(len(ops), analog)
                    self.assertIn("omega", [o["name"] for o in ops])
                    self.assertIn("ka.projection", text)

    def test_performer_classifier_at_both_mappings(self):
        torch.manual_seed(0)
        model = aimc.nn.PerformerClassifier(
            num_tokens=12, seq_len=10, n_classes=3, dim=16, heads=2, depth=2,
            ffn_dim=32, n_features=16, seed=3).eval()
        tokens = torch.randint(0, 12, (4, 10))
        names = {}
        for policy in ("attention", "all"):
            got, want, sess, _ = self.run_both(model, tokens, policy)
            self.assertLess(relative_error(got, want), 1e-4, policy)
            names[policy] = [o["name"] for o in
                             sess.report()["analog"]["ops"]]
            cost = aimc.torch.per_sequence(sess.report(), 4)
            self.assertGreater(cost["analog"]["mvms"], 0)
            self.assertGreater(cost["analog"]["energy_j"], 0)
            self.assertGreater(cost["digital"]["operations"], 0)
        # attention-only: the two layers' Omegas; all: also Q/K/V/out, FFN
        # and the classifier.
        self.assertEqual(sorted(names["attention"]),
                         ["layers.0.attn.omega", "layers.1.attn.omega"])
        self.assertEqual(len(names["all"]), 2 * 7 + 1)
        for n in ("layers.0.fc1", "layers.1.attn.q_proj", "head"):
            self.assertIn(n, names["all"])
        # Multi-chip placement works as for the ridge models.
        text = aimc.torch.export(model, tokens)
        sess = aimc.Session(text, chip="ideal", policy="all", num_chips=2)
        got, = sess.run("forward", [tokens.numpy()])
        self.assertLess(relative_error(got, want), 1e-4)

    def test_hermes_is_seeded_and_close(self):
        torch.manual_seed(0)
        model = aimc.nn.PerformerClassifier(
            num_tokens=12, seq_len=16, n_classes=3, dim=32, heads=2, depth=1,
            ffn_dim=32, n_features=32, seed=1).eval()
        tokens = torch.randint(0, 12, (8, 16))
        a, want, _, text = self.run_both(model, tokens, "attention",
                                         chip="hermes", seed=7)
        b, _, _, _ = self.run_both(model, tokens, "attention", chip="hermes",
                                   seed=7)
        np.testing.assert_array_equal(a, b)
        # Only Omega is noisy: the logits stay close to float.
        self.assertLess(relative_error(a, want), 0.2)


if __name__ == "__main__":
    unittest.main()
