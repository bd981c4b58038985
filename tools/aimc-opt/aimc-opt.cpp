//===- aimc-opt.cpp - The aimc optimizer driver ---------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Parses MLIR, runs aimc's and upstream passes, prints the result: the
// mlir-opt of aimc. Every stage of the compiler can be run and inspected on
// its own, e.g. `aimc-opt model.mlir --ka-lower --aimc-partition`.
//
//===----------------------------------------------------------------------===//

#include "aimc/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  aimc::registerAllDialects(registry);
  aimc::registerAllPasses();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "aimc optimizer: analog/digital kernel-approximation compiler\n",
      registry));
}
