//===- CHandle.h - C handles of C++-created chips ---------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Hosts that build a chip with the C++ API (any aimc::ChipModel, including
// the cost figures the C configuration does not carry) hand it to generated
// code through the runtime ABI, which takes the C handle
// (the first argument of every aimc_rt_* call, aimc-c/RuntimeABI.h).
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_EXECUTOR_CHANDLE_H
#define AIMC_EXECUTOR_CHANDLE_H

#include "aimc-c/Executor.h"

#include <memory>

namespace aimc {
namespace exec {

class Executor;

/// A C handle owning `chip`; release it with aimc_executor_destroy.
AIMCExecutor *createCHandle(std::unique_ptr<Executor> chip);

/// The chip behind a handle (null for a null handle).
Executor *getExecutor(AIMCExecutor *chip);

} // namespace exec
} // namespace aimc

#endif // AIMC_EXECUTOR_CHANDLE_H
