#!/usr/bin/env bash
#===- scripts/install-deps.sh - install aimc's build and test dependencies -===#
#
# Idempotent: installs, with apt-get, every Debian package that building aimc,
# running its tests, its benchmarks and its main job needs on Debian 12.
# Run as root (CI and the development machines are root) or through sudo.
#===----------------------------------------------------------------------===#
set -euo pipefail

packages=(
  # Toolchain and build.
  cmake ninja-build g++ git
  # LLVM/MLIR 22 (libMLIR.so, mlir-tblgen, lit, FileCheck, not, count).
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  # C++ test and benchmark frameworks.
  libgtest-dev libgmock-dev libbenchmark-dev
  # Numerics for the simulated executor.
  libopenblas-dev
  # Python bindings, reference pipelines and plots.
  python3 python3-dev python3-numpy python3-scipy pybind11-dev python3-matplotlib
  # Sweeps on Dask (aimc.sweep, benchmarks): scheduler, workers, BLAS threads.
  python3-distributed python3-threadpoolctl
  # The scikit-learn estimators and their progress bars (tqdm); joblib comes
  # with python3-sklearn.
  python3-sklearn python3-tqdm
  # The PyTorch front end (aimc.torch, aimc.nn) and its tests.
  python3-torch
  # Data for the main job.
  dataset-fashion-mnist
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
    || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
