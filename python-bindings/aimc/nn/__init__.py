"""``aimc.nn``: PyTorch modules of kernelized (Performer) attention whose
random projections run on the simulated chip once exported with
``aimc.torch.export`` (docs/Attention.md).

  FavorAttention(dim, heads, n_features, ...)   FAVOR+ multi-head attention
  PerformerClassifier(num_tokens, seq_len, ...)  a Performer for sequences
  sample_omega(n_features, head_dim, seed, ...)  Omega, bit for bit the
                                                 compiler's sampler
  favor_features, linear_attention              the float reference math
"""

from .attention import (FavorAttention, favor_features,  # noqa: F401
                        linear_attention, sample_omega)
from .performer import PerformerBlock, PerformerClassifier  # noqa: F401
