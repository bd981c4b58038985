#!/usr/bin/python3
"""Speed of f32 cos in compiled code: aimc-approximate-math (the exact range
reduction for every finite float32, docs/Reliability.md) against libm.

Compiles @f(x) = cos(x) on 2^20 float32 values with and without
approximate math (aimc.Session(approximate_math=...)), runs each --repeats
times and prints the best time per call and per element. Arguments are
normal with standard deviation --scale (RFF arguments are O(10)).

Usage (from the repository root, after scripts/build.sh build):
  PYTHONPATH=build/python-bindings /usr/bin/python3 benchmarks/approximate_math.py
"""

import argparse
import time

import numpy as np

import aimc


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", type=int, default=1 << 20)
    p.add_argument("--scale", type=float, default=10.0)
    p.add_argument("--repeats", type=int, default=15)
    a = p.parse_args()
    src = f"""
func.func @f(%x: tensor<{a.size}xf32>) -> tensor<{a.size}xf32> {{
  %y = math.cos %x : tensor<{a.size}xf32>
  return %y : tensor<{a.size}xf32>
}}"""
    x = np.random.default_rng(0).normal(scale=a.scale,
                                        size=a.size).astype(np.float32)
    reference = np.cos(x.astype(np.float64))
    for approximate in (True, False):
        session = aimc.Session(src, chip="ideal",
                               approximate_math=approximate)
        (y,) = session.run("f", [x])
        best = float("inf")
        for _ in range(a.repeats):
            start = time.perf_counter()
            session.run("f", [x])
            best = min(best, time.perf_counter() - start)
        name = "approximate" if approximate else "libm"
        print(f"{name:12s} {best * 1e3:8.2f} ms per call, "
              f"{best / a.size * 1e9:6.2f} ns per cos, max |error| "
              f"{np.max(np.abs(y - reference)):.2e}")


if __name__ == "__main__":
    main()
