//===- AIMCRuntime.h - The runtime ABI as seen from MLIR --------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Names and MLIR signatures of the runtime functions that compiled analog
// programs call (the C side is include/aimc-c/RuntimeABI.h), and of what the
// conversion to runtime calls leaves in a module for its host:
//
//   func.func private @aimc_rt_configure_tile(i64, i64, i64, f64, f64, f64)
//   func.func private @aimc_rt_program_tile(i64, i64, i64, i64, M)
//       attributes {llvm.emit_c_interface}
//   func.func private @aimc_rt_mvm(i64, M, M) attributes
//   {llvm.emit_c_interface} func.func private @aimc_rt_mvm_accumulate(i64, M,
//   M)
//       attributes {llvm.emit_c_interface}
//   func.func private @aimc_rt_count_digital(i64, i64)
//
// with M = memref<?x?xf32, strided<[?, ?], offset: ?>>.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_DIALECT_AIMC_IR_AIMCRUNTIME_H
#define AIMC_DIALECT_AIMC_IR_AIMCRUNTIME_H

#include "aimc/Executor/Accounting.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringRef.h"

namespace aimc {
namespace runtime {

constexpr llvm::StringLiteral kConfigureTile = "aimc_rt_configure_tile";
constexpr llvm::StringLiteral kProgramTile = "aimc_rt_program_tile";
constexpr llvm::StringLiteral kMVM = "aimc_rt_mvm";
constexpr llvm::StringLiteral kMVMAccumulate = "aimc_rt_mvm_accumulate";
constexpr llvm::StringLiteral kCountDigital = "aimc_rt_count_digital";

/// The generated function that configures and programs every tile; hosts
/// call it once after loading the module, before any entry function.
constexpr llvm::StringLiteral kProgramTilesFunc = "aimc_program_tiles";

/// Module attribute listing the analog ops of a compiled module:
/// `[{name = "...", tiles = array<i64: ...>}, ...]`, one entry per analog
/// matrix product with the ids of its tiles.
constexpr llvm::StringLiteral kAnalogOpsAttr = "aimc.analog_ops";

/// Digital operation kinds of aimc_rt_count_digital: the executor's.
using DigitalKind = exec::DigitalOpKind;
constexpr int64_t kNumDigitalKinds = exec::kNumDigitalOpKinds;

/// memref<?x?xf32, strided<[?, ?], offset: ?>>: the matrix type of the
/// runtime functions, to which any 2-D f32 buffer can be cast.
mlir::MemRefType getMatrixType(mlir::MLIRContext *context);

/// The function type of runtime function `name` (one of the k* names
/// above), or null for an unknown name.
mlir::FunctionType getFunctionType(mlir::MLIRContext *context,
                                   llvm::StringRef name);

/// Declares runtime function `name` in `module` (private, with
/// llvm.emit_c_interface when it takes memrefs), or returns the existing
/// declaration. Fails with a diagnostic if `name` is defined or declared
/// with another type.
mlir::FailureOr<mlir::func::FuncOp> declareFunction(mlir::ModuleOp module,
                                                    llvm::StringRef name);

} // namespace runtime
} // namespace aimc

#endif // AIMC_DIALECT_AIMC_IR_AIMCRUNTIME_H
