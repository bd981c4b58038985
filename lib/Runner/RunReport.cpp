//===- RunReport.cpp - What one execution of a model cost -----------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Runner/RunReport.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

using namespace aimc;

static void printArrays(llvm::raw_ostream &os, llvm::StringRef label,
                        llvm::StringRef arrow,
                        const std::vector<RunArrayInfo> &arrays) {
  if (arrays.empty()) {
    os << "  " << label << "none\n";
    return;
  }
  for (size_t i = 0; i < arrays.size(); ++i) {
    os << "  " << (i ? llvm::StringRef("             ") : label)
       << arrays[i].role << " " << arrays[i].type;
    if (!arrays[i].file.empty())
      os << " " << arrow << " " << arrays[i].file;
    os << "\n";
  }
}

static void printStatsRow(llvm::raw_ostream &os, llvm::StringRef name,
                          const exec::AnalogStats &stats, unsigned nameWidth) {
  os << "    " << llvm::left_justify(name, nameWidth)
     << llvm::format("%7lld %12lld %14.6e %14.6e %7.3f %9.3f\n",
                     static_cast<long long>(stats.tiles),
                     static_cast<long long>(stats.mvms), stats.latencyS,
                     stats.energyJ, stats.utilization, stats.topsPerWatt());
}

void RunReport::printText(llvm::raw_ostream &os) const {
  os << "aimc-run report\n";
  os << "  entry:       @" << entry << "\n";
  os << "  chip:        " << chip << " (seed " << seed << ", t_inference "
     << llvm::format("%g", tInferenceSeconds) << " s)\n";
  printArrays(os, "inputs:      ", "<-", inputs);
  printArrays(os, "outputs:     ", "->", outputs);
  os << "  compile:     " << llvm::format("%.6f", compileSeconds)
     << " s (lowering and JIT, host wall time)\n";
  os << "  call:        " << llvm::format("%.6f", wallSeconds)
     << " s (host wall time";
  if (calls > 1)
    os << ", " << calls << " calls";
  os << ")\n";
  if (!hasAnalogOps()) {
    os << "  analog:      no analog tiles: 0 MVMs (digital-only run)\n";
  } else {
    // Op names are source locations: the column fits the longest one.
    unsigned nameWidth = 24;
    for (const AnalogOpStats &stats : analogOps)
      nameWidth = std::max<unsigned>(nameWidth, stats.name.size() + 1);
    os << "  analog:\n    " << llvm::left_justify("op", nameWidth)
       << "  tiles         MVMs    latency [s]     energy [J]   util.    "
          "TOPS/W\n";
    for (const AnalogOpStats &stats : analogOps)
      printStatsRow(os, stats.name, stats, nameWidth);
    printStatsRow(os, "total", totals.analog, nameWidth);
    os << "  chip util.:  " << llvm::format("%.6f", totals.chipUtilization)
       << " (programmed cells / all cells of the chip(s))\n";
  }
  if (countsDigitalOps) {
    for (int64_t kind = 0; kind < exec::kNumDigitalOpKinds; ++kind)
      os << "  digital:     " << exec::digitalOpKindName(kind) << " "
         << llvm::format("%.0f", totals.digitalOps[kind]) << " ops\n";
    os << "  digital:     " << llvm::format("%.6e", totals.digitalEnergyJ)
       << " J, " << llvm::format("%.6e", totals.digitalTimeS)
       << " s (simulated)\n";
    os << "  energy:      " << llvm::format("%.6e", totalEnergyJ())
       << " J (analog + digital)\n";
  }
}

/// `stats` under the keys of aimc/Executor/AnalogStats.def, with its name
/// and TOPS/W. The name is copied: a json::Value made from a StringRef only
/// refers to it, and the JSON may outlive the report (heap-use-after-free
/// found by run-sanitizers.sh in RunReport.JSONHasEveryField).
static llvm::json::Object statsToJSON(llvm::StringRef name,
                                      const exec::AnalogStats &stats) {
  llvm::json::Object out{{"name", name.str()}};
#define AIMC_ANALOG_STAT(FIELD, KEY, TYPE, DOC) out[#KEY] = stats.FIELD;
#include "aimc/Executor/AnalogStats.def"
  out["tops_per_w"] = stats.topsPerWatt();
  return out;
}

static llvm::json::Array arraysToJSON(const std::vector<RunArrayInfo> &arrays) {
  llvm::json::Array out;
  for (const RunArrayInfo &array : arrays)
    out.push_back(llvm::json::Object{
        {"role", array.role}, {"file", array.file}, {"type", array.type}});
  return out;
}

llvm::json::Object aimc::chipToJSON(const ChipModel &chip) {
  llvm::json::Object out{{"name", chip.name}};
  for (const ChipParamInfo &info : ChipModel::parameters()) {
    ChipValue value = chip.get(info);
    switch (info.kind) {
    case ChipParamKind::Int:
      out[info.key] = value.integer;
      break;
    case ChipParamKind::Real:
      out[info.key] = value.real;
      break;
    case ChipParamKind::Bool:
      out[info.key] = value.integer != 0;
      break;
    case ChipParamKind::Enum:
      out[info.key] = ChipModel::formatValue(info, value);
      break;
    }
  }
  return out;
}

llvm::json::Value RunReport::toJSON() const {
  llvm::json::Array ops;
  for (const AnalogOpStats &stats : analogOps)
    ops.push_back(statsToJSON(stats.name, stats));
  llvm::json::Array digital;
  if (countsDigitalOps)
    for (int64_t kind = 0; kind < exec::kNumDigitalOpKinds; ++kind)
      digital.push_back(
          llvm::json::Object{{"kind", exec::digitalOpKindName(kind)},
                             {"operations", totals.digitalOps[kind]}});
  return llvm::json::Object{
      {"entry", entry},
      {"chip", chip},
      {"chip_parameters", chipToJSON(chipModel)},
      {"seed", static_cast<int64_t>(seed)},
      {"t_inference_s", tInferenceSeconds},
      {"compile_time_s", compileSeconds},
      {"wall_time_s", wallSeconds},
      {"calls", calls},
      {"inputs", arraysToJSON(inputs)},
      {"outputs", arraysToJSON(outputs)},
      {"analog",
       llvm::json::Object{{"has_analog_tiles", hasAnalogOps()},
                          {"ops", std::move(ops)},
                          {"total", statsToJSON("total", totals.analog)},
                          {"chip_utilization", totals.chipUtilization}}},
      {"digital_ops", std::move(digital)},
      {"digital_energy_j", totals.digitalEnergyJ},
      {"digital_time_s", totals.digitalTimeS},
      {"total_energy_j", totalEnergyJ()},
  };
}
