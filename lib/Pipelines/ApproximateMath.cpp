//===- ApproximateMath.cpp - Inline polynomials for sin, cos, exp ---------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// math.sin/cos/exp on f32 become MLIR's polynomial approximations, so that
// the elementwise loops of the digital feature maps contain no libm calls
// and LLVM can vectorise them.
//
//===----------------------------------------------------------------------===//

#include "aimc/Pipelines/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

namespace aimc {
#define GEN_PASS_DEF_APPROXIMATEMATHPASS
#include "aimc/Pipelines/Passes.h.inc"
} // namespace aimc

using namespace mlir;

namespace {

/// The functions the pass can approximate, by their `math` mnemonic.
constexpr llvm::StringLiteral kApproximableFunctions[] = {"sin", "cos", "exp"};

struct ApproximateMathPass
    : public aimc::impl::ApproximateMathPassBase<ApproximateMathPass> {
  using ApproximateMathPassBase::ApproximateMathPassBase;

  LogicalResult initialize(MLIRContext *context) override {
    selected.clear();
    for (const std::string &name : ops) {
      if (!llvm::is_contained(kApproximableFunctions, name))
        return emitError(UnknownLoc::get(context))
               << "aimc-approximate-math: unknown function '" << name
               << "' in ops (expected sin, cos or exp)";
      selected.push_back(name);
    }
    if (ops.empty())
      selected.assign(std::begin(kApproximableFunctions),
                      std::end(kApproximableFunctions));

    RewritePatternSet patterns(context);
    populateMathPolynomialApproximationPatterns(
        patterns, [&](StringRef opName) {
          return opName.consume_front("math.") &&
                 llvm::is_contained(selected, opName);
        });
    frozenPatterns = FrozenRewritePatternSet(std::move(patterns));
    return success();
  }

  void runOnOperation() override {
    // Only the selected ops and what their rewrites create: no folding or
    // region simplification of the rest of the program.
    SmallVector<Operation *> targets;
    getOperation()->walk([&](Operation *op) {
      if (isa<math::SinOp, math::CosOp, math::ExpOp>(op) &&
          llvm::is_contained(selected, op->getName().stripDialect()))
        targets.push_back(op);
    });
    if (targets.empty())
      return;
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
    config.enableFolding(false);
    if (failed(applyOpPatternsGreedily(targets, frozenPatterns, config)))
      signalPassFailure();
  }

private:
  SmallVector<std::string, 3> selected;
  FrozenRewritePatternSet frozenPatterns;
};

} // namespace
