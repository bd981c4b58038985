//===- KAOps.cpp - ka dialect operations ----------------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Verifiers (shapes, feature counts, attribute ranges) and the folders of
// ka.sample_projection and ka.sample_phase.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/KA/IR/KAOps.h"
#include "aimc/Support/Limits.h"

#include "aimc/Sampling/RandomProjection.h"

#include "mlir/IR/Threading.h"

#include <atomic>
#include <cmath>

using namespace mlir;
using namespace aimc::ka;

namespace {

/// Entries per piece of a projection sampled in parallel.
constexpr int64_t kSamplePieceEntries = int64_t(1) << 16;

int64_t dim(Value value, unsigned index) {
  return cast<RankedTensorType>(value.getType()).getDimSize(index);
}

/// Emits "<what> has <actual> <unit>, expected <expected> (<why>)" unless the
/// sizes agree.
LogicalResult checkSize(Operation *op, StringRef what, int64_t actual,
                        StringRef unit, int64_t expected, StringRef why) {
  if (actual == expected)
    return success();
  return op->emitOpError() << what << " has " << actual << " " << unit
                           << ", expected " << expected << " (" << why << ")";
}

/// The batch size of the result must equal that of the input.
LogicalResult checkRows(Operation *op, StringRef input, Value in,
                        Value result) {
  return checkSize(op, "result", dim(result, 0), "rows", dim(in, 0),
                   (Twine("rows of ") + input).str());
}

LogicalResult checkFeatures(Operation *op, Value z) {
  if (dim(z, 1) > 0)
    return success();
  return op->emitOpError("needs at least one projected feature, got ")
         << dim(z, 1) << " columns";
}

LogicalResult checkGamma(Operation *op, APFloat gamma) {
  double value = gamma.convertToDouble();
  if (std::isfinite(value) && value > 0.0)
    return success();
  return op->emitOpError("kernel parameter gamma must be positive and finite, "
                         "got ")
         << value;
}

aimc::ProjectionKind toSamplerKind(ProjectionDistribution distribution) {
  switch (distribution) {
  case ProjectionDistribution::Gaussian:
    return aimc::ProjectionKind::Gaussian;
  case ProjectionDistribution::TruncatedGaussian:
    return aimc::ProjectionKind::TruncatedGaussian;
  case ProjectionDistribution::Orthogonal:
    return aimc::ProjectionKind::Orthogonal;
  case ProjectionDistribution::StructuredOrthogonal:
    return aimc::ProjectionKind::StructuredOrthogonal;
  }
  llvm_unreachable("unknown projection distribution");
}

} // namespace

//===----------------------------------------------------------------------===//
// SampleProjectionOp
//===----------------------------------------------------------------------===//

LogicalResult SampleProjectionOp::verify() {
  RankedTensorType type = getType();
  std::string error =
      aimc::checkProjectionShape(type.getDimSize(0), type.getDimSize(1));
  if (error.empty())
    error = aimc::checkWeightBudget(
        aimc::saturatingMul(static_cast<uint64_t>(type.getNumElements()), 4),
        "sampling a " + std::to_string(type.getDimSize(0)) + "x" +
            std::to_string(type.getDimSize(1)) + " projection");
  if (!error.empty())
    return emitOpError(error);
  return success();
}

DenseElementsAttr SampleProjectionOp::sample() {
  RankedTensorType type = getType();
  if (!aimc::checkWeightBudget(
           aimc::saturatingMul(static_cast<uint64_t>(type.getNumElements()), 4),
           "")
           .empty())
    return {};
  // Pieces of whole blocks of rows, sampled in parallel (when the context
  // is multithreaded): rows do not depend on the pieces, so the result is
  // the same bit for bit.
  aimc::ProjectionKind kind = toSamplerKind(getDistribution());
  int64_t rows = type.getDimSize(0), cols = type.getDimSize(1);
  int64_t block = aimc::getProjectionBlockRows(kind, cols);
  int64_t pieceRows =
      llvm::alignTo(std::max<int64_t>(1, kSamplePieceEntries / cols), block);
  int64_t pieces = llvm::divideCeil(rows, pieceRows);
  uint64_t seed = static_cast<uint64_t>(getSeed());
  std::vector<float> values(type.getNumElements());
  std::atomic<bool> failed(false);
  mlir::parallelFor(getContext(), 0, pieces, [&](size_t piece) {
    int64_t first = static_cast<int64_t>(piece) * pieceRows;
    int64_t count = std::min(pieceRows, rows - first);
    if (!aimc::sampleProjectionRows(kind, first, count, cols, seed,
                                    values.data() + first * cols))
      failed = true;
  });
  if (failed)
    return {};
  return DenseElementsAttr::get(type, ArrayRef<float>(values));
}

OpFoldResult SampleProjectionOp::fold(FoldAdaptor) { return sample(); }

//===----------------------------------------------------------------------===//
// SamplePhaseOp
//===----------------------------------------------------------------------===//

LogicalResult SamplePhaseOp::verify() {
  int64_t count = getType().getDimSize(0);
  if (count <= 0 || count > aimc::kMaxProjectionEntries)
    return emitOpError("phase count must be in [1, ")
           << aimc::kMaxProjectionEntries << "], got " << count;
  std::string error = aimc::checkWeightBudget(
      aimc::saturatingMul(static_cast<uint64_t>(count), 4),
      "sampling " + std::to_string(count) + " phases");
  if (!error.empty())
    return emitOpError(error);
  return success();
}

DenseElementsAttr SamplePhaseOp::sample() {
  RankedTensorType type = getType();
  if (!aimc::checkWeightBudget(
           aimc::saturatingMul(static_cast<uint64_t>(type.getNumElements()), 4),
           "")
           .empty())
    return {};
  std::vector<float> values(type.getNumElements());
  if (!aimc::samplePhases(type.getDimSize(0), static_cast<uint64_t>(getSeed()),
                          values.data()))
    return {};
  return DenseElementsAttr::get(type, ArrayRef<float>(values));
}

OpFoldResult SamplePhaseOp::fold(FoldAdaptor) { return sample(); }

//===----------------------------------------------------------------------===//
// ProjectionOp
//===----------------------------------------------------------------------===//

LogicalResult ProjectionOp::verify() {
  Operation *op = getOperation();
  int64_t s = dim(getOmega(), 0);
  if (failed(checkSize(op, "x", dim(getX(), 1), "columns", dim(getOmega(), 1),
                       "columns of Omega")))
    return failure();
  if (getBias() && failed(checkSize(op, "bias", dim(getBias(), 0), "entries", s,
                                    "rows of Omega")))
    return failure();
  if (failed(checkRows(op, "x", getX(), getResult())))
    return failure();
  return checkSize(op, "result", dim(getResult(), 1), "columns", s,
                   "rows of Omega");
}

//===----------------------------------------------------------------------===//
// Feature maps
//===----------------------------------------------------------------------===//

LogicalResult RFFOp::verify() {
  Operation *op = getOperation();
  if (failed(checkGamma(op, getGammaAttr().getValue())) ||
      failed(checkFeatures(op, getZ())) ||
      failed(checkRows(op, "z", getZ(), getResult())))
    return failure();
  return checkSize(op, "result", dim(getResult(), 1), "features",
                   2 * dim(getZ(), 1), "cos and sin of each column of z");
}

LogicalResult RFFCosOp::verify() {
  Operation *op = getOperation();
  if (failed(checkGamma(op, getGammaAttr().getValue())) ||
      failed(checkFeatures(op, getZ())) ||
      failed(checkSize(op, "phase", dim(getPhase(), 0), "entries",
                       dim(getZ(), 1), "columns of z")) ||
      failed(checkRows(op, "z", getZ(), getResult())))
    return failure();
  return checkSize(op, "result", dim(getResult(), 1), "features",
                   dim(getZ(), 1), "one per column of z");
}

LogicalResult ArcCosOp::verify() {
  Operation *op = getOperation();
  int64_t order = getOrder();
  if (order < 0 || order > 2)
    return emitOpError("arc-cosine order must be 0, 1 or 2, got ") << order;
  if (failed(checkFeatures(op, getZ())) ||
      failed(checkRows(op, "z", getZ(), getResult())))
    return failure();
  return checkSize(op, "result", dim(getResult(), 1), "features",
                   dim(getZ(), 1), "one per column of z");
}

LogicalResult FavorPlusOp::verify() {
  Operation *op = getOperation();
  if (failed(checkFeatures(op, getZ())) ||
      failed(checkSize(op, "x", dim(getX(), 0), "rows", dim(getZ(), 0),
                       "rows of z")) ||
      failed(checkRows(op, "z", getZ(), getResult())))
    return failure();
  return checkSize(op, "result", dim(getResult(), 1), "features",
                   2 * dim(getZ(), 1), "exp(z) and exp(-z) of each column");
}

//===----------------------------------------------------------------------===//
// Readout and decisions
//===----------------------------------------------------------------------===//

LogicalResult ReadoutOp::verify() {
  Operation *op = getOperation();
  int64_t classes = dim(getWeights(), 1);
  if (failed(checkSize(op, "weights", dim(getWeights(), 0), "rows",
                       dim(getPhi(), 1), "features of phi")))
    return failure();
  if (getBias() && failed(checkSize(op, "bias", dim(getBias(), 0), "entries",
                                    classes, "columns of the weights")))
    return failure();
  if (failed(checkRows(op, "phi", getPhi(), getResult())))
    return failure();
  return checkSize(op, "result", dim(getResult(), 1), "columns", classes,
                   "columns of the weights");
}

LogicalResult BinaryDecisionOp::verify() {
  Operation *op = getOperation();
  if (failed(checkSize(op, "scores", dim(getScores(), 1), "columns", 1,
                       "one score per row for a binary decision")))
    return failure();
  return checkSize(op, "result", dim(getResult(), 0), "labels",
                   dim(getScores(), 0), "one per row of scores");
}

LogicalResult ArgMaxOp::verify() {
  if (dim(getScores(), 1) < 1)
    return emitOpError("needs at least one class score per row");
  return checkSize(getOperation(), "result", dim(getResult(), 0), "labels",
                   dim(getScores(), 0), "one per row of scores");
}

//===----------------------------------------------------------------------===//
// LinearAttentionOp
//===----------------------------------------------------------------------===//

LogicalResult LinearAttentionOp::verify() {
  Operation *op = getOperation();
  int64_t d = dim(getQuery(), 1);
  double epsilon = getEpsilon().convertToDouble();
  if (!std::isfinite(epsilon) || epsilon < 0.0)
    return emitOpError("epsilon must be non-negative and finite, got ")
           << epsilon;
  if (failed(checkSize(op, "key", dim(getKey(), 1), "columns", d,
                       "columns of query")) ||
      failed(checkSize(op, "Omega", dim(getOmega(), 1), "columns", d,
                       "columns of query")))
    return failure();
  if (dim(getOmega(), 0) < 1)
    return emitOpError("Omega needs at least one row");
  if (failed(checkSize(op, "value", dim(getValue(), 0), "rows",
                       dim(getKey(), 0), "rows of key")) ||
      failed(checkRows(op, "query", getQuery(), getResult())))
    return failure();
  return checkSize(op, "result", dim(getResult(), 1), "columns",
                   dim(getValue(), 1), "columns of value");
}

#define GET_OP_CLASSES
#include "aimc/Dialect/KA/IR/KAOps.cpp.inc"
