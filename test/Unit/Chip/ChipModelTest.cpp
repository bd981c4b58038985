//===- ChipModelTest.cpp - Tests of the chip model ------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Chip/ChipModel.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

using namespace aimc;

/// Rounds to `digits` significant decimal digits, the way figures are quoted.
static double roundSignificant(double x, int digits) {
  double scale = std::pow(10.0, digits - 1 - std::floor(std::log10(x)));
  return std::round(x * scale) / scale;
}

TEST(ChipModel, HermesGeometry) {
  ChipModel chip = ChipModel::hermes();
  EXPECT_EQ(chip.validate(), "");
  EXPECT_EQ(chip.numCores, 64);
  EXPECT_EQ(chip.crossbarRows, 256);
  EXPECT_EQ(chip.crossbarCols, 256);
  EXPECT_EQ(chip.maxInputLevel(), 127);
  EXPECT_EQ(chip.maxOutputLevel(), 127);
  EXPECT_EQ(chip.devicesPerPolarity(), 2);
  EXPECT_EQ(chip.totalCells(), 64 * 256 * 256);
}

TEST(ChipModel, HermesPublishedPeakFigures) {
  ChipModel chip = ChipModel::hermes();
  // Le Gallo et al. 2023: 63.1 TOPS, 9.76 TOPS/W (1-phase); 16.1 TOPS,
  // 2.48 TOPS/W (4-phase); 0.86 uJ per full-chip MVM, about 6.5 W.
  EXPECT_EQ(roundSignificant(chip.peakTOPS(MVMMode::OnePhase), 3), 63.1);
  EXPECT_EQ(roundSignificant(chip.peakTOPSPerWatt(MVMMode::OnePhase), 3), 9.76);
  EXPECT_EQ(roundSignificant(chip.peakTOPS(MVMMode::FourPhase), 3), 16.1);
  EXPECT_EQ(roundSignificant(chip.peakTOPSPerWatt(MVMMode::FourPhase), 3),
            2.48);
  EXPECT_EQ(roundSignificant(chip.fullChipMVMEnergyJ() * 1e6, 2), 0.86);
  EXPECT_EQ(roundSignificant(chip.peakPowerW(), 2), 6.5);
}

TEST(ChipModel, FitQueries) {
  ChipModel chip = ChipModel::hermes();
  EXPECT_TRUE(chip.fitsCrossbar(256, 256));
  EXPECT_FALSE(chip.fitsCrossbar(257, 1));
  EXPECT_FALSE(chip.fitsCrossbar(1, 257));
  EXPECT_FALSE(chip.fitsCrossbar(0, 4));
  EXPECT_TRUE(chip.fitsAt(128, 200, 128, 56));
  EXPECT_FALSE(chip.fitsAt(128, 200, 129, 56));
  EXPECT_FALSE(chip.fitsAt(-1, 0, 4, 4));
  EXPECT_TRUE(chip.hasCore(0));
  EXPECT_TRUE(chip.hasCore(63));
  EXPECT_FALSE(chip.hasCore(64));
  EXPECT_FALSE(chip.hasCore(-1));
}

TEST(ChipModel, ValidateRejectsBadModels) {
  ChipModel chip;
  chip.numCores = 0;
  EXPECT_NE(chip.validate().find("cores"), std::string::npos);
  chip = ChipModel();
  chip.devicesPerWeight = 3;
  EXPECT_EQ(chip.validate(),
            "devices_per_weight must be even (G+ and G-), got 3");
  chip = ChipModel();
  chip.adcBits = 1;
  EXPECT_EQ(chip.validate(), "adc_bits must be in [2, 16], got 1");
  chip = ChipModel();
  chip.onePhaseLatencyNs = 0;
  EXPECT_EQ(chip.validate(),
            "one_phase_latency_ns must be in (0.0, 1000000000000.0], got 0.0");
  chip = ChipModel();
  chip.readNoiseScale = std::nan("");
  EXPECT_NE(chip.validate().find("read_noise_scale"), std::string::npos);
  // Bounds keep every product of the geometry inside int64.
  chip = ChipModel();
  chip.numCores = INT64_MAX;
  EXPECT_EQ(chip.validate(),
            "cores must be in [1, 65536], got 9223372036854775807");
  for (const ChipParamInfo &info : ChipModel::parameters())
    if (info.kind == ChipParamKind::Int)
      EXPECT_LE(info.intMax, 65536) << info.key;
}

TEST(ChipModel, Presets) {
  EXPECT_TRUE(ChipModel::preset("hermes").has_value());
  EXPECT_TRUE(ChipModel::preset("pcm").has_value());
  EXPECT_TRUE(ChipModel::preset("ideal").has_value());
  EXPECT_FALSE(ChipModel::preset("tpu").has_value());
  EXPECT_TRUE(*ChipModel::preset("hermes") == ChipModel());
  EXPECT_EQ(ChipModel::pcm().printOverrides(), "");
  EXPECT_EQ(ChipModel::base("lab").name, "lab");
  EXPECT_EQ(ChipModel::base("lab").printOverrides(), "");
  ChipModel lab = ChipModel::base("lab");
  lab.noiseModel = NoiseModelKind::None;
  lab.clipSigmas = 2.5;
  EXPECT_EQ(lab.printOverrides(), ", noise_model = none, clip_sigmas = 2.5");
  EXPECT_EQ(ChipModel::base("ideal").printOverrides(), "");
}

TEST(ChipModel, SetChecksTheRange) {
  ChipModel chip;
  const ChipParamInfo *adc = ChipModel::findParameter("adc_bits");
  ASSERT_NE(adc, nullptr);
  EXPECT_EQ(chip.set(*adc, ChipValue::ofInt(40)),
            "adc_bits must be in [2, 16], got 40");
  EXPECT_EQ(chip.adcBits, 8);
  EXPECT_EQ(chip.set(*adc, ChipValue::ofInt(4)), "");
  EXPECT_EQ(chip.adcBits, 4);
  EXPECT_EQ(ChipModel::findParameter("nope"), nullptr);
  const ChipParamInfo *model = ChipModel::findParameter("noise_model");
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->cases.size(), 3u);
  EXPECT_NE(chip.set(*model, ChipValue::ofInt(3)), "");
}
