//===- TiledMatmul.cpp - A large matrix over several crossbars ------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Executor/TiledMatmul.h"

#include <algorithm>
#include <atomic>

using namespace aimc;
using namespace aimc::exec;

Status aimc::exec::mapMatrix(Executor &chip, const ConstView2D &w,
                             int64_t firstTileId, int64_t firstCore,
                             MappedMatrix &out) {
  const ChipModel &model = chip.getConfig().chip;
  out = MappedMatrix();
  out.rows = w.rows;
  out.cols = w.cols;
  int64_t tile = firstTileId, core = firstCore;
  for (int64_t c0 = 0; c0 < w.cols; c0 += model.crossbarCols) {
    for (int64_t r0 = 0; r0 < w.rows; r0 += model.crossbarRows) {
      int64_t r = std::min(model.crossbarRows, w.rows - r0);
      int64_t c = std::min(model.crossbarCols, w.cols - c0);
      ConstView2D block{w.data + r0 * w.s0 + c0 * w.s1, r, c, w.s0, w.s1};
      if (Status s = chip.programTile(tile, core, 0, 0, block); !s)
        return s;
      out.parts.push_back({tile, r0, c0, r, c});
      ++tile;
      ++core;
    }
  }
  return Status();
}

Status aimc::exec::calibrateMatrix(Executor &chip, const MappedMatrix &m,
                                   const ConstView2D &x) {
  for (const MappedMatrix::Part &p : m.parts) {
    ConstView2D slice{x.data + p.rowBegin * x.s1, x.rows, p.rows, x.s0, x.s1};
    if (Status s = chip.calibrateTile(p.tileId, slice); !s)
      return s;
  }
  return Status();
}

Status aimc::exec::matmul(Executor &chip, const MappedMatrix &m,
                          const ConstView2D &x, const View2D &y,
                          int64_t threads) {
  if (x.cols != m.rows || y.cols != m.cols || y.rows != x.rows)
    return Status::error("tiled matmul: shape mismatch");
  if (threads < 1)
    threads = chip.getConfig().numThreads;
  // Column blocks, each a run of parts with the same colBegin.
  std::vector<std::pair<size_t, size_t>> colBlocks;
  for (size_t i = 0; i < m.parts.size();) {
    size_t j = i;
    while (j < m.parts.size() && m.parts[j].colBegin == m.parts[i].colBegin)
      ++j;
    colBlocks.push_back({i, j});
    i = j;
  }
  const int64_t B = x.rows;
  if (colBlocks.empty() || B == 0)
    return Status();
  int64_t outer = std::min<int64_t>(threads, colBlocks.size());
  int64_t inner = outer > 1 ? 1 : threads;
  std::atomic<bool> failed{false};
  std::vector<Status> errors(outer);
  auto work = [&](int64_t t) {
    // Reused across calls by the caller and the chip's persistent workers.
    thread_local std::vector<float> partial;
    for (size_t cb = t; cb < colBlocks.size(); cb += outer) {
      for (size_t i = colBlocks[cb].first; i < colBlocks[cb].second && !failed;
           ++i) {
        const MappedMatrix::Part &p = m.parts[i];
        ConstView2D xs{x.data + p.rowBegin * x.s1, B, p.rows, x.s0, x.s1};
        bool first = i == colBlocks[cb].first;
        View2D dst{y.data + p.colBegin * y.s1, B, p.cols, y.s0, y.s1};
        if (!first) {
          if (partial.size() < static_cast<size_t>(B * p.cols))
            partial.resize(B * p.cols);
          dst = View2D{partial.data(), B, p.cols, p.cols, 1};
        }
        if (Status s = chip.mvm(p.tileId, xs, dst, inner); !s) {
          errors[t] = s;
          failed = true;
          return;
        }
        if (!first)
          for (int64_t b = 0; b < B; ++b) {
            float *dst = &y.at(b, p.colBegin);
            const float *src = partial.data() + b * p.cols;
            if (y.s1 == 1) {
              for (int64_t j = 0; j < p.cols; ++j)
                dst[j] += src[j];
            } else {
              for (int64_t j = 0; j < p.cols; ++j)
                dst[j * y.s1] += src[j];
            }
          }
      }
      size_t blocks = colBlocks[cb].second - colBlocks[cb].first;
      (void)chip.countDigital(static_cast<int64_t>(DigitalOpKind::Add),
                              static_cast<double>(B) *
                                  m.parts[colBlocks[cb].first].cols *
                                  (blocks - 1));
    }
  };
  chip.getWorkerPool().run(outer, work);
  for (Status &s : errors)
    if (!s)
      return s;
  return Status();
}
