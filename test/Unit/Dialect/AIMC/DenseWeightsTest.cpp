//===- DenseWeightsTest.cpp - Compile-time weight slicing -----------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/AIMC/Transforms/DenseWeights.h"
#include "aimc/Support/CounterRNG.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace aimc;

namespace {
DenseElementsAttr randomTensor(MLIRContext *context, ArrayRef<int64_t> shape,
                               uint64_t seed) {
  auto type = RankedTensorType::get(shape, Float32Type::get(context));
  std::vector<float> values(type.getNumElements());
  CounterRNG(seed, 1).fillNormal(values.data(), values.size());
  return DenseElementsAttr::get(type, ArrayRef<float>(values));
}

std::vector<float> valuesOf(DenseElementsAttr attr) {
  auto range = attr.getValues<float>();
  return std::vector<float>(range.begin(), range.end());
}
} // namespace

TEST(DenseWeights, BlocksReassembleTheMatrix) {
  MLIRContext context;
  const int64_t rows = 37, cols = 53, br = 16, bc = 20;
  DenseElementsAttr matrix = randomTensor(&context, {rows, cols}, 3);
  std::vector<float> all = valuesOf(matrix);
  for (int64_t r0 = 0; r0 < rows; r0 += br)
    for (int64_t c0 = 0; c0 < cols; c0 += bc) {
      int64_t nr = std::min(br, rows - r0), nc = std::min(bc, cols - c0);
      DenseElementsAttr block = sliceBlock(matrix, {r0, c0}, {nr, nc});
      auto type = cast<RankedTensorType>(block.getType());
      ASSERT_EQ(type.getShape(), ArrayRef<int64_t>({nr, nc}));
      std::vector<float> values = valuesOf(block);
      for (int64_t r = 0; r < nr; ++r)
        for (int64_t c = 0; c < nc; ++c)
          ASSERT_EQ(values[r * nc + c], all[(r0 + r) * cols + c0 + c]);
    }
}

TEST(DenseWeights, SliceDropsLeadingUnitDims) {
  MLIRContext context;
  DenseElementsAttr batch = randomTensor(&context, {3, 4, 5}, 4);
  std::vector<float> all = valuesOf(batch);
  DenseElementsAttr second = sliceBlock(batch, {1, 0, 0}, {1, 4, 5}, 1);
  EXPECT_EQ(cast<RankedTensorType>(second.getType()).getShape(),
            ArrayRef<int64_t>({4, 5}));
  std::vector<float> values = valuesOf(second);
  for (int64_t i = 0; i < 20; ++i)
    ASSERT_EQ(values[i], all[20 + i]);
}

TEST(DenseWeights, PermuteIsATranspose) {
  MLIRContext context;
  DenseElementsAttr matrix = randomTensor(&context, {7, 9}, 5);
  std::vector<float> in = valuesOf(matrix);
  std::vector<float> out = valuesOf(permuteDims(matrix, {1, 0}));
  for (int64_t r = 0; r < 7; ++r)
    for (int64_t c = 0; c < 9; ++c)
      ASSERT_EQ(out[c * 7 + r], in[r * 9 + c]);

  DenseElementsAttr cube = randomTensor(&context, {2, 3, 4}, 6);
  std::vector<float> a = valuesOf(cube);
  DenseElementsAttr permuted = permuteDims(cube, {2, 0, 1});
  EXPECT_EQ(cast<RankedTensorType>(permuted.getType()).getShape(),
            ArrayRef<int64_t>({4, 2, 3}));
  std::vector<float> b = valuesOf(permuted);
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 3; ++j)
      for (int64_t k = 0; k < 4; ++k)
        ASSERT_EQ(b[(k * 2 + i) * 3 + j], a[(i * 3 + j) * 4 + k]);
}

TEST(DenseWeights, SplatsStaySplats) {
  MLIRContext context;
  auto type = RankedTensorType::get({300, 600}, Float32Type::get(&context));
  auto splat = DenseElementsAttr::get(type, 0.25f);
  DenseElementsAttr block = sliceBlock(splat, {256, 512}, {44, 88});
  EXPECT_TRUE(block.isSplat());
  EXPECT_EQ(block.getSplatValue<float>(), 0.25f);
  EXPECT_TRUE(permuteDims(splat, {1, 0}).isSplat());
}

TEST(DenseWeights, HalfPrecisionSlicesByBytes) {
  MLIRContext context;
  auto type = RankedTensorType::get({2, 3}, Float16Type::get(&context));
  SmallVector<APFloat> values;
  for (int i = 0; i < 6; ++i) {
    APFloat v(static_cast<double>(i) + 0.5);
    bool lost;
    v.convert(APFloat::IEEEhalf(), APFloat::rmNearestTiesToEven, &lost);
    values.push_back(v);
  }
  auto matrix = DenseElementsAttr::get(type, values);
  DenseElementsAttr block = sliceBlock(matrix, {0, 1}, {2, 2});
  auto got = block.getValues<APFloat>();
  EXPECT_EQ((*(got.begin() + 0)).convertToFloat(), 1.5f);
  EXPECT_EQ((*(got.begin() + 1)).convertToFloat(), 2.5f);
  EXPECT_EQ((*(got.begin() + 2)).convertToFloat(), 4.5f);
  EXPECT_EQ((*(got.begin() + 3)).convertToFloat(), 5.5f);
}
