//===- TiledMatmul.h - A large matrix over several crossbars ----*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Maps a K x N weight matrix onto crossbar-sized tiles, one whole crossbar
// per tile on consecutive cores, and computes Y = X W as analog MVMs per tile
// plus digital accumulation of the partial sums over row blocks (charged as
// digital additions). Used by the benchmark, the tests and host code that does
// not go through the compiler.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_EXECUTOR_TILEDMATMUL_H
#define AIMC_EXECUTOR_TILEDMATMUL_H

#include "aimc/Executor/Executor.h"

#include <vector>

namespace aimc {
namespace exec {

struct MappedMatrix {
  struct Part {
    int64_t tileId, rowBegin, colBegin, rows, cols;
  };
  int64_t rows = 0, cols = 0;
  std::vector<Part> parts; // column block major, then row block
};

/// Programs W (K x N, row-major view) as tiles firstTileId, firstTileId+1...
/// on cores firstCore, firstCore+1, ... at offset (0, 0).
Status mapMatrix(Executor &chip, const ConstView2D &weights,
                 int64_t firstTileId, int64_t firstCore, MappedMatrix &out);

/// Calibrates every tile of `m` with the matching columns of x (B x K).
Status calibrateMatrix(Executor &chip, const MappedMatrix &m,
                       const ConstView2D &x);

/// y (B x N) = x (B x K) W on the tiles of `m`. Deterministic whatever the
/// thread count: each output column block accumulates its row blocks in order.
Status matmul(Executor &chip, const MappedMatrix &m, const ConstView2D &x,
              const View2D &y, int64_t threads = 0);

} // namespace exec
} // namespace aimc

#endif // AIMC_EXECUTOR_TILEDMATMUL_H
