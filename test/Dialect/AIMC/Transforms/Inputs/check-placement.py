#!/usr/bin/env python3
"""An independent check of aimc-place's packing (used by aimc-place.mlir).

Usage: check-placement.py CORES_PER_CHIP ROWS COLS < placed.mlir

Reads every `aimc.tile [id] ... at <chip = c, core = k, row = r, col = q> :
tensor<RxCxf32>` of the placed module, re-packs the same blocks with a
straightforward re-implementation of the documented algorithm (docs/Passes:
shelf first-fit decreasing: blocks sorted by rows, then columns, decreasing,
ties in id order; each goes to the first crossbar -- chip-major, core by
core -- with a shelf of enough free columns or enough free rows below its
shelves, on the first such shelf, else on a new shelf), and compares every
position. Also checks that no two blocks of a crossbar share a cell. Prints
the crossbars used and the number of positions that match."""
import re
import sys

cores, rows, cols = (int(a) for a in sys.argv[1:4])
pattern = re.compile(r"aimc\.tile \[(\d+)\].* at <(?:chip = (\d+), )?"
                     r"core = (\d+), row = (\d+), col = (\d+)> : "
                     r"tensor<(\d+)x(\d+)xf32>")
placed = {}
for line in sys.stdin:
    m = pattern.search(line)
    if m:
        tid, chip, core, r, c, h, w = m.groups()
        placed[int(tid)] = (int(chip or 0) * cores + int(core), int(r), int(c),
                            int(h), int(w))
if not placed:
    sys.exit("no placed aimc.tile in the input")

# No overlaps, inside the crossbar.
cells = {}
for tid, (x, r, c, h, w) in placed.items():
    assert 0 <= r and r + h <= rows and 0 <= c and c + w <= cols, (tid, r, c)
    for i in range(r, r + h):
        span = cells.setdefault((x, i), [])
        for (a, b, other) in span:
            assert c + w <= a or b <= c, f"tiles {tid} and {other} overlap"
        span.append((c, c + w, tid))

# The reference packing.
order = sorted(placed, key=lambda t: (-placed[t][3], -placed[t][4], t))
crossbars = []  # each: [used rows, [[shelf row, used cols], ...]]
expected = {}
for tid in order:
    h, w = placed[tid][3], placed[tid][4]
    for x, (used, shelves) in enumerate(crossbars):
        if any(cols - s[1] >= w for s in shelves) or rows - used >= h:
            break
    else:
        crossbars.append([0, []])
        x = len(crossbars) - 1
    xbar = crossbars[x]
    shelf = next((s for s in xbar[1] if cols - s[1] >= w), None)
    if shelf is None:
        shelf = [xbar[0], 0]
        xbar[1].append(shelf)
        xbar[0] += h
    expected[tid] = (x, shelf[0], shelf[1], h, w)
    shelf[1] += w

wrong = [t for t in placed if placed[t] != expected[t]]
for t in wrong[:5]:
    print(f"tile {t}: placed at {placed[t][:3]}, expected {expected[t][:3]}")
print(f"crossbars: {len(crossbars)} used, "
      f"{len({p[0] for p in placed.values()})} by aimc-place")
print(f"positions: {len(placed) - len(wrong)} of {len(placed)} match")
sys.exit(1 if wrong else 0)
