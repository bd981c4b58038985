//===- RunSession.h - A model compiled once, run many times -----*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// aimc::RunSession is the persistent form of aimc-run, for hosts that call a
// model many times (the Python bindings, benchmarks, tests):
//
//   auto session = aimc::RunSession::createFromFile("model.mlir", options);
//   if (!session) ... llvm::toString(session.takeError()) ...
//   auto y1 = (*session)->run("rff_classifier", {x1});   // chip programmed
//   auto y2 = (*session)->run("rff_classifier", {x2});   // once, reused
//   aimc::RunReport r = (*session)->report();           // both calls
//   (*session)->resetStats();
//
// Creating a session compiles the module with buildAimcRunPipeline (the
// aimc-compile pipeline: ka-lower, partition, tile, place, analog ops to
// runtime calls, digital-op counting, lowering to the LLVM dialect; skipped
// for a module already in the LLVM dialect), creates the run backend for
// options.chip with the chip geometry the module was compiled for,
// JIT-compiles the module and programs every crossbar tile once (the
// generated `aimc_program_tiles` function). Every run() then calls an entry
// function on the same programmed chip: the programming noise is drawn once,
// read noise is fresh per MVM, and a tile's converter ranges are calibrated
// on the first batch it processes (docs/Executor.md, "Compiled runs").
//
// Results depend only on the module, the options (seed, t-inference, chip)
// and the sequence of run() calls: the same sequence gives bit-identical
// outputs.
//
// A session is not thread-safe: calls on one session must not overlap.
// Different sessions are independent and may run in parallel: generated code
// reaches its chip through its module's own handle (bindRuntimeChip).
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_RUNNER_RUNSESSION_H
#define AIMC_RUNNER_RUNSESSION_H

#include "aimc/Runner/RunBackend.h"
#include "aimc/Runner/RunReport.h"
#include "aimc/Runner/Runner.h"
#include "aimc/Support/Npy.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace aimc {

class RunSession {
public:
  /// Compiles, JIT-compiles and programs a copy of `module` (which is left
  /// unchanged; it may be at any level: ka, linalg, aimc or LLVM dialect).
  /// `options.entry` is not needed (entries are named per run). Fails with
  /// the compiler's diagnostics (with source locations) in the message, an
  /// invalid option, a model too large for the chips, or an error the chip
  /// reported while programming.
  static llvm::Expected<std::unique_ptr<RunSession>>
  create(mlir::ModuleOp module, const RunOptions &options);

  /// Parses MLIR source text (`bufferName` names it in diagnostics) into a
  /// context owned by the session, then as create().
  static llvm::Expected<std::unique_ptr<RunSession>>
  createFromSource(llvm::StringRef source, const RunOptions &options,
                   llvm::StringRef bufferName = "<source>");

  /// Reads and parses an .mlir file, then as createFromSource().
  static llvm::Expected<std::unique_ptr<RunSession>>
  createFromFile(llvm::StringRef path, const RunOptions &options);

  ~RunSession();
  RunSession(const RunSession &) = delete;
  RunSession &operator=(const RunSession &) = delete;

  /// The options the session was created with.
  const RunOptions &getOptions() const;

  /// The public functions that run() can call, in module order.
  std::vector<std::string> getEntryNames() const;

  /// The signature (argument and result element types and shapes) of
  /// `entry`, or an error naming the callable functions.
  llvm::Expected<EntrySignature> getSignature(llvm::StringRef entry) const;

  /// Calls `entry` on `inputs` (one array per argument; element type, rank
  /// and static sizes must match) and returns one array per result. The
  /// statistics of the call are added to report(). Fails if `entry` is
  /// unknown, the inputs do not match (nothing runs), or the chip reported
  /// an error during the call (e.g. a non-finite input of an analog MVM;
  /// the work done before it stays in the statistics).
  llvm::Expected<std::vector<NpyArray>> run(llvm::StringRef entry,
                                            std::vector<NpyArray> inputs);

  /// What the calls since creation (or the last resetStats()) cost: per
  /// analog op and in total MVMs, latency, energy, utilization and TOPS/W,
  /// the digital operations and their energy, the compile time and the
  /// summed host wall time of the calls. `entry` is the last entry run;
  /// `inputs`/`outputs` describe the last call's arrays (without files).
  RunReport report() const;

  /// Zeroes the statistics (MVMs, energies, digital counts, call times);
  /// the programmed tiles, their calibration and the read-noise position
  /// are kept.
  void resetStats();

  /// Moves the programmed chip to inference time t (seconds since
  /// programming) without reprogramming or recalibrating it: the devices
  /// programmed at creation drift to t (the drift compensation is redone,
  /// the converter ranges are kept). The options and report() then give t.
  /// Fails for a negative or non-finite t, changing nothing.
  llvm::Error setInferenceTime(double t);

  /// Programs a new chip with `seed` at inference time t (seconds since
  /// programming) without recompiling: the compiled code stays, the chip is
  /// replaced by a fresh one created and programmed exactly as create()
  /// does, so the results are bit-identical to a new session with that
  /// seed and t. The statistics start from zero. Fails for a negative or
  /// non-finite t, changing nothing.
  llvm::Error reprogram(uint64_t seed, double t);

  /// The read-noise position of every programmed tile (input vectors read
  /// so far), by tile id.
  std::map<int64_t, uint64_t> getReadNoisePositions() const;

  /// Moves the read-noise streams back (or forward) to positions returned by
  /// getReadNoisePositions(): the same inputs then give the same outputs
  /// as when the chip was there before. Fails for an unknown tile.
  llvm::Error
  setReadNoisePositions(const std::map<int64_t, uint64_t> &positions);

  /// Number of crossbar tiles programmed on the chip(s).
  int64_t getNumTiles() const;

  /// Host wall time of compilation, JIT and programming, in seconds.
  double getCompileSeconds() const;

  class Impl;

private:
  explicit RunSession(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl;
};

} // namespace aimc

#endif // AIMC_RUNNER_RUNSESSION_H
