#!/usr/bin/python3
"""Writes the small data files of the aimc-ridge tests (run from this
folder; the outputs are committed):

  rings.train.svm, rings.test.svm   LIBSVM, labels +1/-1: a point of
                                    [-1.5, 1.5]^4 is +1 inside the sphere
                                    of radius 1.6 around the origin
  rings.train.csv, rings.test.csv   the same points as CSV: a header line,
                                    four features, the label last ("yes"
                                    inside, "no" outside: string labels
                                    that sort like -1 < +1, so that both
                                    files give the classes in one order)
  blobs3.train.svm, blobs3.test.svm three Gaussian blobs in the plane,
                                    labels 0, 1, 2
"""
import numpy as np

rng = np.random.default_rng(2024)


def rings(n):
    x = rng.uniform(-1.5, 1.5, (n, 4))
    return x, np.where(np.linalg.norm(x, axis=1) < 1.6, 1, -1)


def blobs(n):
    centres = np.array([[0.0, 1.5], [-1.3, -0.8], [1.3, -0.8]])
    labels = rng.integers(0, 3, n)
    return centres[labels] + 0.5 * rng.standard_normal((n, 2)), labels


def write_svm(path, x, y, signed):
    with open(path, "w") as f:
        for row, label in zip(x, y):
            items = " ".join(f"{j + 1}:{v:.6f}" for j, v in enumerate(row)
                             if v != 0)
            f.write(f"{label:+d} {items}\n" if signed else
                    f"{label} {items}\n")


def write_csv(path, x, y):
    with open(path, "w") as f:
        f.write("f1,f2,f3,f4,inside\n")
        for row, label in zip(x, y):
            f.write(",".join(f"{v:.6f}" for v in row) +
                    (",yes\n" if label > 0 else ",no\n"))


for split, n in (("train", 240), ("test", 120)):
    x, y = rings(n)
    write_svm(f"rings.{split}.svm", x, y, signed=True)
    write_csv(f"rings.{split}.csv", x, y)
for split, n in (("train", 150), ("test", 90)):
    x, y = blobs(n)
    write_svm(f"blobs3.{split}.svm", x, y, signed=False)
