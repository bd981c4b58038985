"""``aimc.nn.PerformerClassifier``: a small Performer for sequence
classification (the paper's Long Range Arena configuration by default)."""

import torch
from torch import nn

from .attention import FavorAttention


class PerformerBlock(nn.Module):
    """Pre-LayerNorm Transformer block: x + attn(ln1(x)), then
    x + fc2(gelu(fc1(ln2(x))))."""

    def __init__(self, dim, heads, ffn_dim, n_features, feature_map, seed,
                 redraw=False, projection="hadamard", dropout=0.0):
        super().__init__()
        self.ln1 = nn.LayerNorm(dim)
        self.attn = FavorAttention(dim, heads, n_features, feature_map,
                                   seed=seed, redraw=redraw,
                                   projection=projection)
        self.ln2 = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, ffn_dim)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(ffn_dim, dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        x = x + self.dropout(self.attn(self.ln1(x)))
        return x + self.dropout(self.fc2(self.act(self.fc1(self.ln2(x)))))


class PerformerClassifier(nn.Module):
    """Token embedding plus a learned positional embedding, `depth`
    pre-LayerNorm Performer blocks, a final LayerNorm, mean pooling over
    the sequence and a linear classifier.

        model = aimc.nn.PerformerClassifier(num_tokens=20, seq_len=500,
                                            n_classes=10)
        logits = model(tokens)           # tokens: (batch, seq_len) int64

    The defaults are the paper's LRA configuration: 2 layers, 2 heads,
    width 64, FFN 128, 128 projections (256 FAVOR+ features). Layer i's
    Omega is drawn with seed + i.
    """

    def __init__(self, num_tokens, seq_len, n_classes, dim=64, heads=2,
                 depth=2, ffn_dim=128, n_features=128,
                 feature_map="favor_positive", seed=0, redraw=False,
                 projection="hadamard", dropout=0.0):
        super().__init__()
        for name, value in (("num_tokens", num_tokens), ("seq_len", seq_len),
                            ("n_classes", n_classes), ("depth", depth),
                            ("ffn_dim", ffn_dim)):
            if int(value) <= 0:
                raise ValueError(f"{name} must be positive, got {value}")
        self.seq_len = seq_len
        self.embed = nn.Embedding(num_tokens, dim)
        self.pos = nn.Parameter(torch.randn(seq_len, dim) * 0.02)
        self.layers = nn.ModuleList(
            PerformerBlock(dim, heads, ffn_dim, n_features, feature_map,
                           seed + i, redraw, projection, dropout)
            for i in range(depth))
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, n_classes)

    def forward(self, tokens):
        x = self.embed(tokens) + self.pos
        for layer in self.layers:
            x = layer(x)
        return self.head(self.norm(x).mean(dim=1))

    def attention_layers(self):
        """The FavorAttention modules, in order."""
        return [layer.attn for layer in self.layers]
