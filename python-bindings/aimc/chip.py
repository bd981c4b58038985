"""``aimc.Chip``: one description of the simulated chip (geometry,
converters, device model, costs), in the same text as the IR attribute.

    chip = aimc.Chip("hermes", adc_bits=4, read_noise_scale=0.5)
    str(chip)        # '#aimc.chip<"hermes", adc_bits = 4, read_noise_scale = 0.5>'
    aimc.Chip.parse('#aimc.chip<"pcm", drift = false>')
    chip.adc_bits    # 4
    chip.replace(drift=False)

The parameters, their ranges and the presets come from the table
include/aimc/Chip/ChipParameters.def, through the extension (nothing is
spelled out here). aimc.compile, aimc.Session and the classifier take a
Chip, a preset name ("hermes", "pcm", "ideal") or the attribute text.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable

from . import _aimc

#: The presets, in the table's order of columns.
PRESETS = ("hermes", "pcm", "ideal")


class ChipParameter:
    """One row of the chip parameter table."""

    def __init__(self, key: str, kind: str, low: float, high: float,
                 low_open: bool, cases: Iterable[str], doc: str,
                 presets: Any) -> None:
        self.key, self.kind, self.doc = key, kind, doc
        self.low, self.high, self.low_open = low, high, low_open
        self.cases = tuple(cases)
        self.presets = dict(presets)

    def __repr__(self) -> str:
        if self.kind == "enum":
            allowed = " | ".join(self.cases)
        elif self.kind == "bool":
            allowed = "True | False"
        else:
            allowed = (f"{'(' if self.low_open else '['}{self.low}, "
                       f"{self.high}]")
        return f"<chip parameter {self.key}: {self.kind} {allowed}>"


#: Every chip parameter by key, in table order.
PARAMETERS = {row[0]: ChipParameter(*row) for row in _aimc._chip_parameters()}


class Chip:
    """An AIMC chip: a preset with parameter overrides.

    Chip(preset="hermes", name=None, **parameters): preset is "hermes"
    (IBM HERMES, the default), "pcm" (aihwkit's PCMLikeNoiseModel) or
    "ideal" (no noise, exact converters); name an optional label printed
    instead of the preset's name; parameters any of aimc.chip.PARAMETERS
    (e.g. cores, rows, cols, dac_bits, adc_bits, devices_per_weight,
    noise_model, prog_noise_scale, read_noise_scale, drift,
    drift_compensation, g_max, clip_sigmas). Raises ValueError for a value
    outside its range and TypeError for an unknown parameter or a value of
    the wrong type. Chips are immutable; replace() makes a changed copy.
    """

    __slots__ = ("_name", "_values")

    def __init__(self, preset: str = "hermes", name: Any = None,
                 **parameters: Any) -> None:
        if not isinstance(preset, str):
            raise TypeError(f"the preset must be a str, got "
                            f"{type(preset).__name__}")
        self._name, self._values = _aimc._chip_build(preset, name or "",
                                                     parameters)

    @classmethod
    def parse(cls, text: str) -> "Chip":
        """The chip a preset name or ``#aimc.chip<...>`` text describes;
        ValueError (with line and column) for invalid text."""
        if not isinstance(text, str):
            raise TypeError(f"expected chip text (str), got "
                            f"{type(text).__name__}")
        chip = cls.__new__(cls)
        chip._name, chip._values = _aimc._chip_parse(text)
        return chip

    @property
    def name(self) -> str:
        """The preset name or label."""
        return self._name

    def to_dict(self) -> Dict[str, Any]:
        """{key: value} of every parameter."""
        return dict(self._values)

    def replace(self, **parameters: Any) -> "Chip":
        """A copy with some parameters changed (validated)."""
        chip = Chip.__new__(Chip)
        values = dict(self._values, **parameters)
        unknown = set(parameters) - set(self._values)
        if unknown:
            # Let the extension name the parameter.
            _aimc._chip_build("hermes", "", parameters)
        chip._name, chip._values = _aimc._chip_parse(
            _aimc._chip_print(self._name, values))
        return chip

    def __getattr__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(f"aimc.Chip has no parameter {key!r}") \
                from None

    def __setattr__(self, key: str, value: Any) -> None:
        if key in Chip.__slots__:
            object.__setattr__(self, key, value)
        else:
            raise AttributeError("aimc.Chip is immutable; use replace()")

    def __str__(self) -> str:
        return _aimc._chip_print(self._name, self._values)

    def __repr__(self) -> str:
        return f"aimc.Chip.parse({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Chip) and self._name == other._name
                and self._values == other._values)

    def __hash__(self) -> int:
        return hash(str(self))

    def __dir__(self) -> Any:
        return list(super().__dir__()) + list(self._values)


def chip_text(chip: Any) -> str:
    """The text of a chip option: "" for None (the module's chip, HERMES by
    default), the attribute text of a Chip, a str (preset name or attribute
    text) as it is. Other types raise TypeError."""
    if chip is None:
        return ""
    if isinstance(chip, Chip):
        return str(chip)
    if isinstance(chip, str):
        return chip
    raise TypeError(f"chip must be an aimc.Chip, a preset name or "
                    f"#aimc.chip text, got {type(chip).__name__}")
