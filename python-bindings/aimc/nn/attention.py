"""``aimc.nn.FavorAttention``: Performer (FAVOR+) multi-head self-attention
whose fixed random projection Omega runs on the chip's crossbars once the
module is exported with ``aimc.torch.export``."""

import math

import numpy as np
import torch
from torch import nn

FEATURE_MAPS = ("favor_positive", "relu")
PROJECTIONS = {"hadamard": "structured_orthogonal",
               "gaussian": "orthogonal"}


def sample_omega(n_features, head_dim, seed, projection="hadamard"):
    """Omega (n_features x head_dim, float32) with orthogonal blocks:
    "hadamard" = sqrt(d) H D1 H D2 H D3 blocks (SORF), "gaussian" =
    Gaussian-orthogonal blocks with chi(d) row norms (ORF). The same
    sampler as ``ka.sample_projection`` (``aimc.sample_projection``), bit
    for bit."""
    if projection not in PROJECTIONS:
        raise ValueError(f"unknown projection {projection!r}; expected one "
                         f"of {', '.join(PROJECTIONS)}")
    from .. import _aimc
    if _aimc is None:
        raise ImportError("aimc.nn needs the compiled extension aimc._aimc "
                          "(build aimc and put build/python-bindings on "
                          "PYTHONPATH)")
    omega = _aimc.sample_projection(PROJECTIONS[projection], n_features,
                                    head_dim, seed)
    return torch.from_numpy(np.ascontiguousarray(omega, dtype=np.float32))


def favor_features(u, omega, feature_map, epsilon=0.0, project=None):
    """phi(u) for u (..., d) and Omega (m x d): favor_positive gives
    (2m)^-1/2 exp(-|u|^2/2) [exp(u Omega^T), exp(-u Omega^T)] (2m
    features, ka.favor_plus), relu gives m^-1/2 max(u Omega^T, 0) (m
    features); plus epsilon. `project(u, omega)` replaces the product
    u Omega^T (hardware-aware training: aimc.nn.AnalogProjection)."""
    z = project(u, omega) if project is not None else u @ omega.t()
    m = omega.shape[0]
    if feature_map == "favor_positive":
        half = 0.5 * (u * u).sum(-1, keepdim=True)
        scale = 1.0 / math.sqrt(2.0 * m)
        phi = torch.cat([scale * torch.exp(z - half),
                         scale * torch.exp(-z - half)], dim=-1)
    else:
        phi = torch.relu(z) * (1.0 / math.sqrt(m))
    if epsilon:
        phi = phi + epsilon
    return phi


def linear_attention(phi_q, phi_k, v):
    """D^-1 phi(Q) (phi(K)^T V) per batch and head; phi_q, phi_k
    (B, L, H, F), v (B, L, H, e) -> (B, L, H, e)."""
    kv = torch.einsum("blhf,blhe->bhfe", phi_k, v)
    ksum = phi_k.sum(dim=1)
    num = torch.einsum("blhf,bhfe->blhe", phi_q, kv)
    den = torch.einsum("blhf,bhf->blh", phi_q, ksum)
    return num / den.unsqueeze(-1)


class FavorAttention(nn.Module):
    """Multi-head self-attention with FAVOR+ (Performer) random features.

        attn = aimc.nn.FavorAttention(dim=64, heads=2, n_features=128)
        y = attn(x)                      # x: (batch, seq, dim)

    Learned Q/K/V/output projections (``q_proj``, ``k_proj``, ``v_proj``,
    ``out_proj``); a fixed random projection Omega (``omega`` buffer,
    ``n_features x head_dim``) shared by Q, K and all heads. Q and K are
    scaled by head_dim^-1/4 so that phi(q).phi(k) approximates
    exp(q.k / sqrt(head_dim)), the softmax kernel. ``projection`` selects
    Omega's orthogonal blocks: "hadamard" (sqrt(d) H D1 H D2 H D3, the
    paper's code) or "gaussian" (Gaussian orthogonal). ``redraw=True``
    draws a new Omega at every forward call in training mode (never in
    eval mode); the draws are seeded (seed, then counter). ``epsilon`` is
    added to every feature (Performer's kernel_epsilon; default 0 for
    favor_positive, 1e-3 for relu, whose features can all be zero).

    Exported by ``aimc.torch.export`` to one ``ka.projection`` of the Q
    and K rows of every head with Omega (a crossbar MVM), ``ka.favor_plus``
    (or ReLU features) and digital linear attention.
    """

    def __init__(self, dim, heads, n_features, feature_map="favor_positive",
                 seed=0, redraw=False, projection="hadamard", epsilon=None):
        super().__init__()
        if heads <= 0 or dim <= 0 or dim % heads:
            raise ValueError(f"dim ({dim}) must be a positive multiple of "
                             f"heads ({heads})")
        if n_features <= 0:
            raise ValueError(f"n_features must be positive, got {n_features}")
        if feature_map not in FEATURE_MAPS:
            raise ValueError(f"unknown feature_map {feature_map!r}; expected "
                             f"one of {', '.join(FEATURE_MAPS)}")
        if epsilon is None:  # ReLU features can all be 0: keep D > 0
            epsilon = 1e-3 if feature_map == "relu" else 0.0
        if not (epsilon >= 0 and math.isfinite(epsilon)):
            raise ValueError(f"epsilon must be finite and >= 0, got {epsilon}")
        self.dim, self.heads = dim, heads
        self.head_dim = dim // heads
        self.n_features = n_features
        self.feature_map = feature_map
        self.seed = int(seed)
        self.redraw = bool(redraw)
        self.projection = projection
        self.epsilon = float(epsilon)
        self.q_proj = nn.Linear(dim, dim)
        self.k_proj = nn.Linear(dim, dim)
        self.v_proj = nn.Linear(dim, dim)
        self.out_proj = nn.Linear(dim, dim)
        self.register_buffer("omega", sample_omega(
            n_features, self.head_dim, self.seed, projection))
        self.register_buffer("draws", torch.zeros((), dtype=torch.int64))
        # Set by aimc.nn.hardware_aware: the analog model of u Omega^T.
        self.analog = None

    @property
    def scale(self):
        """head_dim^-1/4, applied to Q and K."""
        return self.head_dim ** -0.25

    def redraw_projection(self):
        """Draws the next Omega (seed and draw counter determine it)."""
        self.draws += 1
        seed = (self.seed * 1000003 + int(self.draws)) % (2 ** 63)
        self.omega.copy_(sample_omega(self.n_features, self.head_dim, seed,
                                      self.projection))

    def features(self, u):
        """phi(u) of head vectors u (..., head_dim), already scaled."""
        return favor_features(u, self.omega, self.feature_map, self.epsilon,
                              self.analog)

    def forward(self, x):
        if self.training and self.redraw:
            self.redraw_projection()
        b, n, _ = x.shape
        shape = (b, n, self.heads, self.head_dim)
        q = self.q_proj(x).reshape(shape) * self.scale
        k = self.k_proj(x).reshape(shape) * self.scale
        v = self.v_proj(x).reshape(shape)
        out = linear_attention(self.features(q), self.features(k), v)
        return self.out_proj(out.reshape(b, n, self.dim))

    def extra_repr(self):
        return (f"dim={self.dim}, heads={self.heads}, n_features="
                f"{self.n_features}, feature_map={self.feature_map!r}, "
                f"projection={self.projection!r}, seed={self.seed}, "
                f"redraw={self.redraw}")
