//===- TileNumericsTest.cpp - aimc-tile preserves x * W exactly -----------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Builds y = x * W with a random W as `aimc.matmul`, runs aimc-tile (and
// aimc-place) and evaluates the tiled IR with ideal (noise-free, infinite
// resolution) MVMs. The result must equal the untiled product up to the
// rounding of a different summation order: tiling is exact.
//
//===----------------------------------------------------------------------===//

#include "aimc/Dialect/AIMC/IR/AIMCOps.h"
#include "aimc/Dialect/AIMC/Transforms/Passes.h"
#include "aimc/Support/CounterRNG.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace aimc;

namespace {
/// A dense row-major matrix.
struct Matrix {
  int64_t rows = 0, cols = 0;
  std::vector<double> data;
  double &at(int64_t r, int64_t c) { return data[r * cols + c]; }
  double at(int64_t r, int64_t c) const { return data[r * cols + c]; }
};

Matrix product(const Matrix &x, const Matrix &w) {
  Matrix y{x.rows, w.cols, std::vector<double>(x.rows * w.cols, 0.0)};
  for (int64_t b = 0; b < x.rows; ++b)
    for (int64_t k = 0; k < x.cols; ++k)
      for (int64_t n = 0; n < w.cols; ++n)
        y.at(b, n) += x.at(b, k) * w.at(k, n);
  return y;
}

Matrix fromAttr(DenseElementsAttr attr) {
  auto type = cast<RankedTensorType>(attr.getType());
  Matrix m{type.getDimSize(0), type.getDimSize(1), {}};
  for (float v : attr.getValues<float>())
    m.data.push_back(v);
  return m;
}

/// Evaluates the single-block function produced by aimc-tile.
FailureOr<Matrix> evaluate(func::FuncOp func, const Matrix &input) {
  DenseMap<Value, Matrix> values;
  values[func.getArgument(0)] = input;
  for (Operation &op : func.getBody().front()) {
    if (auto c = dyn_cast<arith::ConstantOp>(op)) {
      if (auto dense = dyn_cast<DenseElementsAttr>(c.getValue()))
        values[c.getResult()] = fromAttr(dense);
    } else if (auto slice = dyn_cast<tensor::ExtractSliceOp>(op)) {
      const Matrix &src = values[slice.getSource()];
      ArrayRef<int64_t> off = slice.getStaticOffsets(),
                        size = slice.getStaticSizes();
      Matrix m{size[0], size[1], {}};
      for (int64_t r = 0; r < size[0]; ++r)
        for (int64_t c = 0; c < size[1]; ++c)
          m.data.push_back(src.at(off[0] + r, off[1] + c));
      values[slice.getResult()] = m;
    } else if (auto tile = dyn_cast<TileOp>(op)) {
      values[tile.getTile()] = values[tile.getWeights()];
    } else if (auto mvm = dyn_cast<MVMOp>(op)) {
      values[mvm.getResult()] =
          product(values[mvm.getInput()], values[mvm.getTile()]);
    } else if (auto acc = dyn_cast<AccumulateOp>(op)) {
      Matrix sum = values[acc.getPartials()[0]];
      for (Value partial : acc.getPartials().drop_front())
        for (size_t i = 0; i < sum.data.size(); ++i)
          sum.data[i] += values[partial].data[i];
      values[acc.getResult()] = sum;
    } else if (auto concat = dyn_cast<tensor::ConcatOp>(op)) {
      if (concat.getDim() != 1)
        return failure();
      Matrix m{input.rows, 0, {}};
      for (Value part : concat.getInputs())
        m.cols += values[part].cols;
      m.data.assign(m.rows * m.cols, 0.0);
      int64_t c0 = 0;
      for (Value part : concat.getInputs()) {
        const Matrix &p = values[part];
        for (int64_t r = 0; r < p.rows; ++r)
          for (int64_t c = 0; c < p.cols; ++c)
            m.at(r, c0 + c) = p.at(r, c);
        c0 += p.cols;
      }
      values[concat.getResult()] = m;
    } else if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      return values[ret.getOperand(0)];
    } else {
      ADD_FAILURE() << "unexpected op " << op.getName().getStringRef().str();
      return failure();
    }
  }
  return failure();
}

struct Case {
  int64_t batch, k, n, rows, cols;
};

void checkTilingIsExact(const Case &c, uint64_t seed) {
  MLIRContext context;
  context.loadDialect<AIMCDialect, arith::ArithDialect, func::FuncDialect,
                      tensor::TensorDialect>();
  OpBuilder b(&context);
  Location loc = b.getUnknownLoc();
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  ChipModel chip = ChipModel::hermes();
  chip.name = "test";
  chip.crossbarRows = c.rows;
  chip.crossbarCols = c.cols;
  chip.numCores = 1024;
  (*module)->setAttr(AIMCDialect::kChipAttrName, ChipAttr::get(&context, chip));

  Type f32 = b.getF32Type();
  auto xType = RankedTensorType::get({c.batch, c.k}, f32);
  auto wType = RankedTensorType::get({c.k, c.n}, f32);
  auto yType = RankedTensorType::get({c.batch, c.n}, f32);
  b.setInsertionPointToEnd(module->getBody());
  auto func =
      func::FuncOp::create(b, loc, "f", b.getFunctionType({xType}, {yType}));
  Block *body = func.addEntryBlock();
  b.setInsertionPointToEnd(body);
  std::vector<float> weights(c.k * c.n);
  CounterRNG(seed, 0).fillNormal(weights.data(), weights.size());
  auto wAttr = DenseElementsAttr::get(wType, ArrayRef<float>(weights));
  Value w = arith::ConstantOp::create(b, loc, wAttr);
  Value y =
      MatmulOp::create(b, loc, yType, func.getArgument(0), w, MVMConfigAttr());
  func::ReturnOp::create(b, loc, y);
  ASSERT_TRUE(succeeded(verify(*module)));

  Matrix x{c.batch, c.k, std::vector<double>(c.batch * c.k)};
  CounterRNG(seed, 1).fillNormal(x.data.data(), x.data.size());
  Matrix expected = product(x, fromAttr(wAttr));

  PassManager pm(&context);
  pm.addPass(createAIMCTile());
  pm.addPass(createAIMCPlace());
  ASSERT_TRUE(succeeded(pm.run(*module)));

  int64_t tiles = 0;
  module->walk([&](TileOp tile) {
    ++tiles;
    EXPECT_TRUE(tile.getPlacementAttr());
  });
  EXPECT_EQ(tiles,
            ((c.k + c.rows - 1) / c.rows) * ((c.n + c.cols - 1) / c.cols));

  FailureOr<Matrix> got = evaluate(func, x);
  ASSERT_TRUE(succeeded(got));
  ASSERT_EQ(got->rows, expected.rows);
  ASSERT_EQ(got->cols, expected.cols);
  double worst = 0;
  for (size_t i = 0; i < expected.data.size(); ++i)
    worst = std::max(worst, std::abs(got->data[i] - expected.data[i]));
  // Both sums are in double over K products of N(0,1) values: only the
  // summation order differs.
  EXPECT_LT(worst, 1e-10 * c.k) << "max |tiled - reference| = " << worst;
}
} // namespace

TEST(TileNumerics, RaggedHermesBlocks) {
  checkTilingIsExact({3, 300, 600, 256, 256}, 1);
}

TEST(TileNumerics, SmallOddCrossbars) {
  checkTilingIsExact({2, 23, 19, 5, 7}, 2);
  checkTilingIsExact({1, 7, 5, 7, 5}, 3);
  checkTilingIsExact({4, 1, 30, 3, 4}, 4);
}
