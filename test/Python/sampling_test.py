"""aimc.sample_projection / sample_phases: bit-identical to what the compiler
folds ka.sample_projection / ka.sample_phase to (checked by compiling and
running modules that return the sampled constants), seeded, and strict
about their arguments."""

import unittest

import numpy as np

import aimc

KA_NAMES = {"rff": "truncated_gaussian", "orf": "orthogonal",
            "sorf": "structured_orthogonal", "gaussian": "gaussian"}


def compiled_projection(distribution, rows, cols, seed):
    """Omega as the compiled program returns it."""
    t = f"tensor<{rows}x{cols}xf32>"
    src = (f"func.func @omega() -> {t} {{\n"
           f"  %o = ka.sample_projection {distribution} seed({seed}) : {t}\n"
           f"  return %o : {t}\n}}\n")
    (omega,) = aimc.Session(src, chip="ideal").run("omega", [])
    return omega


def bits(a):
    return np.ascontiguousarray(a).view(np.uint32)


class SampleProjection(unittest.TestCase):
    def test_bit_identical_to_the_compiled_constant(self):
        for method, distribution in KA_NAMES.items():
            for rows, cols, seed in ((37, 11, 12345), (8, 16, 0),
                                     (50, 3, 2**40 + 7)):
                with self.subTest(method=method, shape=(rows, cols)):
                    ours = aimc.sample_projection(method, rows, cols, seed)
                    self.assertEqual(ours.dtype, np.float32)
                    self.assertEqual(ours.shape, (rows, cols))
                    np.testing.assert_array_equal(
                        bits(ours),
                        bits(compiled_projection(distribution, rows, cols,
                                                 seed)))

    def test_ka_keywords_and_short_names_agree(self):
        for method, distribution in KA_NAMES.items():
            np.testing.assert_array_equal(
                bits(aimc.sample_projection(method, 9, 5, 3)),
                bits(aimc.sample_projection(distribution, 9, 5, 3)))
        self.assertEqual(set(aimc.projection_methods),
                         set(KA_NAMES) | set(KA_NAMES.values()))

    def test_seeded_and_prefix_stable(self):
        a = aimc.sample_projection("orf", 20, 6, 99)
        np.testing.assert_array_equal(bits(a),
                                      bits(aimc.sample_projection("orf", 20,
                                                                  6, 99)))
        self.assertFalse(np.array_equal(a, aimc.sample_projection("orf", 20,
                                                                  6, 100)))
        # Fewer rows give a prefix of the larger matrix.
        np.testing.assert_array_equal(
            bits(aimc.sample_projection("orf", 7, 6, 99)), bits(a[:7]))

    def test_orthogonal_rows_within_a_block(self):
        omega = aimc.sample_projection("orf", 8, 8, 5).astype(np.float64)
        unit = omega / np.linalg.norm(omega, axis=1, keepdims=True)
        np.testing.assert_allclose(unit @ unit.T, np.eye(8), atol=1e-5)

    def test_phases_match_ka_sample_phase(self):
        src = ("func.func @b() -> tensor<13xf32> {\n"
               "  %b = ka.sample_phase seed(21) : tensor<13xf32>\n"
               "  return %b : tensor<13xf32>\n}\n")
        (compiled,) = aimc.Session(src, chip="ideal").run("b", [])
        ours = aimc.sample_phases(13, 21)
        np.testing.assert_array_equal(bits(ours), bits(compiled))
        self.assertTrue(np.all((ours > 0) & (ours < 2 * np.pi)))

    def test_bad_arguments_raise(self):
        with self.assertRaisesRegex(ValueError, "unknown projection method "
                                    "'fourier'.*expected one of gaussian"):
            aimc.sample_projection("fourier", 4, 4, 0)
        with self.assertRaisesRegex(ValueError, "positive, got 0x4"):
            aimc.sample_projection("rff", 0, 4, 0)
        with self.assertRaisesRegex(ValueError, "2147483648"):
            aimc.sample_projection("rff", 2**20, 2**12, 0)
        with self.assertRaises(TypeError):
            aimc.sample_projection("rff", 4, 4, -1)
        with self.assertRaises(TypeError):
            aimc.sample_projection("rff", 4.5, 4, 0)
        with self.assertRaisesRegex(ValueError, r"\[1, 2147483648\], got 0"):
            aimc.sample_phases(0, 1)


if __name__ == "__main__":
    unittest.main()
