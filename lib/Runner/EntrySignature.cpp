//===- EntrySignature.cpp - Host-visible signature of an entry ------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Transforms/Passes.h"
#include "aimc/Runner/Runner.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace aimc;

std::string ArraySpec::str() const {
  std::string text = std::string(npyDTypeName(dtype)) + "[";
  for (auto [i, dim] : llvm::enumerate(shape)) {
    if (i)
      text += "x";
    text += ShapedType::isDynamic(dim) ? "?" : std::to_string(dim);
  }
  return text + "]";
}

bool ArraySpec::accepts(const NpyArray &array) const {
  if (array.dtype != dtype ||
      array.rank() != static_cast<int64_t>(shape.size()))
    return false;
  for (auto [expected, actual] : llvm::zip(shape, array.shape))
    if (!ShapedType::isDynamic(expected) && expected != actual)
      return false;
  return true;
}

static std::optional<NpyDType> dtypeOf(Type type) {
  if (type.isF32())
    return NpyDType::Float32;
  if (type.isF64())
    return NpyDType::Float64;
  if (auto integer = dyn_cast<IntegerType>(type)) {
    if (integer.isUnsigned())
      return std::nullopt;
    if (integer.getWidth() == 64)
      return NpyDType::Int64;
    if (integer.getWidth() == 32)
      return NpyDType::Int32;
  }
  return std::nullopt;
}

static std::string typeToString(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  return text;
}

llvm::Expected<ArraySpec> aimc::arraySpecFromType(Type type,
                                                  llvm::StringRef what) {
  auto unsupported = [&](llvm::StringRef why) {
    return llvm::createStringError(
        llvm::formatv("{0} has type {1}, which aimc-run cannot pass: {2}", what,
                      typeToString(type), why));
  };
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped || !isa<RankedTensorType, MemRefType>(type))
    return unsupported("expected a ranked tensor or memref");
  if (auto memref = dyn_cast<MemRefType>(type);
      memref && !memref.getLayout().isIdentity())
    return unsupported("expected a memref with the identity layout");
  std::optional<NpyDType> dtype = dtypeOf(shaped.getElementType());
  if (!dtype)
    return unsupported("expected f32, f64, i64 or i32 elements");
  ArraySpec spec;
  spec.dtype = *dtype;
  spec.shape.assign(shaped.getShape().begin(), shaped.getShape().end());
  return spec;
}

/// The public functions with a body, for "unknown entry" messages.
static std::string listCallable(ModuleOp module) {
  std::string names;
  auto add = [&](StringRef name) {
    if (name.starts_with("_mlir_ciface_"))
      return;
    names += names.empty() ? "@" : ", @";
    names += name.str();
  };
  for (auto func : module.getOps<func::FuncOp>())
    if (!func.isDeclaration() && func.isPublic())
      add(func.getSymName());
  for (auto func : module.getOps<LLVM::LLVMFuncOp>())
    if (!func.isExternal() && func->hasAttr(kEntryTypeAttrName))
      add(func.getSymName());
  return names.empty() ? "no callable function" : names;
}

llvm::Expected<EntrySignature> aimc::getEntrySignature(ModuleOp module,
                                                       llvm::StringRef entry) {
  FunctionType type;
  Operation *symbol = module.lookupSymbol(entry);
  if (auto func = dyn_cast_or_null<func::FuncOp>(symbol)) {
    if (func.isDeclaration())
      return llvm::createStringError(llvm::formatv(
          "entry function @{0} is only declared, it has no body", entry));
    if (!func.isPublic())
      return llvm::createStringError(llvm::formatv(
          "entry function @{0} is private; make it public to call it", entry));
    type = func.getFunctionType();
  } else if (auto func = dyn_cast_or_null<LLVM::LLVMFuncOp>(symbol)) {
    auto attr = func->getAttrOfType<TypeAttr>(kEntryTypeAttrName);
    if (func.isExternal() || !attr || !isa<FunctionType>(attr.getValue()))
      return llvm::createStringError(llvm::formatv(
          "entry function @{0} is an LLVM dialect function without the "
          "'{1}' attribute giving its tensor-level type; lower the module "
          "with aimc-lower-to-llvm (or give aimc-run the unlowered module)",
          entry, kEntryTypeAttrName));
    type = cast<FunctionType>(attr.getValue());
  } else {
    return llvm::createStringError(
        llvm::formatv("unknown entry function @{0}; the module defines {1}",
                      entry, listCallable(module)));
  }

  EntrySignature signature;
  signature.name = entry.str();
  for (auto [i, argType] : llvm::enumerate(type.getInputs())) {
    llvm::Expected<ArraySpec> spec = arraySpecFromType(
        argType, llvm::formatv("argument #{0} of @{1}", i, entry).str());
    if (!spec)
      return spec.takeError();
    signature.args.push_back(*spec);
  }
  for (auto [i, resultType] : llvm::enumerate(type.getResults())) {
    llvm::Expected<ArraySpec> spec = arraySpecFromType(
        resultType, llvm::formatv("result #{0} of @{1}", i, entry).str());
    if (!spec)
      return spec.takeError();
    signature.results.push_back(*spec);
  }
  return signature;
}

llvm::Error aimc::checkInputs(const EntrySignature &signature,
                              llvm::ArrayRef<NpyArray> inputs,
                              llvm::ArrayRef<std::string> names) {
  if (inputs.size() != signature.args.size())
    return llvm::createStringError(
        llvm::formatv("@{0} takes {1} argument(s) but {2} input(s) were given",
                      signature.name, signature.args.size(), inputs.size()));
  for (auto [i, spec, input] : llvm::enumerate(signature.args, inputs)) {
    if (spec.accepts(input))
      continue;
    std::string name = i < names.size() ? names[i] : "#" + std::to_string(i);
    return llvm::createStringError(llvm::formatv(
        "input '{0}' for argument #{1} of @{2}: expected {3}, got {4}", name, i,
        signature.name, spec.str(), input.describe()));
  }
  return llvm::Error::success();
}
