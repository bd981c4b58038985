"""``aimc.nn``: PyTorch modules of kernelized (Performer) attention whose
random projections run on the simulated chip once exported with
``aimc.torch.export`` (docs/Attention.md).

  FavorAttention(dim, heads, n_features, ...)   FAVOR+ multi-head attention
  PerformerClassifier(num_tokens, seq_len, ...)  a Performer for sequences
  sample_omega(n_features, head_dim, seed, ...)  Omega, bit for bit the
                                                 compiler's sampler
  favor_features, linear_attention              the float reference math
  hardware_aware(model, chip, policy)           hardware-aware training
  AnalogLinear, AnalogProjection, strip_analog, (analog.py, docs/LRA.md)
  clip_weights, chip_training_config
"""

from .attention import (FavorAttention, favor_features,  # noqa: F401
                        linear_attention, sample_omega)
from .performer import PerformerBlock, PerformerClassifier  # noqa: F401
from .analog import (AnalogLinear, AnalogProjection,  # noqa: F401
                     InputQuantizer, chip_training_config, clip_weights,
                     hardware_aware, strip_analog)
