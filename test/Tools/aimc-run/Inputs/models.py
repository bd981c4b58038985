#!/usr/bin/env python3
"""Models, inputs and float64 references for the analog aimc-run tests.

  models.py projection MODULE X REFZ REFPHI BxDxS [--seed N] [--dynamic]
      plain linalg: z = x @ W (W: D x S constant, standard normal), phi =
      cos(z); the entry @projection returns (z, phi). --dynamic makes the
      batch dimension dynamic.
  models.py packed MODULE X REF BxDxS N [--seed N]
      N independent D x S projections of one input, phi_i = cos(x @ W_i),
      concatenated: @packed returns B x (N*S).
  models.py points OUT LABELS N [--seed N]
      N points uniform in [-1.5, 1.5]^2 (float32), for the ka classifier,
      and their true classes (int64: 1 inside the unit circle, else 0).
  models.py nan OUT BxD
      a float32 array of ones with one NaN at (0, 1).
  models.py agree A B MIN
      check that the integer arrays A and B agree on at least the fraction
      MIN of their elements.
Exits non-zero with a message on any mismatch.
"""
import sys

import numpy as np


def option(args, name, default):
    return type(default)(args[args.index(name) + 1]) if name in args else default


def dense(array):
    rows = (",".join(repr(float(v)) for v in row) for row in array)
    return "dense<[" + ",".join("[" + r + "]" for r in rows) + "]>"


def matmul(x, w, b, d, s, name):
    """linalg text of x (b x d) @ w (d x s) into a zero-filled init."""
    t = f"tensor<{b}x{s}xf32>"
    init = "tensor.empty(%batch)" if b == "?" else "tensor.empty()"
    return f"""  %e{name} = {init} : {t}
  %acc{name} = linalg.fill ins(%zero : f32) outs(%e{name} : {t}) -> {t}
  %{name} = linalg.matmul ins(%{x}, %{w} : tensor<{b}x{d}xf32>, tensor<{d}x{s}xf32>) outs(%acc{name} : {t}) -> {t}
"""


def projection(args):
    module, x_path, z_path, phi_path = args[:4]
    batch, d, s = (int(v) for v in args[4].split("x"))
    rng = np.random.default_rng(option(args, "--seed", 0))
    w = rng.standard_normal((d, s)).astype(np.float32)
    x = rng.standard_normal((batch, d)).astype(np.float32)
    b = "?" if "--dynamic" in args else str(batch)
    t = f"tensor<{b}x{s}xf32>"
    with open(module, "w") as f:
        f.write(f"""func.func @projection(%x: tensor<{b}x{d}xf32>) -> ({t}, {t}) {{
  %w = arith.constant {dense(w)} : tensor<{d}x{s}xf32>
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %batch = tensor.dim %x, %c0 : tensor<{b}x{d}xf32>
{matmul("x", "w", b, d, s, "z")}  %phi = math.cos %z : {t}
  return %z, %phi : {t}, {t}
}}
""")
    np.save(x_path, x)
    z = x.astype(np.float64) @ w
    np.save(z_path, z)
    np.save(phi_path, np.cos(z))


def packed(args):
    module, x_path, ref_path = args[:3]
    batch, d, s = (int(v) for v in args[3].split("x"))
    n = int(args[4])
    rng = np.random.default_rng(option(args, "--seed", 0))
    ws = [rng.standard_normal((d, s)).astype(np.float32) for _ in range(n)]
    x = rng.standard_normal((batch, d)).astype(np.float32)
    t = f"tensor<{batch}x{s}xf32>"
    body = []
    for i, w in enumerate(ws):
        body.append(f"  %w{i} = arith.constant {dense(w)} : tensor<{d}x{s}xf32>\n")
        body.append(matmul("x", f"w{i}", str(batch), d, s, f"z{i}"))
        body.append(f"  %phi{i} = math.cos %z{i} : {t}\n")
    operands = ", ".join(f"%phi{i}" for i in range(n))
    types = ", ".join([t] * n)
    out = f"tensor<{batch}x{n * s}xf32>"
    with open(module, "w") as f:
        f.write(f"""func.func @packed(%x: tensor<{batch}x{d}xf32>) -> {out} {{
  %zero = arith.constant 0.0 : f32
{"".join(body)}  %y = tensor.concat dim(1) {operands} : ({types}) -> {out}
  return %y : {out}
}}
""")
    np.save(x_path, x)
    np.save(ref_path, np.concatenate(
        [np.cos(x.astype(np.float64) @ w) for w in ws], axis=1))


def points(args):
    rng = np.random.default_rng(option(args, "--seed", 0))
    n = int(args[2])
    x = rng.uniform(-1.5, 1.5, (n, 2)).astype(np.float32)
    np.save(args[0], x)
    np.save(args[1], (np.sum(x.astype(np.float64) ** 2, 1) < 1).astype(np.int64))


def nan(args):
    shape = tuple(int(v) for v in args[1].split("x"))
    array = np.ones(shape, dtype=np.float32)
    array[0, 1] = np.nan
    np.save(args[0], array)


def agree(args):
    a, b, minimum = np.load(args[0]), np.load(args[1]), float(args[2])
    if a.shape != b.shape:
        sys.exit(f"agree: shapes {a.shape} and {b.shape}")
    fraction = np.mean(a == b)
    if not fraction >= minimum:
        sys.exit(f"agree: {fraction:.4f} of the labels agree, expected >= "
                 f"{minimum}")
    print(f"agree: ok, {fraction:.4f}")


if __name__ == "__main__":
    {"projection": projection, "packed": packed, "points": points,
     "nan": nan, "agree": agree}[sys.argv[1]](sys.argv[2:])
