#!/usr/bin/env python3
"""Prints a module with N aimc.tile ops of deterministic pseudo-random sizes.

Usage: gen-tiles.py N  (used by aimc-place.mlir to place thousands of blocks)
"""
import sys

n = int(sys.argv[1])
print("func.func @many() {")
sizes = set()
lines = []
state = 12345
for i in range(n):
    # A small linear congruential generator: reproducible block sizes.
    state = (1103515245 * state + 12345) % (1 << 31)
    rows = 1 + state % 256
    state = (1103515245 * state + 12345) % (1 << 31)
    cols = 1 + state % 256
    sizes.add((rows, cols))
    lines.append(
        f"  %t{i} = aimc.tile [{i}] %w{rows}x{cols} : "
        f"tensor<{rows}x{cols}xf32> -> !aimc.tile<{rows}x{cols}>")
for rows, cols in sorted(sizes):
    print(f"  %w{rows}x{cols} = arith.constant dense<1.0> : "
          f"tensor<{rows}x{cols}xf32>")
print("\n".join(lines))
print("  return\n}")
