#!/usr/bin/env bash
#===- scripts/run-main-job.sh - install, build and run the main job -------===#
# The README's main-job command: installs the Debian packages, builds aimc and
# runs benchmarks/fashion_mnist.py: ten-class Fashion-MNIST with 2048 random
# Fourier features, in float and on the simulated HERMES chip, with energy and
# latency per inference and the H200 digital baseline. It prints a summary
# table and writes docs/results/fashion-mnist.md (about 5 minutes on two
# cores). Extra arguments go to fashion_mnist.py (e.g. --out DIR).
#===----------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${AIMC_BUILD_DIR:-$root/build}
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" "$build"
# Debian's interpreter: it has numpy and scipy (another python3 on PATH may not).
PYTHONPATH="$build/python-bindings${PYTHONPATH:+:$PYTHONPATH}" \
  exec /usr/bin/python3 "$root/benchmarks/fashion_mnist.py" "$@"
