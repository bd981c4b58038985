"""Progress bars for long fits, predictions and benchmarks (``verbose``).

``progress(total, verbose, desc)`` is a context manager giving an object with
``update(n)``: a tqdm bar on stderr when ``verbose`` is true and tqdm (Debian's
python3-tqdm) is installed, else a no-op, so quiet runs never import tqdm.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Iterator


class _Silent:
    """The bar of a quiet run: counts nothing, prints nothing."""

    def update(self, n: int = 1) -> None:
        """Ignores `n` finished items."""


@contextlib.contextmanager
def progress(total: int, verbose: int, desc: str) -> Iterator[object]:
    """A progress bar over `total` items labelled `desc` (tqdm on stderr)
    when `verbose` is true; a silent stand-in otherwise."""
    if not verbose:
        yield _Silent()
        return
    try:
        from tqdm import tqdm
    except ImportError:  # tqdm is optional: report start and end instead
        print(f"{desc}: {total} rows ...", file=sys.stderr, flush=True)
        yield _Silent()
        print(f"{desc}: done", file=sys.stderr, flush=True)
        return
    with tqdm(total=total, desc=desc, unit="rows", file=sys.stderr,
              leave=verbose > 1, dynamic_ncols=True) as bar:
        yield bar
