//===- InterchangeContractions.cpp - Vectorisable loop order --------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Reorders the loops of single-output linalg contractions so that the loop
// indexing the output's contiguous dimension is innermost instead of the
// reduction; see Passes.td.
//
//===----------------------------------------------------------------------===//

#include "aimc/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/PatternMatch.h"

#include "llvm/ADT/SmallVector.h"

namespace aimc {
#define GEN_PASS_DEF_INTERCHANGECONTRACTIONSPASS
#include "aimc/Transforms/Passes.h.inc"
} // namespace aimc

using namespace mlir;

namespace {

/// The loop order that makes the output's last dimension innermost, or an
/// empty vector when `op` should be left alone.
SmallVector<unsigned> vectorisableLoopOrder(linalg::LinalgOp op) {
  if (op.getNumDpsInits() != 1 || op.getNumReductionLoops() == 0)
    return {};
  unsigned numLoops = op.getNumLoops();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  if (iterators.back() != utils::IteratorType::reduction)
    return {};
  AffineMap outputMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (!outputMap.isProjectedPermutation() || outputMap.getNumResults() == 0)
    return {};
  unsigned contiguous =
      cast<AffineDimExpr>(outputMap.getResults().back()).getPosition();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (iterators[contiguous] != utils::IteratorType::parallel ||
      ranges[contiguous] == 1)
    return {};
  // Some input must also be contiguous along that loop (matmul's B);
  // otherwise (a matvec) the inner loop would stride through memory.
  bool inputContiguous = false;
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    if (map.getNumResults() > 0 &&
        map.getResults().back() ==
            getAffineDimExpr(contiguous, op->getContext()))
      inputContiguous = true;
  }
  if (!inputContiguous)
    return {};
  SmallVector<unsigned> order;
  for (unsigned loop = 0; loop < numLoops; ++loop)
    if (loop != contiguous)
      order.push_back(loop);
  order.push_back(contiguous);
  return order;
}

struct InterchangeContractionsPass
    : public aimc::impl::InterchangeContractionsPassBase<
          InterchangeContractionsPass> {
  void runOnOperation() override {
    SmallVector<std::pair<linalg::LinalgOp, SmallVector<unsigned>>> candidates;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (SmallVector<unsigned> order = vectorisableLoopOrder(op);
          !order.empty())
        candidates.emplace_back(op, std::move(order));
    });
    IRRewriter rewriter(&getContext());
    for (auto &[op, order] : candidates) {
      rewriter.setInsertionPoint(op);
      linalg::GenericOp generic = dyn_cast<linalg::GenericOp>(*op);
      if (!generic) {
        FailureOr<linalg::GenericOp> generalized =
            linalg::generalizeNamedOp(rewriter, op);
        if (failed(generalized))
          continue; // No region builder: keep the named op as it is.
        generic = *generalized;
      }
      if (failed(linalg::interchangeGenericOp(rewriter, generic, order))) {
        generic.emitOpError("aimc-interchange-contractions: invalid loop "
                            "permutation");
        return signalPassFailure();
      }
    }
  }
};

} // namespace
