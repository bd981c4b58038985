"""Small torch modules exported with aimc.torch.export for the lit tests:
`models.py NAME OUT.mlir [X.npy]` writes the module's MLIR (and, with a
path, a seeded example input as .npy)."""

import sys

import numpy as np
import torch
from torch import nn

import aimc.nn
import aimc.torch


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(8, 3)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class Tokens(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10, 4)
        self.norm = nn.LayerNorm(4)

    def forward(self, tokens):
        return torch.softmax(self.norm(self.embed(tokens)), dim=-1).mean(dim=1)


class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.attn = aimc.nn.FavorAttention(dim=8, heads=2, n_features=16,
                                           seed=3)

    def forward(self, x):
        return self.attn(x) + x


def build(name):
    torch.manual_seed(0)
    if name == "mlp":
        return Mlp(), torch.randn(2, 4)
    if name == "tokens":
        return Tokens(), torch.randint(0, 10, (2, 5))
    if name == "attention":
        return Attention(), torch.randn(1, 6, 8)
    if name == "performer":
        return aimc.nn.PerformerClassifier(
            num_tokens=12, seq_len=10, n_classes=3, dim=16, heads=2,
            ffn_dim=32, n_features=16), torch.randint(0, 12, (3, 10))
    raise SystemExit(f"unknown model {name}")


def main():
    model, x = build(sys.argv[1])
    text = aimc.torch.export(model.eval(), x)
    with open(sys.argv[2], "w") as f:
        f.write(text)
    if len(sys.argv) > 3:
        np.save(sys.argv[3], x.numpy())
    if len(sys.argv) > 4:
        with torch.no_grad():
            np.save(sys.argv[4], model(x).numpy())


if __name__ == "__main__":
    main()
