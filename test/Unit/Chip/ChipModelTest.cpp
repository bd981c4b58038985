//===- ChipModelTest.cpp - Tests of the chip model ------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Chip/ChipModel.h"

#include <gtest/gtest.h>

#include <cmath>

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
  EXPECT_EQ(roundSignificant(chip.peakTOPSPerWatt(MVMMode::FourPhase), 3), 2.48);
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
  EXPECT_NE(chip.validate().find("devices per weight"), std::string::npos);
  chip = ChipModel();
  chip.adcBits = 1;
  EXPECT_NE(chip.validate().find("ADC"), std::string::npos);
  chip = ChipModel();
  chip.onePhase.latencyNs = 0;
  EXPECT_NE(chip.validate().find("latency"), std::string::npos);
}

TEST(ChipModel, ByName) {
  EXPECT_TRUE(ChipModel::byName("hermes").has_value());
  EXPECT_FALSE(ChipModel::byName("tpu").has_value());
}
