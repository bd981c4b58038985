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
    for (const ChipParamInfo &info : ChipModel::parameters())
      EXPECT_TRUE(a.get(info) == b.get(info)) << info.key;
    EXPECT_TRUE(a == b);
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
  model.onePhaseLatencyNs = 99.5;
  model.onePhaseEnergyNJ = 1.25;
  model.fourPhaseLatencyNs = 398.125;
  model.fourPhaseEnergyNJ = 5.0;
  model.noiseModel = NoiseModelKind::PCMLike;
  model.drift = false;
  model.inputRangeMode = Calibration::Percentile;
  ChipAttr attr = ChipAttr::get(&context, model);
  expectSameModel(attr.getModel(), model);

  std::string text;
  llvm::raw_string_ostream os(text);
  Attribute(attr).print(os);
  EXPECT_EQ(text, "#aimc.chip<\"lab\", cores = 3, rows = 128, cols = 512, "
                  "devices_per_weight = 2, dac_bits = 6, adc_bits = 10, "
                  "input_range_mode = percentile, noise_model = pcm, "
                  "drift = false, one_phase_latency_ns = 99.5, "
                  "one_phase_energy_nj = 1.25, four_phase_latency_ns = "
                  "398.125, four_phase_energy_nj = 5.0>");
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
  EXPECT_NE(message.find("adc_bits must be in [2, 16], got 1"),
            std::string::npos)
      << message;
}

TEST_F(ChipAttrTest, HugeValuesAreRejectedWithTheirRange) {
  for (const char *text :
       {"#aimc.chip<\"hermes\", cores = 9223372036854775807>",
        "#aimc.chip<\"hermes\", rows = 9223372036854775807>",
        "#aimc.chip<\"hermes\", cols = -9223372036854775807>"}) {
    llvm::Expected<ChipModel> chip = parseChip(text, "--chip", &context);
    ASSERT_FALSE(static_cast<bool>(chip)) << text;
    std::string message = llvm::toString(chip.takeError());
    EXPECT_NE(message.find("must be in [1, 65536]"), std::string::npos)
        << message;
    EXPECT_EQ(message.rfind("--chip:1:", 0), 0u) << message;
  }
  // Beyond int64: the integer parser's own diagnostic.
  EXPECT_FALSE(static_cast<bool>(parseChip(
      "#aimc.chip<\"hermes\", cores = 99999999999999999999>", "--chip")));
}

TEST_F(ChipAttrTest, PresetsAndTextRoundTrip) {
  for (const char *name : {"hermes", "pcm", "ideal"}) {
    llvm::Expected<ChipModel> chip = parseChip(name);
    ASSERT_TRUE(static_cast<bool>(chip)) << llvm::toString(chip.takeError());
    EXPECT_EQ(printChip(*chip), "#aimc.chip<\"" + std::string(name) + "\">");
    EXPECT_EQ(chip->validate(), "");
  }
  EXPECT_EQ(ChipModel::pcm().noiseModel, NoiseModelKind::PCMLike);
  EXPECT_FALSE(ChipModel::ideal().quantizeInputs);
  EXPECT_EQ(ChipModel::ideal().noiseModel, NoiseModelKind::None);

  ChipModel changed = ChipModel::hermes();
  changed.adcBits = 4;
  changed.readNoiseScale = 0.5;
  changed.driftCompensation = DriftCompensation::OneHot;
  std::string text = printChip(changed);
  EXPECT_EQ(text, "#aimc.chip<\"hermes\", adc_bits = 4, read_noise_scale = "
                  "0.5, drift_compensation = onehot>");
  llvm::Expected<ChipModel> back = parseChip(text, "chip", &context);
  ASSERT_TRUE(static_cast<bool>(back));
  expectSameModel(*back, changed);

  llvm::Expected<ChipModel> unknown = parseChip("loihi", "--chip");
  ASSERT_FALSE(static_cast<bool>(unknown));
  EXPECT_EQ(llvm::toString(unknown.takeError()),
            "--chip: unknown chip 'loihi'; expected a preset (hermes, pcm, "
            "ideal) or #aimc.chip<...> attribute text");
  llvm::Expected<ChipModel> badKey =
      parseChip("#aimc.chip<\"hermes\", adc = 4>", "--chip");
  ASSERT_FALSE(static_cast<bool>(badKey));
  EXPECT_EQ(llvm::toString(badKey.takeError())
                .rfind("--chip:1:22: unknown #aimc.chip key 'adc'", 0),
            0u);
  llvm::Expected<ChipModel> badEnum =
      parseChip("#aimc.chip<\"hermes\", noise_model = gauss>", "--chip");
  ASSERT_FALSE(static_cast<bool>(badEnum));
  EXPECT_NE(llvm::toString(badEnum.takeError())
                .find("expected none, pcm, hermes for 'noise_model'"),
            std::string::npos);
}

// drift_compensation was a bool: true still reads as random (the mode of
// every preset that compensates), false as none, in any preset.
TEST_F(ChipAttrTest, DriftCompensationAcceptsTheFormerBool) {
  EXPECT_EQ(ChipModel::hermes().driftCompensation, DriftCompensation::Random);
  EXPECT_EQ(ChipModel::pcm().driftCompensation, DriftCompensation::Random);
  EXPECT_EQ(ChipModel::ideal().driftCompensation, DriftCompensation::None);
  struct Case {
    const char *text;
    DriftCompensation mode;
  } cases[] = {
      {"#aimc.chip<\"hermes\", drift_compensation = false>",
       DriftCompensation::None},
      {"#aimc.chip<\"hermes\", drift_compensation = true>",
       DriftCompensation::Random},
      {"#aimc.chip<\"ideal\", drift_compensation = true>",
       DriftCompensation::Random},
      {"#aimc.chip<\"hermes\", drift_compensation = onehot>",
       DriftCompensation::OneHot},
      {"#aimc.chip<\"pcm\", drift_compensation = none>",
       DriftCompensation::None},
  };
  for (const Case &c : cases) {
    llvm::Expected<ChipModel> m = parseChip(c.text, "chip", &context);
    ASSERT_TRUE(static_cast<bool>(m)) << llvm::toString(m.takeError());
    EXPECT_EQ(m->driftCompensation, c.mode) << c.text;
  }
  // Printed as the enumerator, so the text reads back to the same chip.
  ChipModel off = ChipModel::hermes();
  off.driftCompensation = DriftCompensation::None;
  EXPECT_EQ(printChip(off),
            "#aimc.chip<\"hermes\", drift_compensation = none>");
  llvm::Expected<ChipModel> bad =
      parseChip("#aimc.chip<\"hermes\", drift_compensation = yes>", "--chip");
  ASSERT_FALSE(static_cast<bool>(bad));
  EXPECT_NE(llvm::toString(bad.takeError())
                .find("expected none, random, onehot, true, false for "
                      "'drift_compensation'"),
            std::string::npos);
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
