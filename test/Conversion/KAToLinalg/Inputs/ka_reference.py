#!/usr/bin/env python3
"""Float64 NumPy reference of the ka ops, checked against executed IR.

Usage: ka_reference.py TEST.mlir RUNNER_OUTPUT

Reads the dense inputs (%x, %b, %w, %c, %scores, %k, %v) from TEST.mlir and
the memrefs printed by mlir-runner (printMemrefF32/I64, in the order of
ka-lower-exec.mlir's @main), recomputes every result from the documented
formulas and prints one line per result; exits 1 on any mismatch.
"""
import ast
import re
import sys

import numpy as np

RTOL, ATOL = 1e-4, 1e-4  # printMemref prints 6 significant digits.


def read_inputs(path):
    text = open(path).read()
    inputs = {}
    for name, body in re.findall(
            r"%(\w+) = arith\.constant dense<(.*?)> : tensor", text, re.S):
        # The NaN bit pattern becomes None, which NumPy reads as nan.
        body = body.replace("0x7FC00000", "None")
        inputs[name] = np.array(ast.literal_eval(body), dtype=np.float64)
    return inputs


def read_memrefs(path):
    blocks = open(path).read().split("Unranked Memref")[1:]
    result = []
    for block in blocks:
        sizes = [int(s) for s in
                 re.search(r"sizes = \[([^\]]*)\]", block).group(1).split(",")]
        data = block.split("data =", 1)[1]
        values = re.findall(r"-?nan|-?inf|-?[0-9][0-9.e+-]*", data)
        result.append(np.array([float(v) for v in values]).reshape(sizes))
    return result


def rff(z, gamma):
    s = z.shape[1]
    bw = np.sqrt(2 * gamma)
    return np.concatenate([np.cos(bw * z), np.sin(bw * z)], 1) / np.sqrt(s)


def favor(z, x):
    s = z.shape[1]
    half = 0.5 * np.sum(x * x, 1, keepdims=True)
    return np.concatenate([np.exp(z - half), np.exp(-z - half)], 1) / np.sqrt(2 * s)


def arccos(z, order):
    s = z.shape[1]
    return np.sqrt(2.0 / s) * np.where(z > 0, np.where(z > 0, z, 0) ** order, 0)


def attention(q, k, v, omega, fmap, eps):
    s = omega.shape[0]
    if fmap == "favor":
        pq, pk = favor(q @ omega.T, q), favor(k @ omega.T, k)
    else:
        pq = np.maximum(q @ omega.T, 0) / np.sqrt(s)
        pk = np.maximum(k @ omega.T, 0) / np.sqrt(s)
    pq, pk = pq + eps, pk + eps
    return (pq @ (pk.T @ v)) / (pq @ pk.sum(0))[:, None]


def main():
    inputs = read_inputs(sys.argv[1])
    out = read_memrefs(sys.argv[2])
    x, b, w, c = inputs["x"], inputs["b"], inputs["w"], inputs["c"]
    k, v, scores = inputs["k"], inputs["v"], inputs["scores"]
    omega = out[0]
    failures = 0

    # ORF: rows within each 3-row block are orthogonal.
    ok = True
    for start in range(0, omega.shape[0], 3):
        block = omega[start:start + 3]
        gram = block @ block.T
        norms = np.sqrt(np.diag(gram))
        ok &= np.allclose(gram / np.outer(norms, norms), np.eye(len(block)),
                          atol=1e-4)
    print("omega: orthogonal rows", "ok" if ok else "MISMATCH")
    failures += not ok

    z = x @ omega.T
    y = rff(z, 0.7) @ w + c
    s = z.shape[1]
    expected = [
        ("projection", z + b),
        ("rff", rff(z, 0.7)),
        ("rff_cos", np.sqrt(2.0 / s) * np.cos(np.sqrt(1.4) * z + b)),
        ("arccos0", arccos(z, 0)),
        ("arccos1", arccos(z, 1)),
        ("arccos2", arccos(z, 2)),
        ("favor_plus", favor(z, x)),
        ("readout", y),
        ("argmax", np.argmax(y, 1).astype(float)),
        ("binary_decision",
         np.floor(np.clip(np.nan_to_num(scores[:, 0], nan=0.0), 0, 1) + 0.5)),
        ("attention_favor", attention(x, k, v, omega, "favor", 0.0)),
        ("attention_relu", attention(x, k, v, omega, "relu", 1e-3)),
    ]
    for (name, ref), got in zip(expected, out[1:]):
        ok = got.shape == ref.shape and np.allclose(got, ref, rtol=RTOL,
                                                    atol=ATOL)
        err = np.max(np.abs(got - ref)) if got.shape == ref.shape else np.inf
        extra = ""
        if name == "binary_decision":
            extra = " " + str([int(t) for t in got])
        print(f"{name}: {'ok' if ok else 'MISMATCH'}{extra} (max abs error {err:.2e})")
        failures += not ok
    if len(out) != len(expected) + 1:
        print(f"expected {len(expected) + 1} results, got {len(out)}")
        failures += 1
    if failures:
        print(f"{failures} results differ")
        return 1
    print(f"all {len(out)} results match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
