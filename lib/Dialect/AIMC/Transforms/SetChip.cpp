//===- SetChip.cpp - Name the chip a module is compiled for ---------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/AIMC/IR/AIMCAttrs.h"
#include "aimc/Dialect/AIMC/IR/AIMCChip.h"
#include "aimc/Dialect/AIMC/Transforms/Passes.h"
#include "aimc/Support/Limits.h"

#include "mlir/AsmParser/AsmParser.h"

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
  StringRef name = StringRef(chip).trim();
  if (name.empty())
    return;
  ChipAttr requested;
  if (std::optional<ChipModel> preset = ChipModel::byName(name.str())) {
    requested = ChipAttr::get(&getContext(), *preset);
  } else if (name.starts_with("#") && !checkNestingDepth(name)) {
    Attribute parsed = parseAttribute(name, &getContext());
    requested = dyn_cast_or_null<ChipAttr>(parsed);
  }
  if (!requested) {
    module.emitError("aimc-set-chip: unknown chip '")
        << name << "'; expected a preset name (hermes) or an #aimc.chip<...> "
        << "attribute";
    return signalPassFailure();
  }
  ChipAttr current = getChipAttr(module);
  if (current && current != requested) {
    module.emitError("aimc-set-chip: the module targets ")
        << current << " but " << requested
        << " was requested; compile it for one chip";
    return signalPassFailure();
  }
  module->setAttr(AIMCDialect::kChipAttrName, requested);
}
