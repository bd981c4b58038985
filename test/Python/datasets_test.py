"""Tests of aimc.datasets on small files written here (no shared data needed),
plus the real shared datasets when present."""

import bz2
import os
import tempfile
import unittest

import numpy as np

from aimc import datasets


class SyntheticFiles(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, rel, text, compress=False):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if compress:
            with bz2.open(path, "wt") as f:
                f.write(text)
        else:
            with open(path, "w", newline="") as f:
                f.write(text)
        return path

    def test_libsvm_dense_rows(self):
        p = self.write("a.svm", "+1 1:0.5 3:2\n-1 2:-1\n")
        y, x = datasets.read_libsvm(p, 3)
        np.testing.assert_array_equal(y, [1, -1])
        np.testing.assert_array_equal(x, [[0.5, 0, 2], [0, -1, 0]])

    def test_libsvm_errors_name_file_and_line(self):
        p = self.write("bad.svm", "+1 1:0.5\n-1 7:1\n")
        with self.assertRaisesRegex(datasets.DatasetError, r"bad.svm:2: .*7"):
            datasets.read_libsvm(p, 3)
        p = self.write("bad2.svm", "+1 1:x\n")
        with self.assertRaisesRegex(datasets.DatasetError, r"bad2.svm:1"):
            datasets.read_libsvm(p, 3)

    def test_missing_file(self):
        with self.assertRaisesRegex(datasets.DatasetError, "file not found"):
            datasets.load("magic", root=self.root)

    def test_unknown_dataset(self):
        with self.assertRaisesRegex(datasets.DatasetError, "unknown dataset"):
            datasets.load("mnist", root=self.root)

    def test_magic_protocol_split_and_zscore(self):
        rows = [f"{i},{2 * i + 1},{'g' if i % 3 else 'h'}" for i in range(40)]
        self.write("magic/magic04.data", "\n".join(rows) + "\n")
        s = datasets.load("magic", root=self.root, seed=3)
        self.assertEqual(s.x_train.shape, (20, 2))
        self.assertEqual(s.x_test.shape, (20, 2))
        np.testing.assert_allclose(s.x_train.mean(axis=0), 0, atol=1e-12)
        np.testing.assert_allclose(s.x_train.std(axis=0), 1, atol=1e-12)
        self.assertEqual(set(np.unique(s.y_train)) | set(np.unique(s.y_test)),
                         {0.0, 1.0})
        again = datasets.load("magic", root=self.root, seed=3)
        np.testing.assert_array_equal(s.x_train, again.x_train)

    def test_magic_whole_dataset_zscore(self):
        rows = [f"{i},{(i * 7) % 13},{'g' if i % 3 else 'h'}" for i in range(40)]
        self.write("magic/magic04.data", "\n".join(rows) + "\n")
        s = datasets.load("magic", root=self.root, seed=3, zscore_scope="dataset")
        split = datasets.load("magic", root=self.root, seed=3)
        both = np.vstack([s.x_train, s.x_test])
        np.testing.assert_allclose(both.mean(axis=0), 0, atol=1e-12)
        np.testing.assert_allclose(both.std(axis=0), 1, atol=1e-12)
        # Same rows in the same order, only the standardisation differs.
        self.assertEqual(s.x_train.shape, split.x_train.shape)
        np.testing.assert_array_equal(s.y_test, split.y_test)
        self.assertGreater(np.abs(s.x_train.mean(axis=0)).max(), 1e-6)
        with self.assertRaisesRegex(datasets.DatasetError, "z-score scope"):
            datasets.load("magic", root=self.root, zscore_scope="rows")

    def test_bad_label_and_ragged_rows(self):
        self.write("magic/magic04.data", "1,2,g\n3,4,x\n")
        with self.assertRaisesRegex(datasets.DatasetError, r":2: unknown label"):
            datasets.load("magic", root=self.root)
        self.write("magic/magic04.data", "1,2,g\n3,h\n")
        with self.assertRaisesRegex(datasets.DatasetError, r":2: expected 3"):
            datasets.load("magic", root=self.root)

    def test_ijcnn1_one_hot_collapse(self):
        x = np.zeros((2, 22))
        x[0, 6] = 1
        x[1, 9] = 1
        x[:, 10:] = 5
        c = datasets.collapse_ijcnn1(x)
        self.assertEqual(c.shape, (2, 13))
        np.testing.assert_array_equal(c[:, 0], [7, 10])

    def test_eeg_arff_with_crlf(self):
        body = "@RELATION e\r\n@ATTRIBUTE a NUMERIC\r\n@DATA\r\n" + "".join(
            f"{i}.5,{i % 2}\r\n" for i in range(12))
        self.write("eeg/eeg-eye-state.arff", body)
        s = datasets.load("eeg", root=self.root)
        self.assertEqual(s.dim, 1)
        self.assertEqual(len(s.y_train) + len(s.y_test), 12)


@unittest.skipUnless(os.path.isdir(datasets.default_root()),
                     "shared datasets folder absent")
class SharedDatasets(unittest.TestCase):
    def test_shapes_match_readme(self):
        expected = {"magic": (10, 19020), "eeg": (14, 14980), "skin": (3, 245057),
                    "letter": (16, 18000), "cod-rna": (8, 59535 + 271617),
                    "ijcnn1": (13, 49990 + 91701)}
        for name, (dim, total) in expected.items():
            s = datasets.load(name)
            self.assertEqual(s.dim, dim, name)
            self.assertEqual(len(s.x_train) + len(s.x_test), total, name)


if __name__ == "__main__":
    unittest.main()
