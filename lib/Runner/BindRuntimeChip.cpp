//===- BindRuntimeChip.cpp - Give generated code its chip handle ----------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Generated code reaches its chip through a handle, never through process
// state: when a module is loaded, every call of a runtime-ABI function
// (aimc-c/RuntimeABI.h) gets the chip handle as its first argument, loaded
// from the module's own global `aimc_rt_chip`. The host stores its chip there
// after JIT compilation (RunBackend::bindChip), so two modules in one
// process run on two chips at the same time.
//
//===----------------------------------------------------------------------===//

#include "aimc/Runner/Runner.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace aimc;

namespace {
/// The C functions of the runtime ABI that act on a chip.
bool takesChip(StringRef name) {
  static const llvm::StringSet<> names = {
      "aimc_rt_configure_tile", "_mlir_ciface_aimc_rt_program_tile",
      "_mlir_ciface_aimc_rt_mvm", "_mlir_ciface_aimc_rt_mvm_accumulate",
      "aimc_rt_count_digital"};
  return names.contains(name);
}
} // namespace

bool aimc::bindRuntimeChip(ModuleOp module) {
  if (module.lookupSymbol(kRuntimeChipGlobal))
    return true; // already bound
  MLIRContext *context = module.getContext();
  auto ptr = LLVM::LLVMPointerType::get(context);
  SmallVector<LLVM::LLVMFuncOp> declarations;
  for (auto func : module.getOps<LLVM::LLVMFuncOp>())
    if (func.isExternal() && takesChip(func.getSymName()))
      declarations.push_back(func);
  if (declarations.empty())
    return false;

  OpBuilder builder(context);
  builder.setInsertionPointToStart(module.getBody());
  auto global = LLVM::GlobalOp::create(
      builder, module.getLoc(), ptr, /*isConstant=*/false,
      LLVM::Linkage::External, kRuntimeChipGlobal, Attribute());
  Block *init = builder.createBlock(&global.getInitializerRegion());
  builder.setInsertionPointToStart(init);
  Value null = LLVM::ZeroOp::create(builder, module.getLoc(), ptr);
  LLVM::ReturnOp::create(builder, module.getLoc(), null);

  for (LLVM::LLVMFuncOp func : declarations) {
    LLVM::LLVMFunctionType type = func.getFunctionType();
    SmallVector<Type> params{ptr};
    llvm::append_range(params, type.getParams());
    func.setFunctionType(LLVM::LLVMFunctionType::get(type.getReturnType(),
                                                     params, type.isVarArg()));
  }
  module.walk([&](LLVM::CallOp call) {
    std::optional<StringRef> callee = call.getCallee();
    if (!callee || !takesChip(*callee))
      return;
    OpBuilder b(call);
    Value address = LLVM::AddressOfOp::create(b, call.getLoc(), global);
    Value chip = LLVM::LoadOp::create(b, call.getLoc(), ptr, address);
    SmallVector<Value> operands{chip};
    llvm::append_range(operands, call.getArgOperands());
    auto func = module.lookupSymbol<LLVM::LLVMFuncOp>(*callee);
    auto replacement = LLVM::CallOp::create(b, call.getLoc(), func, operands);
    call->replaceAllUsesWith(replacement);
    call->erase();
  });
  return true;
}
