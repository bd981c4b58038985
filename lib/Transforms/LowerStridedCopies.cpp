//===- LowerStridedCopies.cpp - Strided memref.copy as loops --------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// finalize-memref-to-llvm lowers a memref.copy between contiguous buffers
// to llvm.memcpy, but any other copy to a call of memrefCopy from MLIR's C
// runner utilities, which copies element by element through a generic
// descriptor walk (one memcpy call per element). Copies into a column
// block of a wider buffer (the sin half of RFF's [cos | sin]) are of that
// kind. This pass turns them into linalg.copy, whose loops
// convert-linalg-to-loops emits and LLVM vectorises.
//
//===----------------------------------------------------------------------===//

#include "aimc/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace aimc {
#define GEN_PASS_DEF_LOWERSTRIDEDCOPIESPASS
#include "aimc/Transforms/Passes.h.inc"
} // namespace aimc

using namespace mlir;

namespace {

/// Whether finalize-memref-to-llvm would call memrefCopy for `copy`: a
/// ranked copy with an operand that is not an identity-layout buffer.
bool isStridedCopy(memref::CopyOp copy) {
  auto source = dyn_cast<MemRefType>(copy.getSource().getType());
  auto target = dyn_cast<MemRefType>(copy.getTarget().getType());
  if (!source || !target || source.getRank() == 0)
    return false;
  return !source.getLayout().isIdentity() || !target.getLayout().isIdentity();
}

struct LowerStridedCopiesPass
    : public aimc::impl::LowerStridedCopiesPassBase<LowerStridedCopiesPass> {
  void runOnOperation() override {
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](memref::CopyOp copy) {
      if (isStridedCopy(copy))
        copies.push_back(copy);
    });
    IRRewriter rewriter(&getContext());
    for (memref::CopyOp copy : copies) {
      rewriter.setInsertionPoint(copy);
      rewriter.replaceOpWithNewOp<linalg::CopyOp>(copy, copy.getSource(),
                                                  copy.getTarget());
    }
  }
};

} // namespace
