//===- CheckBufferSizes.cpp - Refuse buffers beyond the memory budget -----===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Transforms/Passes.h"

#include "aimc/Support/Limits.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace aimc {
#define GEN_PASS_DEF_CHECKBUFFERSIZESPASS
#include "aimc/Transforms/Passes.h.inc"
} // namespace aimc

using namespace mlir;

namespace {
/// The bytes of a static memref, saturating at UINT64_MAX; nullopt for a
/// dynamic shape or an element type of unknown size.
std::optional<uint64_t> staticBytes(MemRefType type) {
  if (!type.hasStaticShape())
    return std::nullopt;
  Type element = type.getElementType();
  uint64_t bits;
  if (element.isIntOrFloat())
    bits = element.getIntOrFloatBitWidth();
  else if (element.isIndex())
    bits = 64;
  else
    return std::nullopt;
  uint64_t bytes = (bits + 7) / 8;
  for (int64_t extent : type.getShape())
    bytes = aimc::saturatingMul(bytes, static_cast<uint64_t>(extent));
  return bytes;
}

struct CheckBufferSizesPass
    : public aimc::impl::CheckBufferSizesPassBase<CheckBufferSizesPass> {
  void runOnOperation() override {
    uint64_t budget = aimc::getWeightBudgetBytes();
    WalkResult result = getOperation()->walk([&](Operation *op) {
      MemRefType type;
      if (auto alloc = dyn_cast<memref::AllocOp>(op))
        type = alloc.getType();
      else if (auto alloca = dyn_cast<memref::AllocaOp>(op))
        type = alloca.getType();
      else
        return WalkResult::advance();
      std::optional<uint64_t> bytes = staticBytes(type);
      if (!bytes || *bytes <= budget)
        return WalkResult::advance();
      op->emitOpError() << "allocates a buffer of "
                        << (*bytes == UINT64_MAX ? std::string("over 16 EiB")
                                                 : aimc::formatBytes(*bytes))
                        << ", more than the memory budget of "
                        << aimc::formatBytes(budget)
                        << " (the weight budget: raise it with "
                           "--aimc-weight-budget=<bytes>, or "
                           "aimc.set_weight_budget() in Python)";
      return WalkResult::interrupt();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
