//===- RunBackend.h - The runtime behind JIT-compiled models ----*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Generated code calls the analog runtime through the C functions of
// include/aimc-c/RuntimeABI.h (`_mlir_ciface_aimc_rt_mvm`, ...). A run
// backend provides those symbols to the JIT, is told when the entry function
// starts and ends, and fills the analog part of the run report. The
// digital-only backend provides no symbols and reports no analog ops; the
// simulated executor plugs in as another backend.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_RUNNER_RUNBACKEND_H
#define AIMC_RUNNER_RUNBACKEND_H

#include "aimc/Chip/ChipModel.h"
#include "aimc/Runner/RunOptions.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace aimc {

struct RunReport;

/// Symbol name -> address of functions and data JIT-compiled code may use,
/// e.g. {"_mlir_ciface_aimc_rt_mvm", &_mlir_ciface_aimc_rt_mvm}.
using RuntimeSymbolMap = llvm::StringMap<void *>;

/// The crossbar tiles one analog op of a model (one analog matrix product,
/// cut into blocks by aimc-tile) occupies; the report has a row per op.
struct AnalogOpTiles {
  std::string name;
  std::vector<int64_t> tileIds;
};

/// What a compiled module targets: the chip it was placed on (`aimc.chip`,
/// or RunOptions::chip), the number of chips (`aimc.num_chips`) and its analog
/// ops
/// (`aimc.analog_ops`, written by convert-aimc-to-runtime).
struct RunTarget {
  ChipModel chip = ChipModel::hermes();
  int64_t numChips = 1;
  std::vector<AnalogOpTiles> analogOps;
};

/// The runtime that JIT-compiled code calls into.
class RunBackend {
public:
  virtual ~RunBackend();

  /// Short description for the report, e.g. "digital only".
  virtual std::string describe() const = 0;

  /// Adds the symbols generated code may call to `symbols`.
  virtual void addRuntimeSymbols(RuntimeSymbolMap &symbols) = 0;

  /// Called once a module is JIT-compiled, with the address of its chip
  /// handle (the global `aimc_rt_chip` that every aimc_rt_* call of the
  /// module passes on, see bindRuntimeChip); the backend stores its chip
  /// there. Not called for a module without runtime calls.
  virtual void bindChip(void **handle) { (void)handle; }

  /// Called right before the entry function runs.
  virtual llvm::Error beforeCall() { return llvm::Error::success(); }

  /// Called after the entry function returned: reports the first error the
  /// runtime recorded during the call, else fills the analog statistics of
  /// `report`.
  virtual llvm::Error afterCall(RunReport &report) = 0;

  /// Fills the analog and digital statistics of `report` with the work done
  /// since creation or the last resetStats(), without a call.
  virtual void fillReport(RunReport &report) const { (void)report; }

  /// Zeroes the statistics (not the programmed state).
  virtual void resetStats() {}

  /// Crossbar tiles currently programmed.
  virtual int64_t getNumTiles() const { return 0; }

  /// Moves the programmed chip to inference time t (seconds since
  /// programming; finite, >= 0) without reprogramming it: the same
  /// programmed devices, drifted to t. Nothing to do without a chip.
  virtual llvm::Error setInferenceTime(double t) {
    (void)t;
    return llvm::Error::success();
  }

  /// The read-noise position of every programmed tile, by tile id.
  virtual std::map<int64_t, uint64_t> getReadNoisePositions() const {
    return {};
  }

  /// Moves the read-noise streams of tiles to earlier or later positions.
  virtual llvm::Error
  setReadNoisePositions(const std::map<int64_t, uint64_t> &positions) {
    if (!positions.empty())
      return llvm::createStringError("the " + describe() +
                                     " backend has no tiles");
    return llvm::Error::success();
  }
};

/// A backend without an analog runtime: it provides no aimc_rt_* symbols
/// and reports no analog ops.
std::unique_ptr<RunBackend> createDigitalOnlyBackend();

/// The simulated chip `target.chip` (every parameter of the chip model)
/// with `options.seed` and `options.tInferenceSeconds`; numChips chips
/// become one executor with numChips * cores cores (core c of chip p is
/// global core p * cores + c). Fails for invalid options.
llvm::Expected<std::unique_ptr<RunBackend>>
createRunBackend(const RunOptions &options, const RunTarget &target);

/// createRunBackend for one chip, `options.chip` (HERMES if empty), without
/// named analog ops.
llvm::Expected<std::unique_ptr<RunBackend>>
createRunBackend(const RunOptions &options);

} // namespace aimc

#endif // AIMC_RUNNER_RUNBACKEND_H
