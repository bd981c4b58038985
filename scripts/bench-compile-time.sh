#!/usr/bin/env bash
#===- scripts/bench-compile-time.sh - aimc-compile time vs model size -----===#
#
# Usage: scripts/bench-compile-time.sh [BUILD_DIR] [--rows D] [--repeat N]
#
# Generates ka models at 1x, 4x and 16x size and times
# `aimc-opt --aimc-compile` (parse, the whole pipeline down to the LLVM
# dialect, print) on each, best of N runs (default 3).
#
# The model of size M has 4^k = M heads; head h samples a Gaussian projection
# Omega_h (65536 x D, seed h + 1, D = 16 by default), projects the shared
# input x (1 x D) with it and applies cos; the heads' features are summed.
# Each head is 65536 / 256 = 256 crossbar blocks of D x 256 weights, so the
# model needs 256, 1024 and 4096 blocks; with D = 16, 16 blocks share a
# crossbar and the 16x model fills 256 crossbars, i.e. 4 HERMES chips.
#
# Prints one line per size and, last, `seconds per 1000 blocks` of the 16x
# model. Docs: docs/Pipelines/aimc-compile.md, "Compile time".
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
rows=16
repeat=3
while [[ $# -gt 0 ]]; do
  case $1 in
  --rows) rows=$2; shift 2 ;;
  --repeat) repeat=$2; shift 2 ;;
  -*) echo "bench-compile-time.sh: unknown option $1" >&2; exit 2 ;;
  *) build=$1; shift ;;
  esac
done
opt=$build/bin/aimc-opt
if [[ ! -x $opt ]]; then
  echo "bench-compile-time.sh: $opt not found; build first (scripts/build.sh)" >&2
  exit 1
fi
if ! [[ $rows =~ ^[0-9]+$ && $rows -ge 1 && $rows -le 256 ]]; then
  echo "bench-compile-time.sh: --rows must be in 1..256, got $rows" >&2
  exit 2
fi
if ! [[ $repeat =~ ^[0-9]+$ && $repeat -ge 1 ]]; then
  echo "bench-compile-time.sh: --repeat must be >= 1, got $repeat" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The model with $1 heads.
generate() {
  local heads=$1 features=65536
  local t="tensor<1x${features}xf32>"
  echo "func.func @heads(%x: tensor<1x${rows}xf32>) -> $t {"
  for ((h = 0; h < heads; ++h)); do
    echo "  %omega$h = ka.sample_projection gaussian seed($((h + 1))) : tensor<${features}x${rows}xf32>"
    echo "  %z$h = ka.projection %x, %omega$h : (tensor<1x${rows}xf32>, tensor<${features}x${rows}xf32>) -> $t"
    echo "  %phi$h = math.cos %z$h : $t"
    if ((h == 0)); then
      echo "  %sum0 = arith.addf %phi0, %phi0 : $t"
    else
      echo "  %sum$h = arith.addf %sum$((h - 1)), %phi$h : $t"
    fi
  done
  echo "  return %sum$((heads - 1)) : $t"
  echo "}"
}

now() { date +%s.%N; }

echo "aimc-compile time (aimc-opt --aimc-compile, best of $repeat; load average: $(cut -d' ' -f1-3 /proc/loadavg))"
printf "%-5s %6s %7s %10s %6s %11s %10s\n" size heads blocks crossbars chips weights seconds
last_time=0
last_blocks=0
for size in 1 4 16; do
  model=$work/model-$size.mlir
  out=$work/out-$size.mlir
  generate "$size" > "$model"
  best=
  for ((r = 0; r < repeat; ++r)); do
    start=$(now)
    "$opt" "$model" --aimc-compile="chips=64" \
      --mlir-elide-elementsattrs-if-larger=16 -o "$out"
    end=$(now)
    t=$(echo "$end - $start" | bc -l)
    if [[ -z $best ]] || (($(echo "$t < $best" | bc -l))); then best=$t; fi
  done
  # The tile table of the lowered module: !llvm.array<blocks x array<9 x i64>>.
  blocks=$(grep '@aimc_tiles_table(' "$out" |
    grep -o 'llvm.array<[0-9]* x array<9 x i64>>' | grep -o '[0-9]*' | head -1)
  crossbars=$(grep -o 'aimc.crossbars_used = [0-9]*' "$out" | grep -o '[0-9]*$')
  chips=$(((crossbars + 63) / 64))
  weights=$((size * 65536 * rows))
  printf "%-5s %6d %7d %10d %6d %11d %10.3f\n" "${size}x" "$size" "$blocks" \
    "$crossbars" "$chips" "$weights" "$best"
  last_time=$best
  last_blocks=$blocks
done
printf "seconds per 1000 blocks (16x): %.3f\n" \
  "$(echo "$last_time * 1000 / $last_blocks" | bc -l)"
