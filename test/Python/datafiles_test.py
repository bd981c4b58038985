"""aimc.datafiles: LIBSVM and delimited readers, their errors with file and
line, compressed files."""

import bz2
import gzip
import os
import tempfile
import unittest

import numpy as np

from aimc import datafiles
from aimc.datafiles import DataFileError


class Readers(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, text, opener=open):
        path = os.path.join(self.tmp.name, name)
        with opener(path, "wt") as f:
            f.write(text)
        return path

    def test_libsvm_infers_width_and_skips_comments(self):
        p = self.write("a.svm", "# header\n+1 2:0.5 5:-1 # note\n\n"
                                "-1 1:3\n")
        y, x = datafiles.read_libsvm(p)
        np.testing.assert_array_equal(y, [1, -1])
        np.testing.assert_array_equal(x, [[0, 0.5, 0, 0, -1], [3, 0, 0, 0, 0]])
        y, x = datafiles.read_libsvm(p, num_features=7)
        self.assertEqual(x.shape, (2, 7))
        with self.assertRaisesRegex(DataFileError, r"a.svm:2: .*index 5 "
                                    r"outside 1..4"):
            datafiles.read_libsvm(p, num_features=4)

    def test_libsvm_compressed(self):
        for suffix, opener in ((".gz", gzip.open), (".bz2", bz2.open)):
            p = self.write("c.svm" + suffix, "2 1:1 2:2\n0 2:4\n", opener)
            y, x = datafiles.read_libsvm(p)
            np.testing.assert_array_equal(y, [2, 0])
            np.testing.assert_array_equal(x, [[1, 2], [0, 4]])

    def test_libsvm_errors(self):
        cases = {
            "+1 1:0.5\n-1 1:0.5 1:2\n": r":2: .*index 1 after 1",
            "+1 1:0.5\n+1 x:1\n": r":2: .*'x:1': invalid literal for int",
            "+1 1:inf\n": r":1: .*non-finite value 'inf'",
            "nan 1:1\n": r":1: .*the label 'nan' is not a number",
            "+1\n-1\n": r": no feature in any row",
            "\n\n": r": no data rows",
        }
        for i, (text, message) in enumerate(cases.items()):
            with self.subTest(text=text):
                p = self.write(f"bad{i}.svm", text)
                with self.assertRaisesRegex(DataFileError,
                                            f"bad{i}.svm{message}"):
                    datafiles.read_libsvm(p)

    def test_delimited_labels_and_columns(self):
        p = self.write("a.csv", "x,y,cls\n1,2,cat\n# c\n3,4,dog\n")
        y, x = datafiles.read_delimited(p, label_column=-1, header=True)
        np.testing.assert_array_equal(y, ["cat", "dog"])
        np.testing.assert_array_equal(x, [[1, 2], [3, 4]])
        p = self.write("b.tsv", "1\t0.5\t7\n0\t1.5\t8\n")
        y, x = datafiles.read_delimited(p, label_column=0, delimiter="\t")
        self.assertEqual(y.dtype, np.int64)
        np.testing.assert_array_equal(y, [1, 0])
        np.testing.assert_array_equal(x, [[0.5, 7], [1.5, 8]])
        y, x = datafiles.read_delimited(p, label_column=1, delimiter="\t")
        np.testing.assert_array_equal(y, [0.5, 1.5])
        np.testing.assert_array_equal(x, [[1, 7], [0, 8]])

    def test_delimited_errors(self):
        cases = [
            ("1,2\n1,2,3\n", {}, r":2: expected 2 fields, got 3"),
            ("1,2,x\n", {}, r":1: field 2 \('x'\) is not a finite number"),
            ("1,nan,2\n", {}, r":1: field 1 \('nan'\) is not a finite"),
            ("a,1\n,2\n", {"label_column": 0}, r":2: empty label"),
            ("1\n", {}, r":1: expected a label and at least one feature"),
            ("1,2\n", {"label_column": -3}, r":1: label column -3 does not "
                                            r"exist \(rows have 2 fields\)"),
            ("h1,h2\n", {"header": True}, r": no data rows"),
        ]
        for i, (text, kwargs, message) in enumerate(cases):
            with self.subTest(text=text):
                p = self.write(f"bad{i}.csv", text)
                with self.assertRaisesRegex(DataFileError,
                                            f"bad{i}.csv{message}"):
                    datafiles.read_delimited(p, **kwargs)

    def test_missing_and_undecodable(self):
        with self.assertRaisesRegex(DataFileError, "nope.csv: file not found"):
            datafiles.read_delimited(os.path.join(self.tmp.name, "nope.csv"))
        p = os.path.join(self.tmp.name, "bin.svm")
        with open(p, "wb") as f:
            f.write(b"+1 1:1\n\xff\xfe\n")
        with self.assertRaisesRegex(DataFileError, r"bin.svm:\d+: cannot "
                                    r"read: 'utf-8' codec"):
            datafiles.read_libsvm(p)
        p = self.write("trunc.svm.gz", "")
        with open(p, "wb") as f:
            f.write(gzip.compress(b"+1 1:1\n-1 1:2\n")[:-6])
        with self.assertRaisesRegex(DataFileError, r"trunc.svm.gz:\d+: "
                                    r"cannot read"):
            datafiles.read_libsvm(p)


if __name__ == "__main__":
    unittest.main()
