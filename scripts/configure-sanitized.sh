#!/usr/bin/env bash
#===- scripts/configure-sanitized.sh - the clang ASan+UBSan+fuzzer build ----===#
# Usage: scripts/configure-sanitized.sh [BUILD_DIR]   (default: build-san)
# Installs clang-22 and its runtimes if missing, then configures and builds
# aimc with clang-22, -fsanitize=address,undefined (the ASan runtime shared,
# so that Python can preload it), coverage instrumentation for libFuzzer and
# the harnesses of tools/aimc-fuzz. Shared by scripts/run-sanitizers.sh and
# scripts/fuzz.sh; ccache is used when installed.
#===----------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-san}
if ! command -v clang++-22 >/dev/null ||
   ! dpkg-query -W -f='${Status}' libclang-rt-22-dev 2>/dev/null | grep -q 'ok installed'; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
    clang-22 libclang-rt-22-dev
fi
asan_rt=$(clang++-22 -print-file-name=libclang_rt.asan-x86_64.so)
rt_dir=$(dirname "$asan_rt")
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
link_flags="-shared-libasan -Wl,-rpath,$rt_dir"
cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
  -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
  -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
  "${launcher[@]}" \
  -DLLVM_USE_SANITIZER="Address;Undefined" \
  -DLLVM_UBSAN_FLAGS="-fsanitize=undefined -fno-sanitize=vptr,function -fno-sanitize-recover=all" \
  -DLLVM_USE_SANITIZE_COVERAGE=ON -DAIMC_BUILD_FUZZERS=ON \
  -DAIMC_BUILD_BENCHMARKS=OFF \
  -DCMAKE_EXE_LINKER_FLAGS="$link_flags" \
  -DCMAKE_SHARED_LINKER_FLAGS="$link_flags" \
  -DCMAKE_MODULE_LINKER_FLAGS="$link_flags" >/dev/null
cmake --build "$build" -j "${AIMC_JOBS:-$(nproc)}"
