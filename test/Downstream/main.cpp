//===- main.cpp - A downstream tool that loads aimc -----------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Registers aimc's dialects and passes into its own registry, parses a module
// that uses them, runs a pass pipeline on it (`builtin.module(...)`, run on
// the module itself), prints the result, then checks it through
// aimc's C++ API: the ka ops left and the aimc tiles and analog MVMs the
// pipeline produced, and the chip the module was placed on. What a project
// embedding aimc does.
//
//===----------------------------------------------------------------------===//

#include "aimc/Chip/ChipModel.h"
#include "aimc/Dialect/AIMC/IR/AIMCOps.h"
#include "aimc/InitAll.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  if (argc != 3) {
    llvm::errs() << "usage: my-tool MODULE.mlir PIPELINE\n";
    return 2;
  }
  mlir::DialectRegistry registry;
  aimc::registerAllDialects(registry);
  aimc::registerAllPasses();
  mlir::MLIRContext context(registry);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(argv[1], &context);
  if (!module)
    return 1;
  // The pipeline names its anchor (`builtin.module(...)`); its passes run on
  // the parsed module itself. (Parsing it into a pass manager that already
  // has an anchor would nest it one level down, where nothing matches.)
  mlir::FailureOr<mlir::OpPassManager> pipeline =
      mlir::parsePassPipeline(argv[2], llvm::errs());
  if (mlir::failed(pipeline))
    return 1;
  if (pipeline->getOpAnchorName() != mlir::ModuleOp::getOperationName()) {
    llvm::errs() << "my-tool: the pipeline must be anchored on builtin.module, "
                    "got '"
                 << pipeline->getOpAnchorName() << "'\n";
    return 1;
  }
  mlir::PassManager pm(&context, mlir::ModuleOp::getOperationName());
  static_cast<mlir::OpPassManager &>(pm) = std::move(*pipeline);
  if (mlir::failed(pm.run(*module)))
    return 1;
  module->print(llvm::outs());

  // The result, read through aimc's C++ API.
  int64_t kaOps = 0, tiles = 0, mvms = 0;
  module->walk([&](mlir::Operation *op) {
    if (op->getDialect() && op->getDialect()->getNamespace() == "ka")
      ++kaOps;
  });
  module->walk([&](aimc::TileOp) { ++tiles; });
  module->walk([&](aimc::MVMOp) { ++mvms; });
  llvm::outs() << "\nka ops: " << kaOps << ", aimc tiles: " << tiles
               << ", analog MVMs: " << mvms << "\n";
  aimc::ChipModel chip = aimc::ChipModel::hermes();
  llvm::outs() << "chip " << chip.name << ": " << chip.numCores << " cores of "
               << chip.crossbarRows << "x" << chip.crossbarCols << "\n";
  return 0;
}
