//===- RunTarget.cpp - What a compiled module targets ---------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/AIMC/IR/AIMCAttrs.h"
#include "aimc/Dialect/AIMC/IR/AIMCChip.h"
#include "aimc/Dialect/AIMC/IR/AIMCRuntime.h"
#include "aimc/Runner/Runner.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace aimc;

llvm::Expected<RunTarget> aimc::readRunTarget(ModuleOp module,
                                              llvm::StringRef chip) {
  RunTarget target;
  target.chip = getChipModel(module);
  if (!chip.trim().empty()) {
    llvm::Expected<ChipModel> requested =
        parseChip(chip, "--chip", module.getContext());
    if (!requested)
      return requested.takeError();
    if (ChipAttr current = getChipAttr(module)) {
      std::string mismatch = target.chip.geometryMismatch(*requested);
      if (!mismatch.empty())
        return llvm::createStringError(
            "the module was placed for " + printChip(target.chip) + " but " +
            printChip(*requested) + " was requested, with another geometry (" +
            mismatch + ")");
    }
    target.chip = *requested;
  }
  target.numChips = getNumChips(module);
  Attribute attr = module->getAttr(runtime::kAnalogOpsAttr);
  if (!attr)
    return target;
  auto malformed = [&](const llvm::Twine &why) {
    return llvm::createStringError(
        llvm::formatv("the module attribute '{0}' is malformed: {1}",
                      runtime::kAnalogOpsAttr, why.str()));
  };
  auto ops = dyn_cast<ArrayAttr>(attr);
  if (!ops)
    return malformed("expected an array");
  for (Attribute element : ops) {
    auto entry = dyn_cast<DictionaryAttr>(element);
    auto name = entry ? entry.getAs<StringAttr>("name") : StringAttr();
    auto tiles =
        entry ? entry.getAs<DenseI64ArrayAttr>("tiles") : DenseI64ArrayAttr();
    if (!name || !tiles)
      return malformed("expected {name = \"...\", tiles = array<i64: ...>} "
                       "entries");
    target.analogOps.push_back(
        {name.str(), std::vector<int64_t>(tiles.asArrayRef().begin(),
                                          tiles.asArrayRef().end())});
  }
  return target;
}
