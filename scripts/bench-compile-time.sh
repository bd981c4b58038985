#!/usr/bin/env bash
#===- scripts/bench-compile-time.sh - aimc-compile time vs model size -----===#
#
# Usage: scripts/bench-compile-time.sh [BUILD_DIR] [--rows D] [--repeat N]
#                                      [--stages]
#
# Generates ka models at 1x, 4x and 16x size and times
# `aimc-opt --aimc-compile` (parse, the whole pipeline down to the LLVM
# dialect, print) on each, best of N runs (default 3): the wall time and the
# CPU time (user + system, all threads; on a loaded machine the wall time
# also counts the time other processes hold the cores).
#
# The model of size M has 4^k = M heads; head h samples a Gaussian projection
# Omega_h (65536 x D, seed h + 1, D = 16 by default), projects the shared
# input x (1 x D) with it and applies cos; the heads' features are summed.
# Each head is 65536 / 256 = 256 crossbar blocks of D x 256 weights, so the
# model needs 256, 1024 and 4096 blocks; with D = 16, 16 blocks share a
# crossbar and the 16x model fills 256 crossbars, i.e. 4 HERMES chips.
#
# Prints one line per size, then `seconds per 1000 blocks` of the 16x model
# and the slope from 4x to 16x (the cost of each further 1000 blocks; equal
# to the former when the time is linear in the size). --stages adds the
# stages of the 16x model from --mlir-timing (wall seconds, >= 1% of the
# total). Docs: docs/Pipelines/aimc-compile.md, "Compile time";
# results: docs/results/performance-compile.md.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
rows=16
repeat=3
stages=0
while [[ $# -gt 0 ]]; do
  case $1 in
  --rows) rows=$2; shift 2 ;;
  --repeat) repeat=$2; shift 2 ;;
  --stages) stages=1; shift ;;
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

min() { if [[ -z $1 ]] || (($(echo "$2 < $1" | bc -l))); then echo "$2"; else echo "$1"; fi; }

echo "aimc-compile time (aimc-opt --aimc-compile, best of $repeat; load average: $(cut -d' ' -f1-3 /proc/loadavg))"
printf "%-5s %6s %7s %10s %6s %11s %10s %8s\n" size heads blocks crossbars chips weights seconds cpu
declare -A wall cpu nblocks
for size in 1 4 16; do
  model=$work/model-$size.mlir
  out=$work/out-$size.mlir
  generate "$size" > "$model"
  best=
  bestcpu=
  for ((r = 0; r < repeat; ++r)); do
    # bash's `time`: wall, user and system seconds of the command.
    times=$( { TIMEFORMAT='%R %U %S'; time "$opt" "$model" \
      --aimc-compile="chips=64" --mlir-elide-elementsattrs-if-larger=16 \
      -o "$out"; } 2>&1 )
    read -r t user sys <<< "$(tail -1 <<< "$times")"
    best=$(min "$best" "$t")
    bestcpu=$(min "$bestcpu" "$(echo "$user + $sys" | bc -l)")
  done
  # The tile table of the lowered module: !llvm.array<blocks x array<9 x i64>>.
  blocks=$(grep '@aimc_tiles_table(' "$out" |
    grep -o 'llvm.array<[0-9]* x array<9 x i64>>' | grep -o '[0-9]*' | head -1)
  crossbars=$(grep -o 'aimc.crossbars_used = [0-9]*' "$out" | grep -o '[0-9]*$')
  chips=$(((crossbars + 63) / 64))
  weights=$((size * 65536 * rows))
  printf "%-5s %6d %7d %10d %6d %11d %10.3f %8.3f\n" "${size}x" "$size" \
    "$blocks" "$crossbars" "$chips" "$weights" "$best" "$bestcpu"
  wall[$size]=$best
  cpu[$size]=$bestcpu
  nblocks[$size]=$blocks
done
per1000() { echo "$1 * 1000 / ${nblocks[16]}" | bc -l; }
slope() { echo "($1 - $2) * 1000 / (${nblocks[16]} - ${nblocks[4]})" | bc -l; }
printf "seconds per 1000 blocks (16x): %.3f (cpu %.3f)\n" \
  "$(per1000 "${wall[16]}")" "$(per1000 "${cpu[16]}")"
printf "slope 4x -> 16x, seconds per 1000 more blocks: %.3f (cpu %.3f)\n" \
  "$(slope "${wall[16]}" "${wall[4]}")" "$(slope "${cpu[16]}" "${cpu[4]}")"

if ((stages)); then
  echo "stages of the 16x model (--mlir-timing, wall seconds, >= 1%):"
  "$opt" "$work/model-16.mlir" --aimc-compile="chips=64" \
    --mlir-elide-elementsattrs-if-larger=16 -o "$work/out-16.mlir" \
    --mlir-timing 2>&1 >/dev/null |
    awk '/\(A\)/ { next }
         /%\)/ { line = $0; name = line; sub(/^.*%\)[ ]+/, "", name)
                 # user ( pct%)  wall ( pct%)  name: keep the wall columns.
                 gsub(/[()%]/, " ", line); split(line, f, " ")
                 if (name == "Total") { total = f[3]; next }
                 if (f[4] + 0 >= 1.0) printf "  %-40s %8.3f\n", name, f[3] }
         END { printf "  %-40s %8.3f\n", "Total", total }'
fi
