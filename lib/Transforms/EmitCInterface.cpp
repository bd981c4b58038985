//===- EmitCInterface.cpp - Mark public functions as host entries ---------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace aimc {
#define GEN_PASS_DEF_EMITCINTERFACEPASS
#include "aimc/Transforms/Passes.h.inc"
} // namespace aimc

using namespace mlir;

namespace {
struct EmitCInterfacePass
    : public aimc::impl::EmitCInterfacePassBase<EmitCInterfacePass> {
  void runOnOperation() override {
    StringRef cInterface = LLVM::LLVMDialect::getEmitCWrapperAttrName();
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isDeclaration() || !func.isPublic())
        continue;
      func->setAttr(cInterface, UnitAttr::get(&getContext()));
      if (!func->hasAttr(aimc::kEntryTypeAttrName))
        func->setAttr(aimc::kEntryTypeAttrName,
                      TypeAttr::get(func.getFunctionType()));
    }
  }
};
} // namespace
