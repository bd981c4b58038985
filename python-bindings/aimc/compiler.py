"""Compiling MLIR modules: ``aimc.compile`` and ``aimc.Module``."""

from __future__ import annotations

import numbers
import os
from typing import Any, Dict, List, Optional, Tuple, Union

from . import _aimc, _options

# Options of the compilation pipeline, with their defaults: the rows of
# layer compile of include/aimc/Runner/RunOptions.def (docs/Tools/
# RunOptions.md). chip None: the module's aimc.chip, HERMES if it has none.
COMPILE_DEFAULTS = _options.defaults("compile")


def _read_source(source):
    """(text, name) of IR text or of a file given as an os.PathLike."""
    if isinstance(source, os.PathLike):
        path = os.fspath(source)
        try:
            with open(path, encoding="utf-8") as f:
                return f.read(), path
        except OSError as e:
            raise _aimc.CompileError(f"cannot read module '{path}': "
                                     f"{e.strerror}") from None
    if not isinstance(source, str):
        raise TypeError(f"expected MLIR source text (str) or a path "
                        f"(os.PathLike), got {type(source).__name__}")
    return source, None


class Module:
    """A module compiled by :func:`compile`: its source, the options it was
    compiled with and the IR after every stage of the pipeline."""

    def __init__(self, source: str, name: str, options: Dict[str, Any],
                 stages: List[Tuple[str, str]]) -> None:
        self.source = source
        self.name = name
        self.options = dict(options)
        self._stages = list(stages)

    @property
    def stage_names(self) -> List[str]:
        """Stage names in pipeline order: "input", then the argument of every
        top-level pass that changed the module (a pass may appear twice)."""
        return [name for name, _ in self._stages]

    @property
    def stages(self) -> List[Tuple[str, str]]:
        """[(stage name, IR text)] in pipeline order."""
        return list(self._stages)

    def ir(self, stage: Union[str, int, None] = None) -> str:
        """The IR after `stage` (a stage name: its last occurrence; or an
        index into stage_names); the final, LLVM-dialect IR by default."""
        if stage is None:
            return self._stages[-1][1]
        if isinstance(stage, int):
            return self._stages[stage][1]
        for name, text in reversed(self._stages):
            if name == stage:
                return text
        raise KeyError(f"no stage {stage!r}; the stages are "
                       f"{', '.join(dict.fromkeys(self.stage_names))}")

    def __repr__(self):
        return (f"<aimc.Module {self.name!r}: {len(self._stages)} stages, "
                f"options {self.options}>")


def compile(source: Union[str, "os.PathLike[str]"], name: Optional[str] = None,
            elide_above: Optional[int] = 16, **options: Any) -> Module:
    """Compiles MLIR source text (or a file given as a path) with the
    pipeline of aimc-run and returns an :class:`aimc.Module`.

    options: the compile options of docs/Tools/RunOptions.md: chip (an
    aimc.Chip, a preset name "hermes" | "pcm" | "ideal" or #aimc.chip<...>
    text; None: the module's, HERMES if none), policy ("projections": the
    projections of random-feature models go analog, "attention": only ka
    projections such as a Performer's Omega, "all": every constant-weight
    matmul), min_size (smallest K*N mapped onto crossbars), num_chips (chips
    the placement may use), approximate_math (inline polynomials for f32
    sin, cos and exp; False calls libm). elide_above: print element
    attributes with more elements than this elided (None prints all).
    Raises CompileError with the compiler's diagnostics, ValueError for a
    bad option.
    """
    unknown = set(options) - set(COMPILE_DEFAULTS)
    if unknown:
        raise TypeError(f"compile() got unknown option(s) "
                        f"{', '.join(sorted(unknown))}; known: "
                        f"{', '.join(COMPILE_DEFAULTS)}")
    settings = {key: _options.check(key, value) for key, value in
                dict(COMPILE_DEFAULTS, **options).items()}
    _check_types(name, elide_above)
    text, path = _read_source(source)
    name = name or path or "<source>"
    stages = _aimc._compile_stages(text, name, settings,
                                   elide_above=elide_above)
    return Module(text, name, settings, stages)


def _check_types(name: Any, elide_above: Any) -> None:
    """A short TypeError naming the argument (rather than the extension's
    signature listing, which would print the whole module)."""
    if name is not None and not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    if elide_above is not None and not _is_int(elide_above):
        raise TypeError(f"elide_above must be an integer or None, got "
                        f"{type(elide_above).__name__}")


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)
