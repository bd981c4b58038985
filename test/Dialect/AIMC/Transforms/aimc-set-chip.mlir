// RUN: aimc-opt %s --split-input-file --aimc-set-chip="chip=hermes" -verify-diagnostics | FileCheck %s
// RUN: aimc-opt %s --split-input-file --aimc-set-chip -verify-diagnostics | FileCheck %s --check-prefix=KEEP
// RUN: not aimc-opt %s --split-input-file --aimc-set-chip='chip={#aimc.chip<"small", cores = 4, rows = 64, cols = 32>}' 2>&1 | FileCheck %s --check-prefix=ATTR
// RUN: not aimc-opt %s --split-input-file --aimc-set-chip="chip=loihi" 2>&1 | FileCheck %s --check-prefix=UNKNOWN

// CHECK: module attributes {aimc.chip = #aimc.chip<"hermes">}
// KEEP: module {
// ATTR-DAG: module attributes {aimc.chip = #aimc.chip<"small", cores = 4, rows = 64, cols = 32>}
// UNKNOWN: error: aimc-set-chip: unknown chip 'loihi'; expected a preset (hermes, pcm, ideal) or #aimc.chip<...> attribute text
module {
}

// -----

// The same chip again is fine; one of another geometry is refused.
// CHECK: module attributes {aimc.chip = #aimc.chip<"hermes">}
// KEEP: module attributes {aimc.chip = #aimc.chip<"hermes">}
// ATTR-DAG: error: aimc-set-chip: the module targets #aimc.chip<"hermes"> but #aimc.chip<"small", cores = 4, rows = 64, cols = 32> was requested, with another geometry (64 cores of 256x256 vs 4 cores of 64x32); compile it for one chip
module attributes {aimc.chip = #aimc.chip<"hermes">} {
}

// -----

// The same geometry with other converters or devices replaces the chip.
// RUN: aimc-opt %s --split-input-file --aimc-set-chip='chip={#aimc.chip<"pcm", adc_bits = 4>}' 2>&1 | FileCheck %s --check-prefix=SAME-GEOMETRY
// SAME-GEOMETRY: module attributes {aimc.chip = #aimc.chip<"pcm", adc_bits = 4>}
// SAME-GEOMETRY: module attributes {aimc.chip = #aimc.chip<"pcm", adc_bits = 4>}
// SAME-GEOMETRY: module attributes {aimc.chip = #aimc.chip<"pcm", adc_bits = 4>}
module attributes {aimc.chip = #aimc.chip<"ideal">} {
}
