"""Readers of labelled data files for aimc-ridge and the dataset loaders:
LIBSVM/SVMlight text and delimited text (CSV) with the label in a chosen
column. Files may be compressed (.gz, .bz2).

Every problem is reported as :class:`DataFileError` with ``file:line:`` (and
the column or feature where it helps), never as a traceback from deep inside
numpy.
"""

import bz2
import gzip
import os

import numpy as np


class DataFileError(ValueError):
    """A data file is missing or malformed; the message names file and line."""


def open_text(path):
    """Opens a text file, decompressing .gz and .bz2."""
    if not os.path.exists(path):
        raise DataFileError(f"{path}: file not found")
    if os.path.isdir(path):
        raise DataFileError(f"{path}: is a directory, not a data file")
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


def _finite(text):
    value = float(text)  # ValueError for non-numbers
    if not np.isfinite(value):
        raise ValueError(f"non-finite value {text!r}")
    return value


def read_libsvm(path, num_features=None):
    """Reads a LIBSVM file: one ``label index:value ...`` row per line,
    indices from 1, strictly increasing; ``#`` starts a comment; blank lines
    are skipped. Returns (labels float64, dense rows float64 with
    ``num_features`` columns, or as many as the largest index)."""
    labels, rows = [], []
    largest = 0
    for lineno, line in _lines(path):
        parts = line.split("#", 1)[0].split()
        if not parts:
            continue
        where = f"{path}:{lineno}"
        try:
            label = _finite(parts[0])
        except ValueError:
            raise DataFileError(f"{where}: malformed LIBSVM line: the label "
                                f"{parts[0]!r} is not a number") from None
        indices, values = [], []
        for item in parts[1:]:
            index, sep, value = item.partition(":")
            try:
                if not sep:
                    raise ValueError("expected index:value")
                index = int(index)
                value = _finite(value)
            except ValueError as e:
                raise DataFileError(f"{where}: malformed LIBSVM line: "
                                    f"{item!r}: {e}") from None
            if index < 1 or (num_features and index > num_features):
                bound = f"1..{num_features}" if num_features else ">= 1"
                raise DataFileError(f"{where}: malformed LIBSVM line: "
                                    f"feature index {index} outside {bound}")
            if indices and index <= indices[-1]:
                raise DataFileError(f"{where}: malformed LIBSVM line: "
                                    f"feature index {index} after "
                                    f"{indices[-1]} (indices must increase)")
            indices.append(index)
            values.append(value)
        largest = max(largest, indices[-1] if indices else 0)
        labels.append(label)
        rows.append((indices, values))
    if not rows:
        raise DataFileError(f"{path}: no data rows")
    width = num_features or largest
    if width == 0:
        raise DataFileError(f"{path}: no feature in any row")
    x = np.zeros((len(rows), width))
    for r, (indices, values) in enumerate(rows):
        x[r, np.asarray(indices, dtype=np.int64) - 1] = values
    return np.array(labels), x


def read_delimited(path, label_column=0, delimiter=",", header=False):
    """Reads delimited text (CSV by default): every row has the same number
    of fields, one of them (``label_column``, 0-based, negative counts from
    the end) the label, the others numbers. ``#`` lines and blank lines are
    skipped; with ``header`` the first other line is. Labels are returned as
    float64 if all are numbers, else as strings."""
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
    try:
        labels = np.array([float(v) for v in labels])
    except ValueError:
        labels = np.array(labels)
    return labels, np.vstack(rows)
