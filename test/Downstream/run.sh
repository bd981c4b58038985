#!/usr/bin/env bash
# Installs the aimc build tree into a fresh prefix, builds the downstream
# project in this folder against it, and runs it on an aimc module.
# Usage: run.sh AIMC_BUILD_DIR WORK_DIR MODULE.mlir PIPELINE
set -euo pipefail
build=$1 work=$2 module=$3 pipeline=$4
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -G Ninja -S "$here" -B "$work/build" \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/downstream-tool" "$module" "$pipeline"
