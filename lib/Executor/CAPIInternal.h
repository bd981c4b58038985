//===- CAPIInternal.h - The C handle of a chip ------------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_LIB_EXECUTOR_CAPIINTERNAL_H
#define AIMC_LIB_EXECUTOR_CAPIINTERNAL_H

#include "aimc-c/Executor.h"
#include "aimc/Executor/CHandle.h"
#include "aimc/Executor/Executor.h"

#include <optional>

/// The opaque C handle wraps the C++ chip. Error strings handed to C are
/// copied into these buffers so that the pointers stay valid until the next
/// error query on the same chip.
struct AIMCExecutor {
  std::unique_ptr<aimc::exec::Executor> impl;
  mutable std::string firstErrorBuffer, lastErrorBuffer;
};

namespace aimc {
namespace exec {
/// The settings of aimc_executor_configure_tile / aimc_rt_configure_tile, or
/// nullopt for an unknown mode or calibration.
std::optional<TileSettings>
tileSettingsFromC(int64_t fourPhase, int64_t calibration, double percentile,
                  double inputRange, double noiseScale);
} // namespace exec
} // namespace aimc

#endif // AIMC_LIB_EXECUTOR_CAPIINTERNAL_H
