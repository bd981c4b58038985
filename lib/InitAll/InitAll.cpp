//===- InitAll.cpp - Register aimc's dialects and passes ------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/InitAll.h"

#include "aimc/Conversion/Passes.h"
#include "aimc/Dialect/AIMC/IR/AIMCDialect.h"
#include "aimc/Dialect/AIMC/Transforms/Passes.h"
#include "aimc/Dialect/KA/IR/KADialect.h"
#include "aimc/Conversion/KAToLinalg/Passes.h"
#include "aimc/Pipelines/Pipelines.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"

void aimc::registerAllDialects(mlir::DialectRegistry &registry) {
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registry.insert<aimc::ka::KADialect>();
  registry.insert<aimc::AIMCDialect>();
}

void aimc::registerAllPasses() {
  mlir::registerAllPasses();
  aimc::ka::registerKAPasses();
  aimc::registerAIMCPasses();
  aimc::registerAIMCConversionPasses();
  aimc::registerPipelines();
}
