"""aimc.lra: the seeded ListOps generator (LRA's listops.py) and the
sequential Fashion-MNIST image task."""

import importlib
import os
import unittest

import numpy as np

import aimc.lra as lra

lo = importlib.import_module("aimc.lra.listops")

FASHION = "/usr/share/datasets/fashion-mnist"
INV = {v: k for k, v in lo._TOKEN.items()}


def evaluate_tokens(ids):
    """An independent stack evaluator of token ids (no trees)."""
    stack = []
    for t in ids:
        word = INV[int(t)]
        if word == lo.END:
            args = []
            while not isinstance(stack[-1], str):
                args.append(stack.pop())
            op = stack.pop()
            if op == lo.MIN:
                v = min(args)
            elif op == lo.MAX:
                v = max(args)
            elif op == lo.MED:
                v = int(np.median(args))
            else:
                v = sum(args) % 10
            stack.append(v)
        elif word.startswith("["):
            stack.append(word)
        else:
            stack.append(int(word))
    assert len(stack) == 1
    return stack[0]


class ListOps(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data = lra.listops(150, seed=3, min_length=20, max_length=120)

    def test_deterministic(self):
        again = lra.listops(150, seed=3, min_length=20, max_length=120)
        np.testing.assert_array_equal(self.data.tokens, again.tokens)
        np.testing.assert_array_equal(self.data.labels, again.labels)
        other = lra.listops(150, seed=4, min_length=20, max_length=120)
        self.assertFalse(np.array_equal(self.data.tokens, other.tokens))

    def test_labels_are_the_values_of_the_expressions(self):
        for ids, n, label, text in zip(self.data.tokens, self.data.lengths,
                                       self.data.labels, self.data.texts):
            self.assertEqual(evaluate_tokens(ids[:n]), label, text)
            self.assertEqual(lra.tokenize(text), list(ids[:n]))

    def test_length_bounds_and_padding(self):
        d = self.data
        self.assertEqual(d.tokens.shape, (150, 120))
        self.assertTrue(np.all((d.lengths > 20) & (d.lengths < 120)))
        for ids, n in zip(d.tokens, d.lengths):
            self.assertTrue(np.all(ids[n:] == 0))
            self.assertTrue(np.all(ids[:n] > 0))
        self.assertLess(d.tokens.max(), lra.LISTOPS_TOKENS)

    def test_lra_structure(self):
        # Roots are operators; at most 10 arguments; every class occurs.
        words = [t.split() for t in self.data.texts]
        self.assertTrue(all(w[0] in lo.OPERATORS for w in words))
        self.assertEqual(sorted(set(self.data.labels)), list(range(10)))
        rng = np.random.default_rng(0)
        depths, args = [], []

        def walk(tree, depth):
            if isinstance(tree, int):
                depths.append(depth)
                return
            args.append(len(tree[1]))
            for sub in tree[1]:
                walk(sub, depth + 1)
        for _ in range(300):
            tree, _ = lra.generate_tree(rng, 1, max_depth=4, max_args=5)
            walk(tree, 1)
        self.assertLessEqual(max(depths), 4)
        self.assertEqual(max(depths), 4)
        self.assertTrue(2 <= min(args) and max(args) == 5)
        # P(leaf) at the root is 1 - VALUE_P = 0.75 (LRA's `r > VALUE_P`).
        roots = [isinstance(lra.generate_tree(rng)[0], int)
                 for _ in range(2000)]
        self.assertAlmostEqual(np.mean(roots), 0.75, delta=0.03)

    def test_evaluate(self):
        tree = (lo.SUM_MOD, [7, (lo.MED, [1, 5, 9, 2]), 8])
        self.assertEqual(lra.evaluate(tree), (7 + 3 + 8) % 10)
        self.assertEqual(lra.tree_string(tree),
                         "[SM 7 [MED 1 5 9 2 ] 8 ]")

    def test_bad_input(self):
        with self.assertRaises(ValueError):
            lra.listops(10, 0, min_length=50, max_length=40)
        with self.assertRaises(ValueError):
            lra.listops(0, 0)
        with self.assertRaises(ValueError):
            lra.tokenize("[MIN 3 x ]")
        with self.assertRaisesRegex(ValueError, "no trees"):
            lra.listops(1, 0, min_length=30, max_length=40, max_depth=1)


@unittest.skipUnless(os.path.isdir(FASHION), "dataset-fashion-mnist missing")
class Image(unittest.TestCase):
    def test_tokens(self):
        pixels = np.zeros((2, 784))
        pixels[0, :2] = 1.0
        t14 = lra.image_tokens(pixels, 14)
        self.assertEqual(t14.shape, (2, 196))
        self.assertEqual(t14[0, 0], 128)
        t28 = lra.image_tokens(pixels, 28)
        self.assertEqual(t28.shape, (2, 784))
        self.assertEqual(list(t28[0, :3]), [255, 255, 0])
        with self.assertRaises(ValueError):
            lra.image_tokens(pixels, 7)
        with self.assertRaises(ValueError):
            lra.image_tokens(np.zeros((2, 100)), 14)

    def test_task(self):
        x_tr, y_tr, x_te, y_te = lra.image_task(14)
        self.assertEqual(x_tr.shape, (60000, 196))
        self.assertEqual(x_te.shape, (10000, 196))
        self.assertEqual(x_tr.dtype, np.int64)
        self.assertTrue(0 <= x_tr.min() and x_tr.max() <= 255)
        self.assertEqual(sorted(set(y_te)), list(range(10)))
        self.assertIn("image", lra.TASKS)


if __name__ == "__main__":
    unittest.main()
