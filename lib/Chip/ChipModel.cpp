//===- ChipModel.cpp - Geometry and cost figures of an AIMC chip ----------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Chip/ChipModel.h"

using namespace aimc;

ChipModel ChipModel::hermes() { return ChipModel(); }

std::optional<ChipModel> ChipModel::byName(const std::string &name) {
  if (name == "hermes")
    return hermes();
  return std::nullopt;
}

std::string ChipModel::validate() const {
  if (numCores <= 0)
    return "number of cores must be positive, got " + std::to_string(numCores);
  if (crossbarRows <= 0 || crossbarCols <= 0)
    return "crossbar rows and columns must be positive, got " +
           std::to_string(crossbarRows) + "x" + std::to_string(crossbarCols);
  if (dacBits < 2 || dacBits > 16)
    return "DAC resolution must be 2..16 bits, got " + std::to_string(dacBits);
  if (adcBits < 2 || adcBits > 16)
    return "ADC resolution must be 2..16 bits, got " + std::to_string(adcBits);
  if (devicesPerWeight < 2 || devicesPerWeight % 2 != 0)
    return "devices per weight must be a positive even number (G+ and G-), "
           "got " +
           std::to_string(devicesPerWeight);
  if (!(onePhase.latencyNs > 0) || !(onePhase.energyNJ > 0) ||
      !(fourPhase.latencyNs > 0) || !(fourPhase.energyNJ > 0))
    return "MVM latency and energy must be positive";
  return "";
}

double ChipModel::peakTOPS(MVMMode mode) const {
  double opsPerSecondPerCore = opsPerCrossbarMVM() / (cost(mode).latencyNs * 1e-9);
  return numCores * opsPerSecondPerCore * 1e-12;
}

double ChipModel::peakTOPSPerWatt(MVMMode mode) const {
  return opsPerCrossbarMVM() / (cost(mode).energyNJ * 1e-9) * 1e-12;
}

double ChipModel::peakPowerW(MVMMode mode) const {
  return fullChipMVMEnergyJ(mode) / (cost(mode).latencyNs * 1e-9);
}

double ChipModel::fullChipMVMEnergyJ(MVMMode mode) const {
  return numCores * cost(mode).energyNJ * 1e-9;
}
