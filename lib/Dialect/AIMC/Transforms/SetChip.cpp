//===- SetChip.cpp - Name the chip a module is compiled for ---------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/AIMC/IR/AIMCAttrs.h"
#include "aimc/Dialect/AIMC/IR/AIMCChip.h"
#include "aimc/Dialect/AIMC/Transforms/Passes.h"
#include "aimc/Support/Limits.h"

namespace aimc {
#define GEN_PASS_DEF_AIMCSETCHIP
#include "aimc/Dialect/AIMC/Transforms/Passes.h.inc"
} // namespace aimc

using namespace mlir;
using namespace aimc;

namespace {
struct SetChipPass : aimc::impl::AIMCSetChipBase<SetChipPass> {
  using Base::Base;
  void runOnOperation() override;
};
} // namespace

void SetChipPass::runOnOperation() {
  ModuleOp module = getOperation();
  if (StringRef(chip).trim().empty())
    return;
  llvm::Expected<ChipModel> requested =
      parseChip(chip, "aimc-set-chip", &getContext());
  if (!requested) {
    module.emitError(llvm::toString(requested.takeError()));
    return signalPassFailure();
  }
  // Tiles may already have been cut and placed for the module's chip: the
  // geometry must agree; converters, devices and costs may change.
  if (ChipAttr current = getChipAttr(module)) {
    std::string mismatch = current.getModel().geometryMismatch(*requested);
    if (!mismatch.empty()) {
      module.emitError("aimc-set-chip: the module targets ")
          << current << " but " << printChip(*requested)
          << " was requested, with another geometry (" << mismatch
          << "); compile it for one chip";
      return signalPassFailure();
    }
  }
  module->setAttr(AIMCDialect::kChipAttrName,
                  ChipAttr::get(&getContext(), *requested));
}
