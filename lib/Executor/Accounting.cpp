//===- Accounting.cpp - Energy, latency and operation counts --------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Executor/Accounting.h"

using namespace aimc;
using namespace aimc::exec;

static double ratio(double num, double den) { return den > 0 ? num / den : 0; }

const char *aimc::exec::digitalOpKindName(int64_t kind) {
  static constexpr const char *names[kNumDigitalOpKinds] = {
      "add", "multiply", "transcendental", "other"};
  return kind >= 0 && kind < kNumDigitalOpKinds ? names[kind] : "unknown";
}

double AnalogStats::tops() const { return ratio(operations, latencyS) * 1e-12; }
double AnalogStats::topsPerWatt() const {
  return ratio(operations, energyJ) * 1e-12;
}
double RunStats::totalTOPS() const {
  return ratio(totalOps(), timeS()) * 1e-12;
}
double RunStats::totalTOPSPerWatt() const {
  return ratio(totalOps(), energyJ()) * 1e-12;
}

MVMCharge aimc::exec::chargeMVMs(const ChipModel &chip, MVMMode mode,
                                 int64_t rows, int64_t cols, int64_t vectors) {
  const MVMCost &cost = chip.cost(mode);
  double fraction = static_cast<double>(rows * cols) / chip.cellsPerCrossbar();
  MVMCharge c;
  c.ops = 2.0 * rows * cols * vectors;
  c.energyJ = cost.energyNJ * 1e-9 * fraction * vectors;
  c.timeS = cost.latencyNs * 1e-9 * vectors;
  return c;
}
