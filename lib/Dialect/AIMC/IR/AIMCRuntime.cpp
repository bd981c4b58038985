//===- AIMCRuntime.cpp - The runtime ABI as seen from MLIR ----------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/AIMC/IR/AIMCRuntime.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace aimc;

MemRefType runtime::getMatrixType(MLIRContext *context) {
  int64_t dynamic = ShapedType::kDynamic;
  return MemRefType::get(
      {dynamic, dynamic}, Float32Type::get(context),
      StridedLayoutAttr::get(context, dynamic, {dynamic, dynamic}));
}

FunctionType runtime::getFunctionType(MLIRContext *context, StringRef name) {
  Builder b(context);
  Type i64 = b.getI64Type(), f64 = b.getF64Type();
  Type matrix = getMatrixType(context);
  if (name == kConfigureTile)
    return b.getFunctionType({i64, i64, i64, f64, f64, f64}, {});
  if (name == kProgramTile)
    return b.getFunctionType({i64, i64, i64, i64, matrix}, {});
  if (name == kMVM || name == kMVMAccumulate)
    return b.getFunctionType({i64, matrix, matrix}, {});
  if (name == kCountDigital)
    return b.getFunctionType({i64, i64}, {});
  return nullptr;
}

FailureOr<func::FuncOp> runtime::declareFunction(ModuleOp module,
                                                 StringRef name) {
  FunctionType type = getFunctionType(module.getContext(), name);
  if (!type)
    return module.emitError("unknown aimc runtime function @") << name;
  if (Operation *existing = module.lookupSymbol(name)) {
    auto func = dyn_cast<func::FuncOp>(existing);
    if (!func || !func.isDeclaration() || func.getFunctionType() != type)
      return existing->emitError("@")
             << name << " is reserved for the aimc runtime, declared as "
             << type;
    return func;
  }
  OpBuilder builder = OpBuilder::atBlockBegin(module.getBody());
  auto func = func::FuncOp::create(builder, module.getLoc(), name, type);
  func.setPrivate();
  bool takesMemrefs = llvm::any_of(type.getInputs(), llvm::IsaPred<MemRefType>);
  if (takesMemrefs)
    func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                  builder.getUnitAttr());
  return func;
}
