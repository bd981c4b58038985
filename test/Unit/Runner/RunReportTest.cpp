//===- RunReportTest.cpp - Tests of the run report and options ------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Runner/RunReport.h"
#include "aimc/Runner/RunBackend.h"

#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace aimc;

namespace {
RunReport analogReport() {
  RunReport report;
  report.entry = "rff";
  report.chip = "hermes";
  report.seed = 3;
  report.tInferenceSeconds = 60;
  report.inputs.push_back({"arg0", "x.npy", "float32[4x3]"});
  report.outputs.push_back({"result0", "y.npy", "float32[4x2]"});
  AnalogOpStats op;
  op.name = "projection0";
  op.tiles = 2;
  op.mvms = 8;
  op.operations = 4'000'000;
  op.latencyS = 1.064e-6;
  op.energyJ = 4e-7;
  op.utilization = 0.5;
  report.analogOps.push_back(op);
  report.totals.analog = op;
  report.totals.chipUtilization = 0.25;
  report.totals.digitalOps[2] = 16;
  report.totals.digitalEnergyJ = 1e-9;
  report.countsDigitalOps = true;
  return report;
}
} // namespace

TEST(AnalogStats, TopsPerWatt) {
  exec::AnalogStats stats;
  EXPECT_EQ(stats.topsPerWatt(), 0) << "no energy, no efficiency";
  EXPECT_EQ(stats.tops(), 0) << "no time, no throughput";
  stats.operations = 4'000'000;
  stats.energyJ = 4e-7;
  stats.latencyS = 1e-6;
  // 4e6 operations / 4e-7 J = 1e13 op/J = 10 TOPS/W; / 1e-6 s = 4 TOPS.
  EXPECT_DOUBLE_EQ(stats.topsPerWatt(), 10.0);
  EXPECT_DOUBLE_EQ(stats.tops(), 4.0);
}

// The one report structure: every row of AnalogStats.def is a key of the
// JSON's per-op and total objects, with the field's value.
TEST(RunReport, JSONKeysAreTheStatsTable) {
  RunReport report = analogReport();
  report.analogOps[0].latencyS = 3;
  llvm::json::Value value = report.toJSON();
  const llvm::json::Object *analog = value.getAsObject()->getObject("analog");
  ASSERT_TRUE(analog);
  const llvm::json::Object *op = (*analog->getArray("ops"))[0].getAsObject();
  const llvm::json::Object *total = analog->getObject("total");
  ASSERT_TRUE(op && total);
  size_t rows = 0;
#define AIMC_ANALOG_STAT(FIELD, KEY, TYPE, DOC)                                \
  ++rows;                                                                      \
  ASSERT_TRUE(op->getNumber(#KEY)) << #KEY;                                    \
  EXPECT_EQ(*op->getNumber(#KEY),                                              \
            static_cast<double>(report.analogOps[0].FIELD))                    \
      << #KEY;                                                                 \
  ASSERT_TRUE(total->getNumber(#KEY)) << #KEY;                                 \
  EXPECT_EQ(*total->getNumber(#KEY),                                           \
            static_cast<double>(report.totals.analog.FIELD))                   \
      << #KEY;
#include "aimc/Executor/AnalogStats.def"
  // name, tops_per_w and one key per row; no other spelling.
  EXPECT_EQ(op->size(), rows + 2);
  EXPECT_FALSE(op->get("utilisation"));
  EXPECT_FALSE(op->get("energy_joules"));
  EXPECT_DOUBLE_EQ(*analog->getNumber("chip_utilization"), 0.25);
  EXPECT_DOUBLE_EQ(*value.getAsObject()->getNumber("total_energy_j"),
                   4e-7 + 1e-9);
}

TEST(RunReport, DigitalOnlyTextSaysSo) {
  RunReport report;
  report.entry = "f";
  report.chip = "ideal";
  std::string text;
  llvm::raw_string_ostream os(text);
  report.printText(os);
  EXPECT_NE(text.find("no analog tiles: 0 MVMs (digital-only run)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("inputs:      none"), std::string::npos) << text;
  EXPECT_EQ(text.find("TOPS/W"), std::string::npos) << text;
}

TEST(RunReport, AnalogTextListsOpsAndTotal) {
  std::string text;
  llvm::raw_string_ostream os(text);
  analogReport().printText(os);
  EXPECT_NE(text.find("TOPS/W"), std::string::npos) << text;
  EXPECT_NE(text.find("projection0"), std::string::npos) << text;
  EXPECT_NE(text.find("total"), std::string::npos) << text;
  EXPECT_NE(text.find("10.000"), std::string::npos) << text;
  EXPECT_NE(text.find("digital:     transcendental 16 ops"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("no analog tiles"), std::string::npos) << text;
}

TEST(RunReport, JSONHasEveryField) {
  llvm::json::Value value = analogReport().toJSON();
  llvm::json::Object *root = value.getAsObject();
  ASSERT_TRUE(root);
  EXPECT_EQ(root->getString("entry"), "rff");
  EXPECT_EQ(root->getInteger("seed"), 3);
  EXPECT_EQ(root->getNumber("t_inference_s"), 60.0);
  llvm::json::Object *analog = root->getObject("analog");
  ASSERT_TRUE(analog);
  EXPECT_EQ(analog->getBoolean("has_analog_tiles"), true);
  llvm::json::Array *ops = analog->getArray("ops");
  ASSERT_TRUE(ops);
  ASSERT_EQ(ops->size(), 1u);
  llvm::json::Object *op = (*ops)[0].getAsObject();
  EXPECT_EQ(op->getString("name"), "projection0");
  EXPECT_EQ(op->getInteger("mvms"), 8);
  EXPECT_EQ(op->getInteger("tiles"), 2);
  EXPECT_DOUBLE_EQ(*op->getNumber("tops_per_w"), 10.0);
  EXPECT_DOUBLE_EQ(*op->getNumber("utilization"), 0.5);
  llvm::json::Object *total = analog->getObject("total");
  ASSERT_TRUE(total);
  EXPECT_EQ(total->getString("name"), "total");
  EXPECT_DOUBLE_EQ(*total->getNumber("latency_s"), 1.064e-6);
  EXPECT_DOUBLE_EQ(*total->getNumber("energy_j"), 4e-7);
  ASSERT_TRUE(root->getArray("digital_ops"));
  ASSERT_EQ(root->getArray("digital_ops")->size(), 4u);
  const llvm::json::Object *transcendental =
      (*root->getArray("digital_ops"))[2].getAsObject();
  EXPECT_EQ(transcendental->getString("kind"), "transcendental");
  EXPECT_EQ(transcendental->getNumber("operations"), 16.0);
  ASSERT_TRUE(root->getArray("inputs"));
  EXPECT_EQ((*root->getArray("inputs"))[0].getAsObject()->getString("type"),
            "float32[4x3]");
}

TEST(RunOptions, Validate) {
  RunOptions options;
  EXPECT_EQ(options.validate(), "no entry function given (--entry=NAME)");
  options.entry = "f";
  EXPECT_EQ(options.validate(), "");
  options.chip = "ideal";
  EXPECT_EQ(options.validate(), "");
  options.chip = "foo";
  EXPECT_EQ(options.validate(),
            "--chip: unknown chip 'foo'; expected a preset (hermes, pcm, "
            "ideal) or #aimc.chip<...> attribute text");
  options.chip = "#aimc.chip<\"hermes\", adc_bits = 4>";
  EXPECT_EQ(options.validate(), "");
  options.chip = "#aimc.chip<\"hermes\", adc_bits = 1>";
  EXPECT_EQ(options.validate(), "--chip:1:33: invalid #aimc.chip<\"hermes\">: "
                                "adc_bits must be in [2, 16], got 1");
  options.chip = "hermes";
  options.tInferenceSeconds = -1;
  EXPECT_NE(options.validate().find("finite number of seconds >= 0"),
            std::string::npos);
  options.tInferenceSeconds = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NE(options.validate().find("finite number of seconds >= 0"),
            std::string::npos);
  options.tInferenceSeconds = 86400;
  EXPECT_EQ(options.validate(), "");
}

TEST(DigitalOnlyBackend, ProvidesNothingReportsNothing) {
  std::unique_ptr<RunBackend> backend = createDigitalOnlyBackend();
  RuntimeSymbolMap symbols;
  backend->addRuntimeSymbols(symbols);
  EXPECT_TRUE(symbols.empty());
  RunReport report = analogReport();
  ASSERT_FALSE(static_cast<bool>(backend->beforeCall()));
  ASSERT_FALSE(static_cast<bool>(backend->afterCall(report)));
  EXPECT_FALSE(report.hasAnalogOps());
  EXPECT_EQ(report.totals.analog.mvms, 0);
  EXPECT_FALSE(report.countsDigitalOps);
  EXPECT_EQ(backend->describe(), "digital-only");
}
