#!/usr/bin/env bash
#===- scripts/run-main-job.sh - install, build and run the main job -------===#
# The README's main-job command: installs the Debian packages, builds aimc and
# compiles the example model docs/examples/rff-classifier.mlir with aimc-opt,
# printing the IR.
#===----------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${AIMC_BUILD_DIR:-$root/build}
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" "$build"
"$build/bin/aimc-opt" "$root/docs/examples/rff-classifier.mlir"
