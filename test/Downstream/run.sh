#!/usr/bin/env bash
#===- test/Downstream/run.sh - build a project against installed aimc ----===#
# Installs the aimc build tree into a fresh prefix, extracts the CMake snippet
# of README.md ("Using aimc from another project"), builds the downstream
# project in this folder with it against the install, and runs the tool on an
# aimc module with a pass pipeline.
# Usage: run.sh AIMC_BUILD_DIR WORK_DIR MODULE.mlir PIPELINE [README.md]
#===----------------------------------------------------------------------===#
set -euo pipefail
build=$1 work=$2 module=$3 pipeline=$4
here=$(cd "$(dirname "$0")" && pwd)
readme=${5:-$here/../../README.md}
rm -rf "$work"
mkdir -p "$work"
# The first ```cmake block after the section heading, as written.
awk '/^## Using aimc from another project/ { section = 1 }
     section && /^```cmake$/ { inblock = 1; found = 1; next }
     inblock && /^```$/ { exit }
     inblock { print }
     END { if (!found) exit 1 }' "$readme" > "$work/readme-snippet.cmake" || {
  echo "run.sh: no \`\`\`cmake block under '## Using aimc from another project' in $readme" >&2
  exit 1
}
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -G Ninja -S "$here" -B "$work/build" \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DAIMC_README_SNIPPET="$work/readme-snippet.cmake" >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/my-tool" "$module" "$pipeline"
