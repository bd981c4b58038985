//===- main.cpp - A downstream tool that loads aimc -----------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Registers aimc's dialects and passes into its own registry, parses a module
// that uses them, runs an aimc pass pipeline and prints the chip model: what
// a project embedding aimc does.
//
//===----------------------------------------------------------------------===//

#include "aimc/Chip/ChipModel.h"
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
    llvm::errs() << "usage: downstream-tool MODULE.mlir PIPELINE\n";
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
  mlir::PassManager pm(&context);
  if (mlir::failed(mlir::parsePassPipeline(argv[2], pm, llvm::errs())))
    return 1;
  if (mlir::failed(pm.run(*module)))
    return 1;
  module->print(llvm::outs());
  aimc::ChipModel chip = aimc::ChipModel::hermes();
  llvm::outs() << "\nchip " << chip.name << ": " << chip.numCores
               << " cores of " << chip.crossbarRows << "x"
               << chip.crossbarCols << "\n";
  return 0;
}
