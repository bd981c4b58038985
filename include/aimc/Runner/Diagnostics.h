//===- Diagnostics.h - Parsing with diagnostics as error text ---*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Hosts that compile MLIR text without a terminal (RunSession, the Python
// bindings) collect the compiler's diagnostics into the message of an
// llvm::Error, one per line as "file:line:col: error: message".
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_RUNNER_DIAGNOSTICS_H
#define AIMC_RUNNER_DIAGNOSTICS_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace aimc {

/// Collects the diagnostics emitted on a context while it lives, one per
/// line as "file:line:col: severity: message" (notes included, except the
/// op dumps MLIR attaches to pass failures).
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(mlir::MLIRContext *context);

  /// `what`, followed by ":" and the collected diagnostics, if any.
  llvm::Error error(const llvm::Twine &what) const;

private:
  void append(mlir::Diagnostic &diag);

  std::string text;
  mlir::ScopedDiagnosticHandler handler;
};

/// A single-threaded context with every aimc and upstream dialect aimc uses
/// registered (aimc::registerAllDialects).
std::unique_ptr<mlir::MLIRContext> createAimcContext();

/// Parses MLIR source text (named `bufferName` in locations) into
/// `context`. Fails with "cannot parse '<bufferName>':" and the parser's
/// diagnostics.
llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
parseModuleSource(llvm::StringRef source, llvm::StringRef bufferName,
                  mlir::MLIRContext *context);

} // namespace aimc

#endif // AIMC_RUNNER_DIAGNOSTICS_H
