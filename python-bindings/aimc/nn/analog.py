"""Hardware-aware training: torch modules that inject the noise of an
analog matrix-vector product during training, after the recipe of the
paper's ``aihwkit_training.py`` (Buechel et al.; IBM aihwkit), with the
constants derived from the chip description in one place,
``chip_training_config`` (docs/LRA.md, "Hardware-aware training").

  AnalogLinear(linear, config)      nn.Linear with analog noise
  AnalogProjection(config)          the same for a FavorAttention's Omega
  hardware_aware(model, chip, policy)  converts a model in place
  strip_analog(model)               back to plain float modules (export)
  clip_weights(model)               2-sigma clipping after an optimizer step
  chip_training_config(chip)        the noise constants of a chip
"""

import copy
import math

import torch
from torch import nn

from .attention import FavorAttention

POLICIES = ("attention", "all")

# The paper's recipe (aihwkit_training.py), tuned for IBM HERMES: weight
# noise 0.12 max|W|, output noise 0.1, clipping at 2 sigma; and the learned
# input ranges' initialisation.
_PAPER = {"weight_noise": 0.12, "output_noise": 0.1, "clip_sigmas": 2.0}
_RANGES = {"input_range_decay": 0.5, "input_range_init_batches": 20,
           "input_range_init_alpha": 3.0, "per_sample": True}
# Every key of a training configuration.
_KEYS = ("input_bits", "weight_noise", "output_noise", "clip_sigmas",
         "input_range_decay", "input_range_init_batches",
         "input_range_init_alpha", "per_sample")


def _chip_config(chip):
    """The training constants derived from an aimc.Chip (the executor's
    chip description) and its device model."""
    from .. import _aimc
    from ..chip import Chip
    if _aimc is None:
        raise ImportError("deriving training noise from a chip needs the "
                          "compiled extension aimc._aimc")
    noise = _aimc._chip_device_noise(str(chip))
    ref = _aimc._chip_device_noise("hermes")
    values = chip.to_dict()
    return dict(
        _RANGES,
        input_bits=values["dac_bits"] if values["quantize_inputs"] else 0,
        # The paper's constants hold for HERMES; another chip's device
        # noise scales them: weight noise by the weight's programming + read
        # noise, output noise by the read noise (drawn at every MVM).
        weight_noise=_PAPER["weight_noise"] * noise["weight"] / ref["weight"],
        output_noise=_PAPER["output_noise"] * noise["read"] / ref["read"],
        clip_sigmas=(min(_PAPER["clip_sigmas"], values["clip_sigmas"])
                     if values["clip_sigmas"] > 0 else 0.0))


def chip_training_config(chip="hermes"):
    """The hardware-aware-training constants for `chip`, derived from the
    same chip description (aimc.Chip) and device model as the executor:

    - ``input_bits``: the chip's DAC resolution, ``dac_bits`` (0 when
      ``quantize_inputs`` is off); HERMES 8 bits: inputs become integers in
      [-127, 127] times range/127, as the executor's DAC does;
    - ``weight_noise``: std of the additive Gaussian weight noise relative
      to the layer's max|W|: the paper's 0.12 for HERMES, scaled for
      another chip by its device noise at a weight of max|W|
      (programming and 1/f read noise at t = 0,
      ``aimc._aimc._chip_device_noise``; 0.076 for HERMES) relative to
      HERMES's;
    - ``output_noise``: std of the additive output noise in the
      normalised units of the executor's ADC (inputs / input range times
      weights / max|W|): the paper's 0.1 for HERMES, scaled by the chip's
      read noise relative to HERMES's;
    - ``clip_sigmas``: weights clipped to +-2 std of the layer after each
      step (the paper's 2, or the chip's own ``clip_sigmas`` if smaller;
      0 if the chip does not clip);
    - ``input_range_decay``, ``input_range_init_batches``,
      ``input_range_init_alpha``: learned input ranges initialised from
      the data: r <- decay r + (1 - decay) alpha std(x) over the first
      batches (r = alpha std(x) at the first).

    `chip`: an aimc.Chip, a preset name ("hermes", "pcm", "ideal": no
    noise, float training through the same modules) or ``#aimc.chip<...>``
    text; a dict overriding any key of the HERMES values; or any object
    with ``dac_bits`` (the HERMES recipe with that DAC)."""
    from ..chip import Chip
    if isinstance(chip, str):
        try:
            chip = Chip.parse(chip)
        except ValueError as e:
            raise ValueError(f"unknown chip {chip!r}: {e}") from None
    if isinstance(chip, Chip):
        out = _chip_config(chip)
    elif isinstance(chip, dict):
        unknown = set(chip) - set(_KEYS)
        if unknown:
            raise ValueError(f"unknown hardware-aware training keys: "
                             f"{', '.join(sorted(unknown))}")
        out = dict(_RANGES, input_bits=8, **_PAPER)
        out.update(chip)
    elif hasattr(chip, "dac_bits"):
        out = dict(_RANGES, input_bits=int(chip.dac_bits), **_PAPER)
    else:
        raise ValueError(f"cannot derive training noise from {chip!r}; "
                         f"expected an aimc.Chip, a preset name, chip text "
                         f"or a dict")
    out = {k: out[k] for k in _KEYS}
    if not (0 <= out["input_bits"] <= 16 and out["input_bits"] != 1):
        raise ValueError(f"input_bits must be 0 (off) or 2..16, got "
                         f"{out['input_bits']}")
    for key in ("weight_noise", "output_noise", "clip_sigmas",
                "input_range_init_alpha"):
        if not (out[key] >= 0 and math.isfinite(out[key])):
            raise ValueError(f"{key} must be finite and >= 0, got {out[key]}")
    if not 0 <= out["input_range_decay"] < 1:
        raise ValueError(f"input_range_decay must be in [0, 1), got "
                         f"{out['input_range_decay']}")
    return out


class _RoundSTE(torch.autograd.Function):
    """round() with a straight-through gradient."""

    @staticmethod
    def forward(ctx, x):
        return torch.round(x)

    @staticmethod
    def backward(ctx, g):
        return g


class InputQuantizer(nn.Module):
    """Signed `bits`-bit input quantisation with a learned range r:
    x -> round(clamp(x, -r, r) / r * L) * r / L, L = 2^(bits-1) - 1.
    Gradients: straight through inside the range, to r from the clipped
    inputs (PACT). r is initialised from the data over the first
    ``init_batches`` training calls (see chip_training_config)."""

    def __init__(self, bits, decay=0.5, init_batches=20, alpha=3.0):
        super().__init__()
        self.bits, self.decay = int(bits), float(decay)
        self.init_batches, self.alpha = int(init_batches), float(alpha)
        self.range = nn.Parameter(torch.ones(()))
        self.register_buffer("seen", torch.zeros((), dtype=torch.int64))

    @property
    def levels(self):
        return (1 << (self.bits - 1)) - 1

    def forward(self, x):
        if self.bits == 0:
            return x
        if self.training and int(self.seen) < self.init_batches:
            with torch.no_grad():
                est = self.alpha * x.detach().float().std()
                est = torch.clamp(est, min=1e-6)
                # .data: the range may already be in this step's graph
                # (a FavorAttention projects Q and K with one quantizer).
                if int(self.seen) == 0:
                    self.range.data.fill_(float(est))
                else:
                    self.range.data.mul_(self.decay).add_(
                        (1 - self.decay) * est)
                self.seen += 1
        r = torch.clamp(self.range.abs(), min=1e-6)
        # clamp(x, -r, r) with the gradient to r from clipped inputs.
        xc = torch.minimum(torch.maximum(x, -r), r)
        scale = r / self.levels
        return _RoundSTE.apply(xc / scale) * scale

    def extra_repr(self):
        return f"bits={self.bits}, range={float(self.range):.4g}"


def analog_matmul(x, weight, config, quantizer, training):
    """x (B, ..., in) @ weight^T (out x in) as the analog tile computes it
    in training: quantised inputs, weight noise N(0, (w_noise max|W|)^2)
    drawn per sample (per leading index of x) and output noise
    N(0, (o_noise r max|W|)^2); without noise in eval mode."""
    xq = quantizer(x)
    if not training or (config["weight_noise"] == 0
                        and config["output_noise"] == 0):
        return xq @ weight.t()
    wmax = weight.detach().abs().max()
    if config["weight_noise"] > 0:
        std = config["weight_noise"] * wmax
        if config["per_sample"] and x.dim() >= 2:
            b = x.shape[0]
            noise = torch.randn((b,) + tuple(weight.shape),
                                device=weight.device) * std
            w = weight.unsqueeze(0) + noise            # (B, out, in)
            flat = xq.reshape(b, -1, x.shape[-1])      # (B, rows, in)
            y = torch.bmm(flat, w.transpose(1, 2))
            y = y.reshape(x.shape[:-1] + (weight.shape[0],))
        else:
            y = xq @ (weight + torch.randn_like(weight) * std).t()
    else:
        y = xq @ weight.t()
    if config["output_noise"] > 0:
        r = (quantizer.range.detach().abs() if quantizer.bits
             else x.detach().abs().max())
        y = y + torch.randn_like(y) * (config["output_noise"] * r * wmax)
    return y


class AnalogLinear(nn.Module):
    """An nn.Linear whose product runs through `analog_matmul` (the bias is
    added digitally, as on the chip). ``linear`` keeps the float layer, so
    ``strip_analog`` gives back an exportable model."""

    def __init__(self, linear, config):
        super().__init__()
        if not isinstance(linear, nn.Linear):
            raise TypeError(f"AnalogLinear wraps an nn.Linear, got "
                            f"{type(linear).__name__}")
        self.linear, self.config = linear, dict(config)
        self.quantizer = InputQuantizer(
            config["input_bits"], config["input_range_decay"],
            config["input_range_init_batches"],
            config["input_range_init_alpha"])

    def forward(self, x):
        y = analog_matmul(x, self.linear.weight, self.config, self.quantizer,
                          self.training)
        return y if self.linear.bias is None else y + self.linear.bias

    @torch.no_grad()
    def clip_weights(self):
        """Clips the weights to +-clip_sigmas std of the layer."""
        s = self.config["clip_sigmas"]
        if s > 0:
            bound = s * float(self.linear.weight.std())
            self.linear.weight.clamp_(-bound, bound)


class AnalogProjection(nn.Module):
    """The analog product u Omega^T of a FavorAttention (Omega is fixed, so
    it is not clipped)."""

    def __init__(self, attention, config):
        super().__init__()
        self.config = dict(config)
        self.quantizer = InputQuantizer(
            config["input_bits"], config["input_range_decay"],
            config["input_range_init_batches"],
            config["input_range_init_alpha"])
        # Not a submodule reference (avoids a cycle): Omega is passed in.
        self.n_features = attention.n_features

    def forward(self, u, omega):
        return analog_matmul(u, omega, self.config, self.quantizer,
                             self.training)


def hardware_aware(model, chip="hermes", policy="all"):
    """Converts `model` in place for hardware-aware training and returns
    it: with policy "attention" only every FavorAttention's Omega product
    becomes analog (AnalogProjection), with "all" also every nn.Linear
    (AnalogLinear) -- the two mappings of aimc-partition. The noise comes
    from chip_training_config(chip). Call clip_weights(model) after each
    optimizer step."""
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}; expected one of "
                         f"{', '.join(POLICIES)}")
    config = chip_training_config(chip)
    found = False
    for module in list(model.modules()):
        if isinstance(module, FavorAttention) and module.analog is None:
            module.analog = AnalogProjection(module, config)
            found = True
    if policy == "all":
        for parent in list(model.modules()):
            for name, child in list(parent.named_children()):
                if isinstance(child, nn.Linear):
                    setattr(parent, name, AnalogLinear(child, config))
                    found = True
    if not found:
        raise ValueError(f"hardware_aware: no FavorAttention"
                         f"{' or nn.Linear' if policy == 'all' else ''} "
                         f"in {type(model).__name__}")
    return model


def clip_weights(model):
    """clip_weights() of every AnalogLinear in `model`."""
    for module in model.modules():
        if isinstance(module, AnalogLinear):
            module.clip_weights()


def strip_analog(model):
    """A deep copy of `model` with the float modules back (AnalogLinear ->
    its nn.Linear, no AnalogProjection): what aimc.torch.export takes."""
    model = copy.deepcopy(model)
    for module in list(model.modules()):
        if isinstance(module, FavorAttention):
            module.analog = None
        for name, child in list(module.named_children()):
            if isinstance(child, AnalogLinear):
                setattr(module, name, child.linear)
    return model
