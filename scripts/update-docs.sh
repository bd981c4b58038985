#!/usr/bin/env bash
#===- scripts/update-docs.sh - refresh the generated reference pages -------===#
# Usage: scripts/update-docs.sh [BUILD_DIR]   (default: build)
# Regenerates the dialect and pass references from TableGen (target aimc-doc)
# and copies them over their committed copies under docs/.
#===----------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
cmake --build "$build" --target aimc-doc
/usr/bin/python3 "$root/scripts/check-generated-docs.py" "$build" "$root" --update
