//===- EntrySignatureTest.cpp - Tests of entry signatures -----------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/InitAll.h"
#include "aimc/Runner/Runner.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace aimc;

namespace {
class EntrySignatureTest : public ::testing::Test {
protected:
  EntrySignatureTest() : context(makeRegistry()) {}
  static DialectRegistry makeRegistry() {
    DialectRegistry registry;
    aimc::registerAllDialects(registry);
    return registry;
  }
  OwningOpRef<ModuleOp> parse(llvm::StringRef source) {
    return parseSourceString<ModuleOp>(source, &context);
  }
  MLIRContext context;
};

constexpr llvm::StringLiteral kModule = R"mlir(
  func.func @f(%a: tensor<?x3xf32>, %b: memref<2xi64>, %c: tensor<i32>)
      -> (tensor<4xf64>) {
    %r = arith.constant dense<1.0> : tensor<4xf64>
    return %r : tensor<4xf64>
  }
  func.func private @p(%a: tensor<2xf32>) { return }
)mlir";
} // namespace

TEST_F(EntrySignatureTest, ReadsArgumentsAndResults) {
  OwningOpRef<ModuleOp> module = parse(kModule);
  ASSERT_TRUE(module);
  llvm::Expected<EntrySignature> signature = getEntrySignature(*module, "f");
  ASSERT_TRUE(static_cast<bool>(signature))
      << llvm::toString(signature.takeError());
  ASSERT_EQ(signature->args.size(), 3u);
  EXPECT_EQ(signature->args[0].str(), "float32[?x3]");
  EXPECT_EQ(signature->args[1].str(), "int64[2]");
  EXPECT_EQ(signature->args[2].str(), "int32[]");
  ASSERT_EQ(signature->results.size(), 1u);
  EXPECT_EQ(signature->results[0].str(), "float64[4]");

  // Dynamic sizes accept anything; static ones must match.
  EXPECT_TRUE(signature->args[0].accepts(NpyArray(NpyDType::Float32, {7, 3})));
  EXPECT_FALSE(signature->args[0].accepts(NpyArray(NpyDType::Float32, {7, 4})));
  EXPECT_FALSE(signature->args[0].accepts(NpyArray(NpyDType::Float32, {3})));
  EXPECT_FALSE(signature->args[0].accepts(NpyArray(NpyDType::Float64, {7, 3})));
  EXPECT_TRUE(signature->args[2].accepts(NpyArray(NpyDType::Int32, {})));
}

TEST_F(EntrySignatureTest, CheckInputsNamesTheMismatch) {
  OwningOpRef<ModuleOp> module = parse(kModule);
  ASSERT_TRUE(module);
  llvm::Expected<EntrySignature> signature = getEntrySignature(*module, "f");
  ASSERT_TRUE(static_cast<bool>(signature));
  std::vector<NpyArray> inputs = {NpyArray(NpyDType::Float32, {5, 3}),
                                  NpyArray(NpyDType::Int32, {2}),
                                  NpyArray(NpyDType::Int32, {})};
  EXPECT_EQ(llvm::toString(
                checkInputs(*signature, inputs, {"a.npy", "b.npy", "c.npy"})),
            "input 'b.npy' for argument #1 of @f: expected int64[2], got "
            "int32[2]");
  inputs[1] = NpyArray(NpyDType::Int64, {2});
  EXPECT_FALSE(static_cast<bool>(checkInputs(*signature, inputs, {})));
  inputs.pop_back();
  EXPECT_EQ(llvm::toString(checkInputs(*signature, inputs, {})),
            "@f takes 3 argument(s) but 2 input(s) were given");
}

TEST_F(EntrySignatureTest, Errors) {
  OwningOpRef<ModuleOp> module = parse(kModule);
  ASSERT_TRUE(module);
  EXPECT_EQ(llvm::toString(getEntrySignature(*module, "g").takeError()),
            "unknown entry function @g; the module defines @f");
  EXPECT_EQ(llvm::toString(getEntrySignature(*module, "p").takeError()),
            "entry function @p is private; make it public to call it");
  Builder builder(&context);
  EXPECT_EQ(llvm::toString(
                arraySpecFromType(UnrankedTensorType::get(builder.getF32Type()),
                                  "argument #0 of @x")
                    .takeError()),
            "argument #0 of @x has type tensor<*xf32>, which aimc-run cannot "
            "pass: expected a ranked tensor or memref");
  EXPECT_EQ(
      llvm::toString(arraySpecFromType(
                         RankedTensorType::get({2}, builder.getF16Type()), "r")
                         .takeError()),
      "r has type tensor<2xf16>, which aimc-run cannot pass: expected f32, "
      "f64, i64 or i32 elements");
}
