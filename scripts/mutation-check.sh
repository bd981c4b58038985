#!/usr/bin/env bash
#===- scripts/mutation-check.sh - does the test suite kill source mutants? -===#
# Usage: scripts/mutation-check.sh [--only a,b] [--check-only] [--in-place]
#                                  [--work DIR] [--skip-baseline]
# Applies each mutant of scripts/mutants.txt alone to a copy of the tree in
# /tmp/aimc-mutation (a tar copy of the working tree), rebuilds it incrementally
# (with ccache when installed), runs the ordinary CTest suite stopping at
# the first failure, and prints killed/survived per mutant. --in-place
# mutates this tree and rebuilds build/ instead (fast when build/ is up to
# date; every file is restored after its mutant). A full run writes
# docs/results/mutation.md. Exits non-zero if a mutant survives or if a
# mutant's search text no longer matches exactly once (--check-only checks
# only that, in a second). CPU heavy: run it under `nice -n 10`.
#===----------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
exec /usr/bin/python3 "$root/scripts/mutation_check.py" "$@"
