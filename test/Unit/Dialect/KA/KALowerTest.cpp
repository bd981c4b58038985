//===- KALowerTest.cpp - The sampled Omega survives ka-lower bit for bit --===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The crossbar weights that ka-lower emits must be exactly the transposed
// Omega of the AIMCSampling library (float overload), for every
// distribution: the compiler, the executor and Python see the same bits.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/KA/IR/KAOps.h"
#include "aimc/Conversion/KAToLinalg/Passes.h"
#include "aimc/Sampling/RandomProjection.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

using namespace mlir;

namespace {

struct Case {
  const char *keyword;
  aimc::ProjectionKind kind;
};

const Case kCases[] = {
    {"gaussian", aimc::ProjectionKind::Gaussian},
    {"truncated_gaussian", aimc::ProjectionKind::TruncatedGaussian},
    {"orthogonal", aimc::ProjectionKind::Orthogonal},
    {"structured_orthogonal", aimc::ProjectionKind::StructuredOrthogonal},
};

class KALowerTest : public ::testing::Test {
protected:
  KALowerTest() {
    context.loadDialect<aimc::ka::KADialect, arith::ArithDialect,
                        func::FuncDialect, linalg::LinalgDialect>();
  }

  /// Lowers a one-projection module and returns the weights of its
  /// `ka.role = "projection"` matmul.
  DenseElementsAttr lowerAndGetWeights(const std::string &source) {
    OwningOpRef<ModuleOp> module =
        parseSourceString<ModuleOp>(source, &context);
    EXPECT_TRUE(module);
    if (!module)
      return {};
    PassManager pm(&context);
    pm.addPass(aimc::ka::createKALower());
    EXPECT_TRUE(succeeded(pm.run(*module)));
    DenseElementsAttr weights;
    module->walk([&](linalg::MatmulOp matmul) {
      auto role = matmul->getAttrOfType<StringAttr>(aimc::ka::kRoleAttrName);
      if (!role || role.getValue() != aimc::ka::kRoleProjection)
        return;
      auto constant = matmul.getInputs()[1].getDefiningOp<arith::ConstantOp>();
      ASSERT_TRUE(constant);
      weights = cast<DenseElementsAttr>(constant.getValue());
    });
    return weights;
  }

  MLIRContext context;
};

TEST_F(KALowerTest, WeightsAreTransposedSamplerOutput) {
  const int64_t s = 40, d = 12;
  for (const Case &c : kCases) {
    std::string source =
        "func.func @f(%x: tensor<3x12xf32>) -> tensor<3x40xf32> {\n"
        "  %omega = ka.sample_projection " +
        std::string(c.keyword) +
        " seed(2024) : tensor<40x12xf32>\n"
        "  %z = ka.projection %x, %omega : (tensor<3x12xf32>, "
        "tensor<40x12xf32>) -> tensor<3x40xf32>\n"
        "  return %z : tensor<3x40xf32>\n}\n";
    DenseElementsAttr weights = lowerAndGetWeights(source);
    ASSERT_TRUE(weights) << c.keyword;
    EXPECT_EQ(weights.getType().getShape(), (ArrayRef<int64_t>{d, s}));

    std::vector<float> omega(s * d);
    ASSERT_TRUE(aimc::sampleProjection(c.kind, s, d, 2024, omega.data()));
    std::vector<float> expected(s * d);
    for (int64_t i = 0; i < s; ++i)
      for (int64_t k = 0; k < d; ++k)
        expected[k * s + i] = omega[i * d + k];
    std::vector<float> actual(weights.getValues<float>().begin(),
                              weights.getValues<float>().end());
    ASSERT_EQ(actual.size(), expected.size());
    EXPECT_EQ(std::memcmp(actual.data(), expected.data(),
                          actual.size() * sizeof(float)),
              0)
        << c.keyword;
  }
}

TEST_F(KALowerTest, FoldEqualsSampler) {
  OpBuilder builder(&context);
  auto type = RankedTensorType::get({17, 5}, builder.getF32Type());
  for (const Case &c : kCases) {
    std::optional<aimc::ka::ProjectionDistribution> distribution =
        aimc::ka::symbolizeProjectionDistribution(c.keyword);
    ASSERT_TRUE(distribution) << c.keyword;
    // Detached op (no insertion point), seed -3 as a 64-bit pattern.
    auto op = aimc::ka::SampleProjectionOp::create(
        builder, builder.getUnknownLoc(), type, *distribution,
        static_cast<uint64_t>(int64_t(-3)));
    DenseElementsAttr folded = op.sample();
    ASSERT_TRUE(folded);
    std::vector<float> omega(17 * 5);
    ASSERT_TRUE(aimc::sampleProjection(
        c.kind, 17, 5, static_cast<uint64_t>(int64_t(-3)), omega.data()));
    std::vector<float> actual(folded.getValues<float>().begin(),
                              folded.getValues<float>().end());
    EXPECT_EQ(
        std::memcmp(actual.data(), omega.data(), omega.size() * sizeof(float)),
        0)
        << c.keyword;
    op->erase();
  }
}

} // namespace
