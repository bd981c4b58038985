"""Loaders for the paper's six ridge-classification datasets and Fashion-MNIST.

The six binary datasets are read from the shared folder described in its
README (``../shared/datasets`` next to the repository, or ``$AIMC_DATASETS``),
with the protocol of the paper's reference code:

* features z-scored, each split on its own mean and standard deviation;
* magic, eeg, skin: shuffle (seeded), train = n//2, validation = (n-train)//2,
  test = rest; validation and test are merged for evaluation. With
  ``zscore="dataset"`` these three are instead z-scored once over the whole
  file before the split, as the loaders of the paper's code
  (``hwkeap/utils/dataload.py``) do; see docs/Benchmarks.md for why it
  matters (eeg);
* letter: letter.mat's train/test split; cod-rna: train on ``cod-rna``,
  evaluate on ``cod-rna.t``;
* ijcnn1: first 35000 training rows = train, the rest = validation; evaluation
  on validation + test; the one-hot field (features 1-10) collapsed into one
  integer feature, giving d = 13.

Every loader checks what it reads and raises :class:`DatasetError` naming the
file and line on malformed input.
"""

from __future__ import annotations

import gzip
import os
import struct
from typing import List, Optional, Tuple

import numpy as np

from . import datafiles
from .datafiles import open_text

NAMES = ("cod-rna", "letter", "eeg", "ijcnn1", "skin", "magic")


# A dataset file is missing or malformed (the readers' error).
DatasetError = datafiles.DataFileError


class Split:
    """A train/evaluation split: float64 features, {0,1} or class labels."""

    def __init__(self, name: str, x_train: np.ndarray, y_train: np.ndarray,
                 x_test: np.ndarray, y_test: np.ndarray) -> None:
        self.name = name
        self.x_train, self.y_train = x_train, y_train
        self.x_test, self.y_test = x_test, y_test

    @property
    def dim(self) -> int:
        """Input columns (features per row)."""
        return self.x_train.shape[1]

    def __repr__(self):
        return (f"Split({self.name!r}, train={self.x_train.shape}, "
                f"test={self.x_test.shape})")


def default_root() -> str:
    """The shared datasets folder: $AIMC_DATASETS or ../shared/datasets."""
    env = os.environ.get("AIMC_DATASETS")
    if env:
        return env
    candidates = []
    # Next to the repository this package was imported from: the source
    # tree (python-bindings/aimc) or a build tree inside it
    # (build/python-bindings/aimc); the repository root is the first parent
    # holding both CMakeLists.txt and python-bindings/aimc/datasets.py.
    d = os.path.dirname(os.path.abspath(__file__))
    while True:
        if (os.path.isfile(os.path.join(d, "CMakeLists.txt")) and
                os.path.isfile(os.path.join(d, "python-bindings", "aimc",
                                            "datasets.py"))):
            candidates.append(os.path.join(d, "..", "shared", "datasets"))
            break
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    candidates.append(os.path.join(os.getcwd(), "..", "shared", "datasets"))
    for c in candidates:
        if os.path.isdir(c):
            return os.path.normpath(c)
    return os.path.normpath(candidates[0])


def zscore(x: np.ndarray) -> np.ndarray:
    """Standardise columns; constant columns become zero."""
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    std[std == 0] = 1.0
    return (x - mean) / std


def read_libsvm(path: str, num_features: int) -> Tuple[np.ndarray, np.ndarray]:
    """Reads a LIBSVM/SVMlight file: labels (+1/-1 as float) and dense rows."""
    return datafiles.read_libsvm(path, num_features)


def read_csv(path: str, delimiter: str = ",",
             skip_until: Optional[str] = None) -> List[List[str]]:
    """Reads a delimited text file of rows; returns a list of field lists."""
    out = []
    with open_text(path) as f:
        started = skip_until is None
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not started:
                started = line.upper().startswith(skip_until)
                continue
            if not line or line.startswith("%"):
                continue
            out.append((lineno, line.split(delimiter)))
    if not out:
        raise DatasetError(f"{path}: no data rows")
    return out


def _numeric(path, rows, feature_cols, label_col, label_map):
    xs, ys = [], []
    width = None
    for lineno, fields in rows:
        if width is None:
            width = len(fields)
        if len(fields) != width:
            raise DatasetError(f"{path}:{lineno}: expected {width} fields, "
                               f"got {len(fields)}")
        label = fields[label_col].strip()
        if label not in label_map:
            raise DatasetError(f"{path}:{lineno}: unknown label {label!r}")
        try:
            xs.append([float(fields[i]) for i in feature_cols(width)])
        except ValueError as e:
            raise DatasetError(f"{path}:{lineno}: {e}") from None
        ys.append(label_map[label])
    return np.array(xs), np.array(ys, dtype=np.float64)


ZSCORE_SCOPES = ("split", "dataset")


def _shuffle_split(name, x, y, seed, zscore_scope="split"):
    if zscore_scope not in ZSCORE_SCOPES:
        raise DatasetError(f"unknown z-score scope {zscore_scope!r}; known: "
                           f"{', '.join(ZSCORE_SCOPES)}")
    if zscore_scope == "dataset":
        x = zscore(x)
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(x))
    x, y = x[order], y[order]
    n = len(x)
    n_train = n // 2
    n_val = (n - n_train) // 2
    tr = slice(0, n_train)
    va = slice(n_train, n_train + n_val)
    te = slice(n_train + n_val, n)
    if zscore_scope == "dataset":
        return Split(name, x[tr], y[tr], x[n_train:], y[n_train:])
    x_eval = np.vstack([zscore(x[va]), zscore(x[te])])
    y_eval = np.concatenate([y[va], y[te]])
    return Split(name, zscore(x[tr]), y[tr], x_eval, y_eval)


def load_magic(root: str, seed: int = 0, zscore_scope: str = "split") -> Split:
    """MAGIC gamma telescope (19020 x 10), shuffled and split with `seed`."""
    path = os.path.join(root, "magic", "magic04.data")
    rows = read_csv(path)
    x, y = _numeric(path, rows, lambda w: range(w - 1), -1, {"g": 1.0, "h": 0.0})
    return _shuffle_split("magic", x, y, seed, zscore_scope)


def load_eeg(root: str, seed: int = 0, zscore_scope: str = "split") -> Split:
    """EEG eye state (14980 x 14), shuffled and split with `seed`."""
    path = os.path.join(root, "eeg", "eeg-eye-state.arff")
    rows = read_csv(path, skip_until="@DATA")
    x, y = _numeric(path, rows, lambda w: range(w - 1), -1, {"1": 1.0, "0": 0.0})
    return _shuffle_split("eeg", x, y, seed, zscore_scope)


def load_skin(root: str, seed: int = 0, zscore_scope: str = "split") -> Split:
    """Skin segmentation (245057 x 3), shuffled and split with `seed`."""
    path = os.path.join(root, "skin", "Skin_NonSkin.txt")
    rows = read_csv(path, delimiter="\t")
    x, y = _numeric(path, rows, lambda w: range(w - 1), -1, {"1": 1.0, "2": 0.0})
    return _shuffle_split("skin", x, y, seed, zscore_scope)


def load_letter(root: str, seed: int = 0) -> Split:
    """letter (the paper's binary split of letter.mat), z-scored."""
    path = os.path.join(root, "letter", "letter.mat")
    if not os.path.exists(path):
        raise DatasetError(f"{path}: file not found")
    try:
        from scipy.io import loadmat
        mat = loadmat(path)
        x_tr, x_te = mat["X_train"], mat["X_test"]
        y_tr, y_te = mat["Y_train"].ravel(), mat["Y_test"].ravel()
    except Exception as e:  # scipy raises many kinds on corrupt files
        raise DatasetError(f"{path}: cannot read MATLAB file: {e}") from None
    to01 = lambda y: (np.asarray(y, dtype=np.float64) > 0).astype(np.float64)
    return Split("letter", zscore(np.asarray(x_tr, np.float64)), to01(y_tr),
                 zscore(np.asarray(x_te, np.float64)), to01(y_te))


def load_codrna(root: str, seed: int = 0) -> Split:
    """cod-rna (LIBSVM files), z-scored."""
    tr = os.path.join(root, "cod-rna", "cod-rna")
    te = os.path.join(root, "cod-rna", "cod-rna.t")
    y_tr, x_tr = read_libsvm(tr, 8)
    y_te, x_te = read_libsvm(te, 8)
    return Split("cod-rna", zscore(x_tr), (y_tr > 0).astype(float),
                 zscore(x_te), (y_te > 0).astype(float))


def collapse_ijcnn1(x: np.ndarray) -> np.ndarray:
    """Features 1-10 are one-hot: replace them by the index of the hot one."""
    hot = np.argmax(x[:, :10], axis=1).astype(np.float64) + 1.0
    hot[x[:, :10].max(axis=1) == 0] = 0.0
    return np.hstack([hot[:, None], x[:, 10:]])


def load_ijcnn1(root: str, seed: int = 0) -> Split:
    """ijcnn1 (LIBSVM files, bz2)."""
    tr = os.path.join(root, "ijcnn1", "ijcnn1.trn.bz2")
    te = os.path.join(root, "ijcnn1", "ijcnn1.tst.bz2")
    y_all, x_all = read_libsvm(tr, 22)
    y_te, x_te = read_libsvm(te, 22)
    x_all, x_te = collapse_ijcnn1(x_all), collapse_ijcnn1(x_te)
    x_tr, y_tr = x_all[:35000], y_all[:35000]
    x_va, y_va = x_all[35000:], y_all[35000:]
    x_eval = np.vstack([zscore(x_va), zscore(x_te)])
    y_eval = (np.concatenate([y_va, y_te]) > 0).astype(float)
    return Split("ijcnn1", zscore(x_tr), (y_tr > 0).astype(float), x_eval, y_eval)


LOADERS = {
    "cod-rna": load_codrna,
    "letter": load_letter,
    "eeg": load_eeg,
    "ijcnn1": load_ijcnn1,
    "skin": load_skin,
    "magic": load_magic,
}


SHUFFLED = ("magic", "eeg", "skin")


def load(name: str, root: Optional[str] = None, seed: int = 0,
         zscore_scope: str = "split") -> Split:
    """Loads one of the paper's datasets by name (see NAMES). zscore_scope
    ("split" or "dataset") applies to the shuffled datasets magic, eeg and
    skin; the others come as separate files, each z-scored on its own."""
    if name not in LOADERS:
        raise DatasetError(f"unknown dataset {name!r}; known: {', '.join(NAMES)}")
    if zscore_scope not in ZSCORE_SCOPES:
        raise DatasetError(f"unknown z-score scope {zscore_scope!r}; known: "
                           f"{', '.join(ZSCORE_SCOPES)}")
    if name in SHUFFLED:
        return LOADERS[name](root or default_root(), seed, zscore_scope)
    return LOADERS[name](root or default_root(), seed)


def _read_idx(path, expected_magic):
    if not os.path.exists(path):
        raise DatasetError(f"{path}: file not found")
    with gzip.open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise DatasetError(f"{path}: truncated IDX header")
    magic, count = struct.unpack(">II", data[:8])
    if magic != expected_magic:
        raise DatasetError(f"{path}: bad IDX magic {magic:#x}")
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        body = np.frombuffer(data, dtype=np.uint8, offset=16)
        if body.size != count * rows * cols:
            raise DatasetError(f"{path}: expected {count * rows * cols} pixels, "
                               f"got {body.size}")
        return body.reshape(count, rows * cols)
    body = np.frombuffer(data, dtype=np.uint8, offset=8)
    if body.size != count:
        raise DatasetError(f"{path}: expected {count} labels, got {body.size}")
    return body


FASHION_MNIST_ROOT = "/usr/share/datasets/fashion-mnist"


def load_fashion_mnist(root: str = FASHION_MNIST_ROOT) -> Split:
    """Fashion-MNIST from Debian's dataset-fashion-mnist: pixels scaled to
    [0, 1] (60000 x 784 train, 10000 x 784 test), labels 0..9."""
    f = lambda n: os.path.join(root, n)
    x_tr = _read_idx(f("train-images-idx3-ubyte.gz"), 2051) / 255.0
    y_tr = _read_idx(f("train-labels-idx1-ubyte.gz"), 2049).astype(np.int64)
    x_te = _read_idx(f("t10k-images-idx3-ubyte.gz"), 2051) / 255.0
    y_te = _read_idx(f("t10k-labels-idx1-ubyte.gz"), 2049).astype(np.int64)
    return Split("fashion-mnist", x_tr, y_tr, x_te, y_te)
