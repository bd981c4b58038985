//===- InterchangeContractions.cpp - Vectorisable loop order --------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Reorders the loops of single-output linalg contractions so that the loop
// indexing the output's contiguous dimension is innermost instead of the
// reduction (for a matrix-vector product too, up to a size); see
// Passes.td.
//
//===----------------------------------------------------------------------===//

#include "aimc/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/PatternMatch.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace aimc {
#define GEN_PASS_DEF_INTERCHANGECONTRACTIONSPASS
#include "aimc/Transforms/Passes.h.inc"
} // namespace aimc

using namespace mlir;

namespace {

/// Largest static extent of the output loop moved innermost when no input is
/// contiguous along it (a matrix-vector product): each step of the
/// reduction then reads one element of every row of the matrix, one cache
/// line per row, and those lines should stay in cache until the next steps
/// use their neighbours (4096 lines: 256 KB, within the L2 of current x86
/// cores).
constexpr int64_t kMaxStridedExtent = 4096;

/// The loop order that makes the output's innermost dimension of extent
/// other than 1 innermost, or an empty vector when `op` should be left
/// alone.
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
  // Trailing output dimensions of extent 1 (the single column of a binary
  // readout) do not count: the stores are contiguous along the next one.
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  std::optional<unsigned> contiguous;
  for (AffineExpr result : llvm::reverse(outputMap.getResults())) {
    unsigned loop = cast<AffineDimExpr>(result).getPosition();
    if (ranges[loop] != 1) {
      contiguous = loop;
      break;
    }
  }
  if (!contiguous || iterators[*contiguous] != utils::IteratorType::parallel)
    return {};
  // An input contiguous along that loop (matmul's B) makes its loads
  // contiguous too. Without one (a matvec), the inner loop reads a strided
  // column: still better than one serial chain of additions per output, as
  // long as the rows it touches stay in cache.
  bool inputContiguous = false;
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    if (map.getNumResults() > 0 &&
        map.getResults().back() ==
            getAffineDimExpr(*contiguous, op->getContext()))
      inputContiguous = true;
  }
  if (!inputContiguous && (ShapedType::isDynamic(ranges[*contiguous]) ||
                           ranges[*contiguous] > kMaxStridedExtent))
    return {};
  SmallVector<unsigned> order;
  for (unsigned loop = 0; loop < numLoops; ++loop)
    if (loop != *contiguous)
      order.push_back(loop);
  order.push_back(*contiguous);
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
