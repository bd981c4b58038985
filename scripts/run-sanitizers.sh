#!/usr/bin/env bash
#===- scripts/run-sanitizers.sh - the test suite under ASan and UBSan ------===#
# Usage: scripts/run-sanitizers.sh [BUILD_DIR]   (default: build-san)
# Builds aimc with clang-22 -fsanitize=address,undefined
# (scripts/configure-sanitized.sh) and runs
#   1. every GoogleTest test, with LeakSanitizer on;
#   2. the lit suite, the Python tests and the commands of the docs
#      (aimc-doc-blocks, Python), with the ASan runtime preloaded
#      into /usr/bin/python3 (CPython is not built with ASan) and leak
#      detection off (CPython and numpy keep allocations until exit by
#      design, which LeakSanitizer would report).
# Any sanitizer report fails the test that triggered it (UBSan is fatal).
# Exits non-zero if anything fails. Takes about an hour on 2 cores, so it is
# not part of .ci/run: run it before merging changes to C++ code, and at
# least weekly (docs/Reliability.md).
#===----------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-san}
"$root/scripts/configure-sanitized.sh" "$build"
asan_rt=$(clang++-22 -print-file-name=libclang_rt.asan-x86_64.so)
jobs=${AIMC_JOBS:-$(nproc)}
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The shared ASan runtime must be the first library of every process.
export LD_PRELOAD="$asan_rt"
# allow_user_poisoning=0: LLVM's BumpPtrAllocator poisons its slabs when
# inlined into instrumented aimc code, but the allocations libMLIR (not
# instrumented) makes from the same slabs are never unpoisoned, which ASan
# would report as use-after-poison in correct code.
asan=abort_on_error=1:allow_user_poisoning=0
status=0
echo "run-sanitizers: GoogleTest (ASan + LSan + UBSan)"
ASAN_OPTIONS=detect_leaks=1:$asan \
  ctest --test-dir "$build" -j "$jobs" --output-on-failure \
  -E '^(aimc-lit|python-.*|aimc-docs-up-to-date|aimc-doc-blocks)$' \
  || status=1
echo "run-sanitizers: lit and Python tests (ASan runtime preloaded, no LSan)"
ASAN_OPTIONS=detect_leaks=0:$asan \
  ctest --test-dir "$build" -j "$jobs" --output-on-failure \
  -R '^(aimc-lit|python-|aimc-docs-up-to-date|aimc-doc-blocks)' || status=1
if [ $status -eq 0 ]; then
  echo "run-sanitizers: clean"
else
  echo "run-sanitizers: FAILED"
fi
exit $status
