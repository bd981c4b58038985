//===- Diagnostics.cpp - Parsing with diagnostics as error text -----------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Runner/Diagnostics.h"

#include "aimc/InitAll.h"
#include "aimc/Support/Limits.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace aimc;

/// "file:line:col" of a location, or its printed form.
static std::string describeLocation(Location loc) {
  if (auto file = loc->findInstanceOf<FileLineColLoc>())
    return llvm::formatv("{0}:{1}:{2}", file.getFilename().getValue(),
                         file.getLine(), file.getColumn())
        .str();
  std::string text;
  llvm::raw_string_ostream os(text);
  loc.print(os);
  return text;
}

DiagnosticCollector::DiagnosticCollector(MLIRContext *context)
    : handler(context, [this](Diagnostic &diag) {
        append(diag);
        for (Diagnostic &note : diag.getNotes())
          // The op dump MLIR attaches to pass errors is noise here.
          if (!StringRef(note.str()).starts_with("see current operation"))
            append(note);
        return success();
      }) {}

llvm::Error DiagnosticCollector::error(const llvm::Twine &what) const {
  std::string message = what.str();
  if (!text.empty())
    message += ":\n" + text;
  while (!message.empty() && message.back() == '\n')
    message.pop_back();
  return llvm::createStringError(message);
}

void DiagnosticCollector::append(Diagnostic &diag) {
  const char *severity =
      diag.getSeverity() == DiagnosticSeverity::Error     ? "error"
      : diag.getSeverity() == DiagnosticSeverity::Warning ? "warning"
                                                          : "note";
  text += describeLocation(diag.getLocation()) + ": " + severity + ": " +
          diag.str() + "\n";
}

std::unique_ptr<MLIRContext> aimc::createAimcContext() {
  DialectRegistry registry;
  registerAllDialects(registry);
  auto context = std::make_unique<MLIRContext>(registry);
  context->disableMultithreading();
  return context;
}

llvm::Expected<OwningOpRef<ModuleOp>>
aimc::parseModuleSource(llvm::StringRef source, llvm::StringRef bufferName,
                        MLIRContext *context) {
  if (std::optional<NestingError> nesting = checkBeforeParsing(source))
    return llvm::createStringError(llvm::formatv(
        "cannot parse '{0}':\n{0}:{1}:{2}: error: {3}", bufferName,
        nesting->line, nesting->column, nesting->message));
  DiagnosticCollector diagnostics(context);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(source, bufferName), llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, context);
  if (!module)
    return diagnostics.error("cannot parse '" + bufferName + "'");
  return module;
}
