//===- ChipAttrTest.cpp - ChipModel <-> #aimc.chip conversion -------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/AIMC/IR/AIMCChip.h"
#include "aimc/Dialect/AIMC/IR/AIMCOps.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace aimc;

namespace {
class ChipAttrTest : public ::testing::Test {
protected:
  ChipAttrTest() { context.loadDialect<AIMCDialect>(); }

  static void expectSameModel(const ChipModel &a, const ChipModel &b) {
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.numCores, b.numCores);
    EXPECT_EQ(a.crossbarRows, b.crossbarRows);
    EXPECT_EQ(a.crossbarCols, b.crossbarCols);
    EXPECT_EQ(a.dacBits, b.dacBits);
    EXPECT_EQ(a.adcBits, b.adcBits);
    EXPECT_EQ(a.devicesPerWeight, b.devicesPerWeight);
    EXPECT_EQ(a.onePhase.latencyNs, b.onePhase.latencyNs);
    EXPECT_EQ(a.onePhase.energyNJ, b.onePhase.energyNJ);
    EXPECT_EQ(a.fourPhase.latencyNs, b.fourPhase.latencyNs);
    EXPECT_EQ(a.fourPhase.energyNJ, b.fourPhase.energyNJ);
  }

  MLIRContext context;
};
} // namespace

TEST_F(ChipAttrTest, HermesRoundTrip) {
  ChipAttr attr = ChipAttr::get(&context, ChipModel::hermes());
  expectSameModel(attr.getModel(), ChipModel::hermes());
  EXPECT_EQ(attr.getModel().validate(), "");
}

TEST_F(ChipAttrTest, CustomModelRoundTripsThroughText) {
  ChipModel model;
  model.name = "lab";
  model.numCores = 3;
  model.crossbarRows = 128;
  model.crossbarCols = 512;
  model.dacBits = 6;
  model.adcBits = 10;
  model.devicesPerWeight = 2;
  model.onePhase = {99.5, 1.25};
  model.fourPhase = {398.125, 5.0};
  ChipAttr attr = ChipAttr::get(&context, model);
  expectSameModel(attr.getModel(), model);

  std::string text;
  llvm::raw_string_ostream os(text);
  Attribute(attr).print(os);
  EXPECT_EQ(text, "#aimc.chip<\"lab\", cores = 3, rows = 128, cols = 512, "
                  "dac_bits = 6, adc_bits = 10, devices_per_weight = 2, "
                  "one_phase_latency_ns = 99.5, one_phase_energy_nj = 1.25, "
                  "four_phase_latency_ns = 398.125, four_phase_energy_nj = "
                  "5.0>");
  Attribute parsed = parseAttribute(text, &context);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed, attr);
}

TEST_F(ChipAttrTest, PresetKeysDefaultToThePreset) {
  auto attr = dyn_cast_or_null<ChipAttr>(
      parseAttribute("#aimc.chip<\"hermes\", cores = 8>", &context));
  ASSERT_TRUE(attr);
  ChipModel expected = ChipModel::hermes();
  expected.numCores = 8;
  expectSameModel(attr.getModel(), expected);
}

TEST_F(ChipAttrTest, InvalidModelIsRejected) {
  ChipModel model;
  model.adcBits = 1;
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  ChipAttr attr = ChipAttr::getChecked(
      [&] { return emitError(UnknownLoc::get(&context)); }, &context, model);
  EXPECT_FALSE(attr);
  EXPECT_NE(message.find("ADC resolution"), std::string::npos) << message;
}

TEST_F(ChipAttrTest, ModuleChipQueries) {
  OwningOpRef<ModuleOp> module = ModuleOp::create(UnknownLoc::get(&context));
  // No attribute: HERMES, one chip.
  expectSameModel(getChipModel(*module), ChipModel::hermes());
  EXPECT_EQ(getNumChips(*module), 1);
  EXPECT_FALSE(getChipAttr(*module));

  ChipModel small = ChipModel::hermes();
  small.name = "small";
  small.numCores = 2;
  (*module)->setAttr(AIMCDialect::kChipAttrName,
                     ChipAttr::get(&context, small));
  (*module)->setAttr(AIMCDialect::kNumChipsAttrName,
                     IntegerAttr::get(IntegerType::get(&context, 64), 3));
  expectSameModel(getChipModel(*module), small);
  EXPECT_EQ(getNumChips(*module), 3);
}

TEST_F(ChipAttrTest, MVMConfigDefaults) {
  MVMConfigAttr config = MVMConfigAttr::getDefault(&context);
  EXPECT_TRUE(config.isDefault());
  EXPECT_EQ(config.getMode(), MVMMode::OnePhase);
  EXPECT_EQ(config.getCalibration(), Calibration::MaxAbs);
  auto parsed = dyn_cast_or_null<MVMConfigAttr>(parseAttribute(
      "#aimc.mvm_config<mode = four_phase, noise_scale = 0.5>", &context));
  ASSERT_TRUE(parsed);
  EXPECT_FALSE(parsed.isDefault());
  EXPECT_EQ(parsed.getMode(), MVMMode::FourPhase);
  EXPECT_EQ(parsed.getNoiseScale().convertToDouble(), 0.5);
  EXPECT_EQ(parsed.getPercentile().convertToDouble(), 99.995);
}
