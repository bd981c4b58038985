//===- InitAll.h - Register aimc's dialects and passes ----------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// One entry point for tools (aimc-opt, aimc-run, the Python bindings) and for
// downstream projects that load aimc into their own pipelines.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_INITALL_H
#define AIMC_INITALL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace aimc {

/// Adds the `ka` and `aimc` dialects and every upstream dialect and dialect
/// extension aimc's pipelines produce or consume (func, arith, math, tensor,
/// linalg, bufferization, memref, scf, vector, llvm, ...).
void registerAllDialects(mlir::DialectRegistry &registry);

/// Registers aimc's passes and pipelines and the upstream passes, so that
/// they can be named on the command line and in pass pipeline strings.
void registerAllPasses();

} // namespace aimc

#endif // AIMC_INITALL_H
