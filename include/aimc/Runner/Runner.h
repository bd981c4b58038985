//===- Runner.h - Compile and execute a model on the host -------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The library behind aimc-run: lower a parsed module to the LLVM dialect,
// check .npy inputs against the entry function's signature, JIT-compile the
// module with mlir::ExecutionEngine, call the entry through its C interface
// (`_mlir_ciface_<entry>`, memref descriptors by pointer) and collect the
// returned memrefs as arrays. See docs/Tools/aimc-run.md.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_RUNNER_RUNNER_H
#define AIMC_RUNNER_RUNNER_H

#include "aimc/Runner/BufferCache.h"
#include "aimc/Runner/RunBackend.h"
#include "aimc/Runner/RunReport.h"
#include "aimc/Support/Npy.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace mlir {
class ExecutionEngine;
class OpPassManager;
class Type;
} // namespace mlir

namespace aimc {

/// Element type and shape of one argument or result of an entry function.
/// Dynamic dimensions are mlir::ShapedType::kDynamic.
struct ArraySpec {
  NpyDType dtype = NpyDType::Float32;
  llvm::SmallVector<int64_t> shape;

  /// "float32[4x3]", with "?" for dynamic dimensions.
  std::string str() const;
  /// True if `array` has this element type, rank and every static size.
  bool accepts(const NpyArray &array) const;
};

/// The host-visible signature of an entry function.
struct EntrySignature {
  std::string name;
  llvm::SmallVector<ArraySpec> args;
  llvm::SmallVector<ArraySpec> results;
};

/// Converts a ranked tensor or identity-layout memref type of f32, f64,
/// i64 or i32 elements; fails with a message naming `what` otherwise.
llvm::Expected<ArraySpec> arraySpecFromType(mlir::Type type,
                                            llvm::StringRef what);

/// Finds `entry` in `module` and returns its signature: from its function
/// type for a `func.func`, from its `aimc.entry_type` attribute for an
/// `llvm.func` (set by aimc-emit-c-interface). Fails with a clear message if
/// the function is missing (listing the callable ones), private, a
/// declaration, or has arguments or results aimc-run cannot pass.
llvm::Expected<EntrySignature> getEntrySignature(mlir::ModuleOp module,
                                                 llvm::StringRef entry);

/// Checks that `inputs` match the signature's arguments one to one;
/// `names` (e.g. the file names) identify the inputs in messages.
llvm::Error checkInputs(const EntrySignature &signature,
                        llvm::ArrayRef<NpyArray> inputs,
                        llvm::ArrayRef<std::string> names);

/// Appends the passes that take a parsed model to the LLVM dialect: the
/// `aimc-compile` pipeline (docs/Pipelines/aimc-compile.md) with the
/// partition policy, minimum size and chip count of `options`, so that every
/// host (aimc-run, RunSession, the Python bindings) runs the same pipeline.
void buildAimcRunPipeline(mlir::OpPassManager &pm, const RunOptions &options);

/// What a compiled module targets: `chip` (a preset name or #aimc.chip
/// text, RunOptions::chip) or else its `aimc.chip` (HERMES if absent),
/// `aimc.num_chips` and `aimc.analog_ops`. Fails for invalid chip text, a
/// chip whose geometry differs from the module's `aimc.chip`, or a
/// malformed `aimc.analog_ops`.
llvm::Expected<RunTarget> readRunTarget(mlir::ModuleOp module,
                                        llvm::StringRef chip = "");

/// True if every op in `module` belongs to the LLVM dialect.
bool isLLVMDialectModule(mlir::ModuleOp module);

/// Lowers `module` in place with buildAimcRunPipeline, unless it already is
/// in the LLVM dialect. Diagnostics go to the context's handler; on success
/// the module holds only LLVM dialect ops (checked, with a diagnostic at the
/// first op left over).
mlir::LogicalResult lowerForExecution(mlir::ModuleOp module,
                                      const RunOptions &options);

/// The module global through which generated code reaches its chip.
constexpr llvm::StringLiteral kRuntimeChipGlobal = "aimc_rt_chip";

/// Binds a lowered module (LLVM dialect) to a chip handle: adds the global
/// `aimc_rt_chip` (a null pointer) and passes its value as the first
/// argument of every call of a runtime-ABI function (aimc-c/RuntimeABI.h).
/// JitModule::create does this at load time and has the backend store its
/// chip in the global. Returns false (and changes nothing) if the module
/// calls no runtime function; idempotent.
bool bindRuntimeChip(mlir::ModuleOp lowered);

/// Initialises LLVM's native target for JIT compilation (idempotent).
void initializeNativeTargetForJIT();

/// A module in the LLVM dialect, JIT-compiled with the runtime symbols of a
/// backend, whose functions can be called many times.
class JitModule {
public:
  /// Checks that every function `lowered` calls is defined, provided by
  /// `backend` (aimc_rt_*) or by the host process, then compiles it (O2).
  static llvm::Expected<std::unique_ptr<JitModule>>
  create(mlir::ModuleOp lowered, RunBackend &backend);
  ~JitModule();

  /// True if the module defines a public function named `name`.
  bool hasFunction(llvm::StringRef name) const;

  /// Points the module's chip handle at `backend`'s chip
  /// (RunBackend::bindChip), e.g. a new chip replacing the one it was
  /// compiled with; nothing to do for a module without runtime calls.
  void rebindChip(RunBackend &backend);

  /// Calls `name`, a function without arguments and results, between the
  /// backend's beforeCall() and afterCall(): e.g. the generated
  /// `aimc_program_tiles`, which programs the chip.
  llvm::Error callVoid(llvm::StringRef name, RunBackend &backend,
                       RunReport &report);

  /// Calls `signature.name` through its C interface with `inputs` and
  /// returns the results as arrays (returned buffers are freed). The
  /// backend's afterCall() fills the analog statistics of `report`;
  /// `report.wallSeconds` gets the host time of the call.
  llvm::Expected<std::vector<NpyArray>>
  callEntry(const EntrySignature &signature, std::vector<NpyArray> &inputs,
            RunBackend &backend, RunReport &report);

  /// The module's reused heap buffers (BufferCache.h).
  BufferCacheStats getBufferCacheStats() const { return buffers.getStats(); }

private:
  JitModule() = default;
  /// Heap buffers of the module's calls, reused across calls.
  BufferCache buffers;
  std::unique_ptr<mlir::ExecutionEngine> engine;
  llvm::StringSet<> functions;
  /// The module's `aimc_rt_chip` global; null without runtime calls.
  void **chipSlot = nullptr;
};

/// JIT-compiles `lowered` (LLVM dialect), calls `signature.name` with
/// `inputs` through its C interface and returns the results as arrays. The
/// backend provides the runtime symbols and the analog statistics; the
/// report gets the compile and call times. The inputs may be modified (the
/// entry may write its arguments). Returned buffers are freed.
llvm::Expected<std::vector<NpyArray>>
executeEntry(mlir::ModuleOp lowered, const EntrySignature &signature,
             std::vector<NpyArray> &inputs, RunBackend &backend,
             RunReport &report);

} // namespace aimc

#endif // AIMC_RUNNER_RUNNER_H
