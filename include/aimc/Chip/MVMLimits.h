//===- MVMLimits.h - Bounds of the per-MVM settings -------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Bounds of the per-MVM settings (#aimc.mvm_config and the executor's
// TileSettings), the same as the chip's input_range and prog_noise_scale
// rows of ChipParameters.def: a fixed input range in [smallest normal
// float32, 1e12] (the DAC divides by it in float32) and a noise factor in
// [0, 1e3] (beyond it the sampled conductances overflow float32).
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_CHIP_MVMLIMITS_H
#define AIMC_CHIP_MVMLIMITS_H

namespace aimc {

inline constexpr double kMinMVMInputRange = 1.17549435082228750797e-38;
inline constexpr double kMaxMVMInputRange = 1e12;
inline constexpr double kMaxMVMNoiseScale = 1e3;

} // namespace aimc

#endif // AIMC_CHIP_MVMLIMITS_H
