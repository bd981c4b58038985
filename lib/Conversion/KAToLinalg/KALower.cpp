//===- KALower.cpp - The ka-lower pass ------------------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Expands every ka op into upstream linalg/tensor/arith/math ops. The
// projection matrices must be constants; the pass checks that first and
// reports each offending op, then rewrites every ka op exactly once and
// erases the dead tensor constants (the untransposed Omegas).
//
//===----------------------------------------------------------------------===//

#include "aimc/Conversion/KAToLinalg/Passes.h"

#include "LoweringUtils.h"
#include "Patterns.h"

#include "aimc/Dialect/KA/IR/KAOps.h"
#include "aimc/Support/Limits.h"

#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace aimc::ka {
#define GEN_PASS_DEF_KALOWER
#include "aimc/Conversion/KAToLinalg/Passes.h.inc"
} // namespace aimc::ka

using namespace mlir;
using namespace aimc::ka;

void aimc::ka::populateKALowerPatterns(RewritePatternSet &patterns) {
  lowering::populateProjectionLoweringPatterns(patterns);
  lowering::populateFeatureMapLoweringPatterns(patterns);
  lowering::populateReadoutLoweringPatterns(patterns);
  lowering::populateAttentionLoweringPatterns(patterns);
}

namespace {

/// Emits an error at `op` unless `omega` is a constant projection (checked
/// without sampling it).
LogicalResult checkConstantProjection(Operation *op, Value omega) {
  DenseElementsAttr attr;
  if (omega.getDefiningOp<SampleProjectionOp>() ||
      matchPattern(omega, m_Constant(&attr)))
    return success();
  return op->emitError("cannot lower '")
         << op->getName()
         << "': Omega must be a constant (ka.sample_projection or a dense "
            "arith.constant) to become crossbar weights";
}

/// The float32 bytes ka-lower materialises: every sampled projection and
/// phase vector, plus the dense constants already there (transposed copies
/// of them become crossbar weights).
uint64_t weightBytes(Operation *root) {
  uint64_t total = 0;
  root->walk([&](Operation *op) {
    uint64_t entries = 0;
    if (isa<SampleProjectionOp, SamplePhaseOp>(op)) {
      entries = static_cast<uint64_t>(
          cast<RankedTensorType>(op->getResult(0).getType()).getNumElements());
    } else if (op->hasTrait<OpTrait::ConstantLike>()) {
      for (NamedAttribute named : op->getAttrs())
        if (auto elements = dyn_cast<ElementsAttr>(named.getValue()))
          entries = aimc::saturatingAdd(
              entries, static_cast<uint64_t>(elements.getNumElements()));
    }
    total = aimc::saturatingAdd(total, aimc::saturatingMul(entries, 4));
  });
  return total;
}

struct KALowerPass : aimc::ka::impl::KALowerBase<KALowerPass> {
  void runOnOperation() override {
    // Check the weight budget before sampling anything.
    if (std::string problem = aimc::checkWeightBudget(
            weightBytes(getOperation()), "lowering the module's projections");
        !problem.empty()) {
      getOperation()->emitError("ka-lower: ") << problem;
      return signalPassFailure();
    }
    bool valid = true;
    getOperation()->walk([&](Operation *op) {
      if (auto projection = dyn_cast<ProjectionOp>(op))
        valid &= succeeded(checkConstantProjection(op, projection.getOmega()));
      else if (auto attention = dyn_cast<LinearAttentionOp>(op))
        valid &= succeeded(checkConstantProjection(op, attention.getOmega()));
    });
    if (!valid)
      return signalPassFailure();

    RewritePatternSet patterns(&getContext());
    populateKALowerPatterns(patterns);
    walkAndApplyPatterns(getOperation(), std::move(patterns));

    WalkResult remaining = getOperation()->walk([](Operation *op) {
      if (isa_and_present<KADialect>(op->getDialect())) {
        op->emitError("ka-lower left this op unlowered");
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (remaining.wasInterrupted())
      return signalPassFailure();

    // The projections now use the transposed Omega^T: drop the dead Omega
    // constants (and any other dead tensor constant) so that no stray copy
    // of a projection reaches later passes.
    SmallVector<Operation *> dead;
    getOperation()->walk([&](arith::ConstantOp constant) {
      if (isa<RankedTensorType>(constant.getType()) && constant->use_empty())
        dead.push_back(constant);
    });
    for (Operation *op : dead)
      op->erase();
  }
};

} // namespace
