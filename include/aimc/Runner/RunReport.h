//===- RunReport.h - What one execution of a model cost ---------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The report aimc-run prints after a run: the host-measured times, the
// arrays that went in and out, and the analog statistics (MVMs, latency,
// energy, utilization, TOPS/W) per analog op and in total. The analog part
// is filled by the run backend (the simulated executor); a digital-only run
// has no analog ops and says so instead of printing zeros as if measured.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_RUNNER_RUNREPORT_H
#define AIMC_RUNNER_RUNREPORT_H

#include "aimc/Chip/ChipModel.h"
#include "aimc/Executor/Accounting.h"

#include "llvm/Support/JSON.h"

#include <cstdint>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace aimc {

/// One analog op's row of the report (one projection mapped onto one or
/// more crossbar tiles): its name and its work over the run in the one
/// report structure, exec::AnalogStats (aimc/Executor/AnalogStats.def).
struct AnalogOpStats : exec::AnalogStats {
  /// The op, e.g. its tile group name or source location.
  std::string name;
};

/// One array passed to or returned by the entry function.
struct RunArrayInfo {
  std::string role; // "arg0", "result1", ...
  std::string file;
  std::string type; // e.g. "float32[4x3]"
};

/// Everything aimc-run reports about one run.
struct RunReport {
  std::string entry;
  /// The chip as `#aimc.chip<...>` text.
  std::string chip;
  /// Every parameter of the chip (the JSON's "chip_parameters").
  ChipModel chipModel;
  uint64_t seed = 0;
  double tInferenceSeconds = 0;
  /// Host wall time of lowering and JIT compilation, in seconds.
  double compileSeconds = 0;
  /// Host wall time of the call(s) of the entry function, in seconds.
  double wallSeconds = 0;
  /// Calls of entry functions the statistics cover.
  int64_t calls = 0;
  std::vector<RunArrayInfo> inputs;
  std::vector<RunArrayInfo> outputs;

  /// One entry per analog op; empty for a digital-only run.
  std::vector<AnalogOpStats> analogOps;
  /// The totals over the whole run, filled by the backend (latencies of
  /// ops on different cores may overlap, so the total latency is not
  /// necessarily the sum of the per-op latencies): `totals.analog` (its
  /// utilization over the crossbars in use), `totals.chipUtilization`
  /// (programmed cells over all cells of the chip(s)) and the digital work.
  exec::RunStats totals;
  /// True if the backend counts digital operations (the simulated chip
  /// does): the report then lists them by kind with their energy and time.
  bool countsDigitalOps = false;

  /// Analog plus digital energy, in joules.
  double totalEnergyJ() const { return totals.energyJ(); }

  bool hasAnalogOps() const { return !analogOps.empty(); }

  /// Human-readable report.
  void printText(llvm::raw_ostream &os) const;
  /// Machine-readable report.
  llvm::json::Value toJSON() const;
};

/// Every parameter of `chip` as a JSON object keyed like `#aimc.chip`
/// (generated from aimc/Chip/ChipParameters.def): {"name": "hermes",
/// "cores": 64, ..., "noise_model": "hermes", "drift": true, ...}.
llvm::json::Object chipToJSON(const ChipModel &chip);

} // namespace aimc

#endif // AIMC_RUNNER_RUNREPORT_H
