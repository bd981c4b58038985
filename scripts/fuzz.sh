#!/usr/bin/env bash
#===- scripts/fuzz.sh - run aimc's libFuzzer harnesses ---------------------===#
# Usage: scripts/fuzz.sh [SECONDS] [BUILD_DIR]
#   SECONDS    per harness (default 60); BUILD_DIR default build-san;
#   AIMC_FUZZ_JOBS=N runs N fuzzing processes per harness (default 1);
#   AIMC_FUZZ_HARNESSES="ir npy capi" selects the harnesses (default all).
# Builds the sanitized, coverage-instrumented tree
# (scripts/configure-sanitized.sh) and runs each harness of tools/aimc-fuzz
# for SECONDS on one core:
#   aimc-ir-fuzzer    MLIR text -> parse, verify, aimc-compile
#                     (seeds: every .mlir under test/ and docs/examples;
#                     dictionary: test/Fuzz/mlir.dict)
#   aimc-npy-fuzzer   .npy bytes -> parse, re-encode, re-parse
#   aimc-capi-fuzzer  bytes -> AIMCExecutorConfig and C API calls
# Corpora grow in BUILD_DIR/fuzz/<harness>/corpus (kept between runs);
# crashes are written to BUILD_DIR/fuzz/<harness>/crash-*; kept as
# test/Fuzz/Inputs/<harness>/<name>, they are replayed by the lit suite
# (test/Fuzz/replay.test) and seed the next runs. Prints each
# harness's execution count; exits non-zero if any harness found a crash.
#===----------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
build=${2:-$root/build-san}
"$root/scripts/configure-sanitized.sh" "$build"
# The shared ASan runtime first; no user poisoning (run-sanitizers.sh says
# why).
export LD_PRELOAD=$(clang++-22 -print-file-name=libclang_rt.asan-x86_64.so)
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:allow_user_poisoning=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
jobs=${AIMC_FUZZ_JOBS:-1}
status=0
for harness in ${AIMC_FUZZ_HARNESSES:-ir npy capi}; do
  case $harness in
    ir|npy|capi) ;;
    *) echo "fuzz.sh: error: unknown harness '$harness' (ir, npy, capi)" >&2
       exit 2 ;;
  esac
  dir="$build/fuzz/$harness"
  mkdir -p "$dir/corpus" "$dir/seeds"
  case $harness in
    ir)
      find "$root/test" "$root/docs/examples" -name '*.mlir' -size -64k \
        -exec cp {} "$dir/seeds/" \;
      extra=(-dict="$root/test/Fuzz/mlir.dict" -max_len=16384) ;;
    npy)
      find "$root/test" -name '*.npy' -size -64k -exec cp {} "$dir/seeds/" \; 2>/dev/null || true
      /usr/bin/python3 - "$dir/seeds" <<'PY'
import sys, numpy as np
d = sys.argv[1]
for i, (dt, shape) in enumerate([("<f4", (3, 2)), ("<f8", (4,)), ("<i8", (2, 2)),
                                 ("<i4", (0, 3)), ("|b1", (5,)), ("<f4", ())]):
    np.save(f"{d}/seed{i}.npy", np.ones(shape, dtype=dt))
np.save(f"{d}/fortran.npy", np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)))
PY
      extra=(-max_len=4096) ;;
    capi)
      # One seed per preset (the first byte; the rest of the configuration
      # unchanged), and a 32x32 tile with a batch of three.
      /usr/bin/python3 - "$dir/seeds" <<'PY'
import sys
d = sys.argv[1]
for preset in range(3):
    open(f"{d}/preset{preset}", "wb").write(bytes([preset]))
    open(f"{d}/tile32-{preset}", "wb").write(bytes([preset, 31, 31]) + bytes(48) + bytes([2]))
PY
      cp "$root/test/Fuzz/Inputs/capi/"* "$dir/seeds/"
      extra=(-max_len=1024) ;;
  esac
  log="$dir/log.txt"
  rm -f "$dir"/fuzz-*.log
  echo "fuzz.sh: aimc-$harness-fuzzer for ${seconds}s"
  result=ok
  (cd "$dir" && "$build/bin/aimc-$harness-fuzzer" "$dir/corpus" "$dir/seeds" \
      -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=30 \
      -print_final_stats=1 -jobs="$jobs" -workers="$jobs" "${extra[@]}") \
      >"$log" 2>&1 || result=FAILED
  # With -jobs, each job logs to fuzz-<n>.log (and the main log repeats
  # their final statistics): sum the jobs' counts, or the main log's.
  logs=("$dir"/fuzz-*.log)
  [ -e "${logs[0]}" ] || logs=("$log")
  runs=$(cat "${logs[@]}" 2>/dev/null |
         grep -o 'stat::number_of_executed_units: *[0-9]*' |
         awk '{ n += $2 } END { print n + 0 }')
  if grep -q 'ERROR: \|deadly signal\|crash-' "$dir"/fuzz-*.log 2>/dev/null; then
    result=FAILED
  fi
  if [ $result = ok ]; then
    echo "fuzz.sh: aimc-$harness-fuzzer: $runs executions, no crash"
  else
    status=1
    echo "fuzz.sh: aimc-$harness-fuzzer: FAILED after $runs executions (see $log)"
  fi
done
exit $status
