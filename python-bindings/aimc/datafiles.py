"""Readers of labelled data files for aimc-ridge and the dataset loaders:
LIBSVM/SVMlight text and delimited text (CSV) with the label in a chosen
column. Files may be compressed (.gz, .bz2).

Every problem is reported as :class:`DataFileError` with ``file:line:`` (and
the column or feature where it helps), never as a traceback from deep inside
numpy.
"""

from __future__ import annotations

import bz2
import gzip
import math
import os
import stat
from typing import List, Optional, TextIO, Tuple

import numpy as np

#: The most entries (rows x features) a data set may have once stored
#: densely as float64: 2^28, i.e. 2 GiB.
MAX_DENSE_ENTRIES = 1 << 28


class DataFileError(ValueError):
    """A data file is missing or malformed; the message names file and line."""


def check_dense_size(rows: int, columns: int, what: str) -> None:
    """Raises DataFileError unless a rows x columns float64 matrix stays
    within MAX_DENSE_ENTRIES (the readers store data densely)."""
    if rows * columns > MAX_DENSE_ENTRIES:
        raise DataFileError(
            f"{what}: {rows} rows x {columns} features would take "
            f"{rows * columns * 8 / 2**30:.3g} GiB stored densely, more than "
            f"the limit of {MAX_DENSE_ENTRIES} entries (2 GiB); aimc stores "
            f"data densely, so reduce the feature indices or the rows")


def open_text(path: str) -> TextIO:
    """Opens a text file, decompressing .gz and .bz2. Only regular files are
    read: a FIFO would block and a device (/dev/zero) never end."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise DataFileError(f"{path}: file not found") from None
    except OSError as e:
        raise DataFileError(f"{path}: cannot open: {e.strerror or e}") from None
    if stat.S_ISDIR(info.st_mode):
        raise DataFileError(f"{path}: is a directory, not a data file")
    if not stat.S_ISREG(info.st_mode):
        raise DataFileError(f"{path}: not a regular file (FIFOs and devices "
                            f"are refused)")
    try:
        if path.endswith(".bz2"):
            return bz2.open(path, "rt", newline=None)
        if path.endswith(".gz"):
            return gzip.open(path, "rt", newline=None)
        return open(path, "r", newline=None)
    except OSError as e:
        raise DataFileError(f"{path}: cannot open: {e.strerror or e}") from None


def _lines(path):
    """(line number, text) of every line, with decoding errors reported."""
    with open_text(path) as f:
        lineno = 0
        try:
            for lineno, line in enumerate(f, 1):
                yield lineno, line
        except (UnicodeDecodeError, EOFError, OSError) as e:
            raise DataFileError(f"{path}:{lineno + 1}: cannot read: "
                                f"{e}") from None


def parse_labels(texts: List[str]) -> np.ndarray:
    """Labels from their text: int64 if every label is an integer literal
    that fits (so that distinct labels beyond 2^53 stay distinct), float64
    if every label is a number, else strings. Integer labels beyond int64
    are kept as their canonical decimal strings."""
    try:
        integers = [int(t) for t in texts]
    except ValueError:
        integers = None
    if integers is not None:
        if all(-2**63 <= v < 2**63 for v in integers):
            return np.array(integers, dtype=np.int64)
        return np.array([str(v) for v in integers])
    try:
        return np.array([float(t) for t in texts])
    except ValueError:
        return np.array(texts)


def _finite(text):
    value = float(text)  # ValueError for non-numbers
    if not np.isfinite(value):
        raise ValueError(f"non-finite value {text!r}")
    return value


def _libsvm_line_error(where, parts, num_features):
    """The precise problem of a LIBSVM line the fast path rejected."""
    try:
        _finite(parts[0])
    except ValueError:
        return DataFileError(f"{where}: malformed LIBSVM line: the label "
                             f"{parts[0]!r} is not a number")
    previous = 0
    for item in parts[1:]:
        index, sep, value = item.partition(":")
        try:
            if not sep:
                raise ValueError("expected index:value")
            index = int(index)
            _finite(value)
        except ValueError as e:
            return DataFileError(f"{where}: malformed LIBSVM line: "
                                 f"{item!r}: {e}")
        if index < 1 or (num_features and index > num_features):
            bound = f"1..{num_features}" if num_features else ">= 1"
            return DataFileError(f"{where}: malformed LIBSVM line: feature "
                                 f"index {index} outside {bound}")
        if index <= previous:
            return DataFileError(f"{where}: malformed LIBSVM line: feature "
                                 f"index {index} after {previous} (indices "
                                 f"must increase)")
        previous = index
    return DataFileError(f"{where}: malformed LIBSVM line")


def read_libsvm(path: str, num_features: Optional[int] = None
                ) -> Tuple[np.ndarray, np.ndarray]:
    """Reads a LIBSVM file: one ``label index:value ...`` row per line,
    indices from 1, strictly increasing; ``#`` starts a comment; blank lines
    are skipped. Returns (labels: int64 if all are integers, else float64;
    dense rows float64 with ``num_features`` columns, or as many as the
    largest index, at most MAX_DENSE_ENTRIES entries)."""
    labels, rows, cols, values = [], [], [], []
    largest = 0
    isfinite = math.isfinite
    for lineno, line in _lines(path):
        if "#" in line:
            line = line.split("#", 1)[0]
        parts = line.split()
        if not parts:
            continue
        # Fast path; any doubt is settled by _libsvm_line_error.
        try:
            label = float(parts[0])
            pairs = [item.split(":") for item in parts[1:]]
            indices = [int(i) for i, _ in pairs]
            numbers = [float(v) for _, v in pairs]
            ok = (isfinite(label) and all(map(isfinite, numbers)) and
                  (not indices or indices[0] >= 1) and
                  all(a < b for a, b in zip(indices, indices[1:])) and
                  not (num_features and indices and
                       indices[-1] > num_features))
        except ValueError:
            ok = False
        if not ok:
            raise _libsvm_line_error(f"{path}:{lineno}", parts, num_features)
        if indices:
            largest = max(largest, indices[-1])
        rows.extend([len(labels)] * len(indices))
        cols.extend(indices)
        values.extend(numbers)
        labels.append(parts[0])
    if not labels:
        raise DataFileError(f"{path}: no data rows")
    width = num_features or largest
    if width == 0:
        raise DataFileError(f"{path}: no feature in any row")
    check_dense_size(len(labels), width, path)
    x = np.zeros((len(labels), width))
    x[np.asarray(rows, dtype=np.int64),
      np.asarray(cols, dtype=np.int64) - 1] = values
    return parse_labels(labels), x


def read_delimited(path: str, label_column: int = 0, delimiter: str = ",",
                   header: bool = False) -> Tuple[List[str], np.ndarray]:
    """Reads delimited text (CSV by default): every row has the same number
    of fields, one of them (``label_column``, 0-based, negative counts from
    the end) the label, the others numbers. ``#`` lines and blank lines are
    skipped; with ``header`` the first other line is. Labels are returned as
    int64 if all are integers, float64 if all are numbers, else as
    strings."""
    labels, rows = [], []
    width = None
    skip_header = header
    for lineno, line in _lines(path):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if skip_header:
            skip_header = False
            continue
        fields = [f.strip() for f in text.split(delimiter)]
        where = f"{path}:{lineno}"
        if width is None:
            width = len(fields)
            if width < 2:
                raise DataFileError(f"{where}: expected a label and at least "
                                    f"one feature separated by "
                                    f"{delimiter!r}, got 1 field")
            if not -width <= label_column < width:
                raise DataFileError(f"{where}: label column {label_column} "
                                    f"does not exist (rows have {width} "
                                    f"fields)")
            label_index = label_column % width
        elif len(fields) != width:
            raise DataFileError(f"{where}: expected {width} fields, got "
                                f"{len(fields)}")
        label = fields.pop(label_index)
        if not label:
            raise DataFileError(f"{where}: empty label (column "
                                f"{label_index})")
        try:
            row = np.array(fields, dtype=np.float64)
            if not np.all(np.isfinite(row)):
                raise ValueError
        except ValueError:
            for column, field in enumerate(fields):
                try:
                    _finite(field)
                except ValueError:
                    number = column + (column >= label_index)
                    raise DataFileError(f"{where}: field {number} "
                                        f"({field!r}) is not a finite "
                                        f"number") from None
        labels.append(label)
        rows.append(row)
    if not rows:
        raise DataFileError(f"{path}: no data rows")
    return parse_labels(labels), np.vstack(rows)
