#!/usr/bin/env python3
"""An independent re-implementation of aimc's seeded Gaussian sampler, used
by ka-lower.mlir to check the Omega that ka-lower materialises.

Usage: check-sample.py SEED ROWS COLS [--transpose] [--in FUNC] < lowered.mlir

Philox4x32-10 (Salmon et al., SC 2011; the constants of Random123) keyed by
the 64-bit seed, counter = (block, stream) with stream 0 for Gaussian Omega;
each block's two 64-bit words become two uniforms (x >> 12 + 0.5) 2^-52 in
(0, 1) and then two normals by Box-Muller (r cos, r sin). Omega is ROWS x
COLS in row-major order. The script finds the first `dense<...>` constant of
the input (of function FUNC with --in) with the expected shape (COLS x ROWS with --transpose) and compares
every element, rounded to f32, with its own draw."""
import re
import sys

import numpy as np

M0, M1, W0, W1 = 0xD2511F53, 0xCD9E8D57, 0x9E3779B9, 0xBB67AE85
MASK = 0xFFFFFFFF


def philox(counter, key):
    c0, c1, c2, c3 = counter
    k0, k1 = key
    for r in range(10):
        if r:
            k0, k1 = (k0 + W0) & MASK, (k1 + W1) & MASK
        p0, p1 = M0 * c0, M1 * c2
        c0, c1, c2, c3 = ((p1 >> 32) ^ c1 ^ k0, p1 & MASK,
                          (p0 >> 32) ^ c3 ^ k1, p0 & MASK)
    return c0, c1, c2, c3


def normals(seed, stream, count):
    out = []
    block = 0
    while len(out) < count:
        r = philox((block & MASK, block >> 32, stream & MASK, stream >> 32),
                   (seed & MASK, seed >> 32))
        w0, w1 = (r[1] << 32) | r[0], (r[3] << 32) | r[2]
        u0, u1 = [((w >> 12) + 0.5) * 2.0 ** -52 for w in (w0, w1)]
        radius = np.sqrt(-2.0 * np.log(u0))
        out += [radius * np.cos(2 * np.pi * u1), radius * np.sin(2 * np.pi * u1)]
        block += 1
    return np.array(out[:count])


seed, rows, cols = (int(a) for a in sys.argv[1:4])
omega = normals(seed, 0, rows * cols).reshape(rows, cols)
shape = (cols, rows) if "--transpose" in sys.argv else (rows, cols)
expected = (omega.T if "--transpose" in sys.argv else omega).astype(np.float32)
text = sys.stdin.read()
if "--in" in sys.argv:
    start = text.find("func.func @" + sys.argv[sys.argv.index("--in") + 1] + "(")
    if start < 0:
        sys.exit("no such function in the input")
    text = text[start:]
for m in re.finditer(r"dense<(\[[^>]*\])> : tensor<(\d+)x(\d+)xf32>", text):
    if (int(m.group(2)), int(m.group(3))) == shape:
        got = np.array(eval(m.group(1)), dtype=np.float32)
        if not np.array_equal(got, expected):
            sys.exit(f"sampled Omega differs:\n{got}\nexpected\n{expected}")
        print(f"Omega {shape[0]}x{shape[1]} (seed {seed}): "
              f"{expected.size} of {expected.size} values match")
        break
else:
    sys.exit(f"no dense<...> : tensor<{shape[0]}x{shape[1]}xf32> in the input")
