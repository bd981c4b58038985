#!/usr/bin/env bash
#===- scripts/build.sh - configure and build aimc --------------------------===#
# Usage: scripts/build.sh [BUILD_DIR]   (default: build)
# Configures with Ninja against Debian's MLIR 22 and builds everything with
# both cores. Extra CMake options can be passed in AIMC_CMAKE_ARGS.
#===----------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
jobs=${AIMC_JOBS:-$(nproc)}
cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
  -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir ${AIMC_CMAKE_ARGS:-}
cmake --build "$build" -j "$jobs"
