//===- AIMCToRuntime.cpp - The convert-aimc-to-runtime pass ---------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Conversion/Passes.h"

#include "aimc/Dialect/AIMC/IR/AIMCOps.h"
#include "aimc/Dialect/AIMC/IR/AIMCRuntime.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace aimc {
#define GEN_PASS_DEF_CONVERTAIMCTORUNTIME
#include "aimc/Conversion/Passes.h.inc"
} // namespace aimc

using namespace mlir;
using namespace aimc;

namespace {
struct ConvertAIMCToRuntimePass
    : aimc::impl::ConvertAIMCToRuntimeBase<ConvertAIMCToRuntimePass> {
  void runOnOperation() override;
};
} // namespace

/// Checks what the patterns cannot diagnose: unconverted products, MVMs on
/// values that are not tiles, non-f32 MVMs.
static LogicalResult checkConvertible(ModuleOp module) {
  WalkResult walk = module.walk([](Operation *op) {
    if (auto matmul = dyn_cast<MatmulOp>(op)) {
      matmul.emitOpError("is not tiled; run aimc-tile and aimc-place before "
                         "convert-aimc-to-runtime");
      return WalkResult::interrupt();
    }
    auto mvm = dyn_cast<MVMOp>(op);
    if (!mvm)
      return WalkResult::advance();
    if (!mvm.getTile().getDefiningOp<TileOp>()) {
      mvm.emitOpError("reads a tile that is not defined by aimc.tile in the "
                      "same module; its id is unknown");
      return WalkResult::interrupt();
    }
    Type f32 = Float32Type::get(op->getContext());
    if (getElementTypeOrSelf(mvm.getInput().getType()) != f32) {
      mvm.emitOpError("has ")
          << mvm.getInput().getType()
          << " inputs; the runtime runs f32 MVMs (convert the batch first)";
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(walk.wasInterrupted());
}

void ConvertAIMCToRuntimePass::runOnOperation() {
  ModuleOp module = getOperation();
  if (failed(checkConvertible(module)) || failed(programTiles(module)))
    return signalPassFailure();

  // The products, sums and MVMs, rewritten in any order (a product is
  // rewritten at its root, the ops inside it refuse); nothing else is
  // touched or folded.
  SmallVector<Operation *> ops;
  module.walk([&](Operation *op) {
    if (isa<MVMOp, AccumulateOp, tensor::ConcatOp>(op))
      ops.push_back(op);
  });
  RewritePatternSet patterns(&getContext());
  populateAIMCToRuntimePatterns(patterns);
  GreedyRewriteConfig config;
  config.setStrictness(GreedyRewriteStrictness::ExistingOps)
      .enableFolding(false)
      .enableConstantCSE(false)
      .setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
  if (failed(applyOpPatternsGreedily(ops, std::move(patterns), config))) {
    module.emitError("convert-aimc-to-runtime did not converge");
    return signalPassFailure();
  }

  // The tiles now live in @aimc_program_tiles; drop them and the weight
  // constants only they used.
  SmallVector<TileOp> tiles;
  module.walk([&](TileOp tile) { tiles.push_back(tile); });
  for (TileOp tile : tiles) {
    Operation *weights = tile.getWeights().getDefiningOp();
    if (!tile->use_empty()) {
      tile.emitOpError("is still used after the conversion");
      return signalPassFailure();
    }
    tile.erase();
    if (weights && weights->use_empty() && isPure(weights))
      weights->erase();
  }
  // Declarations nothing calls (e.g. no row-split product needs
  // @aimc_rt_mvm_accumulate) are dropped.
  for (StringRef name : {runtime::kMVM, runtime::kMVMAccumulate}) {
    auto declaration = module.lookupSymbol<func::FuncOp>(name);
    if (declaration && declaration.isDeclaration() &&
        SymbolTable::symbolKnownUseEmpty(declaration, module))
      declaration.erase();
  }
}
