//===- VectorizeMatvecTest.cpp - Bits of the vectorised readout -----------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// aimc-vectorize-matvec turns a one-column linalg.matmul into 16x16
// transposed vector tiles. These tests run the compiled product and compare
// every output bit for bit with the loop order of linalg.matmul: per row,
// acc = acc + a[i][k] * w[k] (separate roundings), k ascending.
//
//===----------------------------------------------------------------------===//

#include "aimc/Runner/RunSession.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>

using namespace aimc;

namespace {

/// y = A w + y0 for A of `rows` x `cols`, as a model (a tensor-level matmul
/// with an initial value).
std::string model(int64_t rows, int64_t cols) {
  std::string a =
      "tensor<" + std::to_string(rows) + "x" + std::to_string(cols) + "xf32>";
  std::string w = "tensor<" + std::to_string(cols) + "x1xf32>";
  std::string y = "tensor<" + std::to_string(rows) + "x1xf32>";
  return "func.func @matvec(%a: " + a + ", %w: " + w + ", %y0: " + y + ") -> " +
         y + " {\n  %y = linalg.matmul ins(%a, %w : " + a + ", " + w +
         ") outs(%y0 : " + y + ") -> " + y + "\n  return %y : " + y + "\n}\n";
}

float uniform(uint64_t &state) {
  state = state * 6364136223846793005ull + 1442695040888963407ull;
  return static_cast<float>(static_cast<double>(state >> 11) * 0x1p-53 * 2.0 -
                            1.0);
}

void checkBits(int64_t rows, int64_t cols) {
  RunOptions options;
  options.chip = "ideal";
  auto session =
      RunSession::createFromSource(model(rows, cols), options, "matvec.mlir");
  ASSERT_TRUE(static_cast<bool>(session))
      << llvm::toString(session.takeError());
  uint64_t state = 0x853c49e6748fea9bull + rows * 131 + cols;
  std::vector<float> a(rows * cols), w(cols), y0(rows);
  // Mixed magnitudes, so that the order of the additions shows in the bits.
  for (float &v : a)
    v = uniform(state) * (uniform(state) > 0 ? 1e4f : 1e-3f);
  for (float &v : w)
    v = uniform(state);
  for (float &v : y0)
    v = uniform(state) * 100.0f;
  auto y =
      (*session)->run("matvec", {NpyArray::fromValues<float>({rows, cols}, a),
                                 NpyArray::fromValues<float>({cols, 1}, w),
                                 NpyArray::fromValues<float>({rows, 1}, y0)});
  ASSERT_TRUE(static_cast<bool>(y)) << llvm::toString(y.takeError());
  std::vector<float> got = (*y)[0].values<float>();
  ASSERT_EQ(got.size(), static_cast<size_t>(rows));
  int64_t differ = 0;
  for (int64_t i = 0; i < rows; ++i) {
    volatile float acc = y0[i];
    for (int64_t k = 0; k < cols; ++k) {
      volatile float product = a[i * cols + k] * w[k];
      acc = acc + product;
    }
    float expected = acc;
    differ += std::memcmp(&expected, &got[i], sizeof(float)) != 0;
  }
  EXPECT_EQ(differ, 0) << rows << " x " << cols;
}

TEST(VectorizeMatvec, SameBitsAsTheLoopsOfMatmul) {
  checkBits(256, 1014); // letter's readout: 63 tiles and 6 columns
  checkBits(32, 16);    // one tile, no rest
  checkBits(48, 37);    // two tiles and 5 columns
}

TEST(VectorizeMatvec, ShapesLeftToTheLoopsToo) {
  checkBits(20, 40); // rows not a multiple of 16
  checkBits(32, 7);  // fewer than 16 columns
}

} // namespace
