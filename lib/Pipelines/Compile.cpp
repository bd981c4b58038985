//===- Compile.cpp - The aimc-compile pipeline ----------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Pipelines/Pipelines.h"

#include "aimc/Conversion/KAToLinalg/Passes.h"
#include "aimc/Conversion/Passes.h"
#include "aimc/Dialect/AIMC/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void aimc::buildCompilePipeline(OpPassManager &pm,
                                const CompileOptions &options) {
  AIMCSetChipOptions target;
  target.chip = options.chip;
  pm.addPass(createAIMCSetChip(target));

  // Model level: ka ops to linalg on tensors, sampled projections folded
  // into constants.
  pm.addPass(ka::createKALower());
  pm.addPass(createCanonicalizerPass());

  // Hardware level: which products go analog, their crossbar blocks, where
  // the blocks are programmed.
  AIMCPartitionOptions partition;
  partition.policy = options.partitionPolicy;
  partition.minSize = options.minSize;
  pm.addPass(createAIMCPartition(partition));
  pm.addPass(createAIMCTile());
  AIMCPlaceOptions place;
  place.chips = options.numChips;
  pm.addPass(createAIMCPlace(place));

  // Analog ops become runtime calls; digital work is accounted.
  pm.addPass(createConvertAIMCToRuntime());
  if (options.countDigital)
    pm.addPass(createAIMCCountDigitalOps());

  if (options.lowerToLLVM) {
    LowerToLLVMOptions lowering;
    lowering.approximateMath = options.approximateMath;
    buildLowerToLLVMPipeline(pm, lowering);
  }
}
