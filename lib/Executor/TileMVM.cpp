//===- TileMVM.cpp - The analog MVM hot path ------------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// One MVM batch is processed in blocks of at most kBlockRows input vectors:
//   DAC      x_q = round(clamp(x / r_in, -1, 1) L) / L
//   crossbar y = x_q W_eff                       (OpenBLAS sgemm)
//   read     y += sqrt(v) z,  v = sum_k x_q^2 sigma^2  (exact: second sgemm)
//                             v = ||x_q||^2 mean_k sigma^2 (column mean)
//   ADC      y_adc = Q_out(g_j y + o_j LSB)
//   digital  out = (a_j alpha y_adc + b_j) r_in s_j
//
// Determinism: OpenBLAS picks its micro-kernels and edge handling from the
// matrix shape (and the CPU), so one row's result can change with the number
// of rows in the call. Every sgemm call therefore has the same shape:
// kRowQuantum rows (zero-padded), single-threaded, and the quanta are aligned
// to the tile's global row index (firstRow + b), so row b of an MVM is always
// computed at the same position of an identically shaped call whatever the
// batch splitting and threading. Read-noise normal z for row b and column j
// is draw (firstRow + b) * N + j of the tile's read stream.
//
//===----------------------------------------------------------------------===//

#include "aimc/Executor/Converters.h"
#include "aimc/Executor/FastNormal.h"
#include "aimc/Executor/Tile.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <thread>

using namespace aimc;
using namespace aimc::exec;

namespace {
/// Rows per unit of work (a multiple of kRowQuantum).
constexpr int64_t kBlockRows = 64;
/// Rows of every sgemm call.
constexpr int64_t kRowQuantum = 4;
/// Below this many multiply-accumulates a batch runs on one thread.
constexpr int64_t kParallelMACs = int64_t(1) << 21;

void ensureSingleThreadedBLAS() {
  if (openblas_get_num_threads() != 1)
    openblas_set_num_threads(1);
}
} // namespace

void Tile::runBlock(const ReadPath &path, const ConstView2D &x, int64_t b0,
                    int64_t nb, const View2D &y, bool raw,
                    std::vector<float> &scratch) const {
  const int64_t K = rows(), N = cols();
  // Row b0 + r of this call sits at row pad + r of the quantum-aligned block.
  const int64_t pad = static_cast<int64_t>((path.firstRow + b0) % kRowQuantum);
  const int64_t M = (pad + nb + kRowQuantum - 1) / kRowQuantum * kRowQuantum;
  const bool noisy = path.var != nullptr;
  const bool exact = noisy && config.readNoiseMode == ReadNoiseMode::Exact;
  size_t need =
      M * K + M * N + M + (noisy ? nb * N : 0) + (exact ? M * K + M * N : 0);
  if (scratch.size() < need)
    scratch.resize(need);
  float *xq = scratch.data();
  float *yb = xq + M * K;
  float *rowNorm2 = yb + M * N;
  float *normals = rowNorm2 + M;
  float *x2 = normals + (noisy ? nb * N : 0);
  float *vb = x2 + M * K;
  std::fill(xq, xq + pad * K, 0.0f);
  std::fill(xq + (pad + nb) * K, xq + M * K, 0.0f);

  // DAC.
  const float inRange = dac.range;
  const float levels = static_cast<float>(dac.maxLevel);
  const float step = 1.0f / levels;
  for (int64_t r = 0; r < nb; ++r) {
    float *row = xq + (pad + r) * K;
    const float *src = x.data + (b0 + r) * x.s0;
    if (x.s1 == 1) {
      for (int64_t k = 0; k < K; ++k)
        row[k] = src[k] / inRange;
    } else {
      for (int64_t k = 0; k < K; ++k)
        row[k] = src[k * x.s1] / inRange;
    }
    if (dac.enabled)
      for (int64_t k = 0; k < K; ++k) {
        float s = row[k];
        s = s > 1.0f ? 1.0f : (s < -1.0f ? -1.0f : s);
        row[k] = roundHalfAway(s * levels) * step;
      }
    float n2 = 0;
    for (int64_t k = 0; k < K; ++k)
      n2 += row[k] * row[k];
    rowNorm2[r] = n2;
  }

  // Crossbar.
  for (int64_t i = 0; i < M; i += kRowQuantum)
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, kRowQuantum, N, K,
                1.0f, xq + i * K, K, path.w->data(), N, 0.0f, yb + i * N, N);

  // Read noise.
  if (noisy) {
    if (exact) {
      for (int64_t i = 0; i < M * K; ++i)
        x2[i] = xq[i] * xq[i];
      for (int64_t i = 0; i < M; i += kRowQuantum)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, kRowQuantum, N,
                    K, 1.0f, x2 + i * K, K, path.var->data(), N, 0.0f,
                    vb + i * N, N);
    }
    fillNormalFast(path.noise, normals, nb * N,
                   (path.firstRow + static_cast<uint64_t>(b0)) * N);
    const float *colVar = path.varColMean->data();
    for (int64_t r = 0; r < nb; ++r) {
      float *yr = yb + (pad + r) * N;
      const float *zr = normals + r * N;
      if (exact) {
        const float *vr = vb + (pad + r) * N;
        for (int64_t j = 0; j < N; ++j)
          yr[j] += std::sqrt(std::max(vr[j], 0.0f)) * zr[j];
      } else {
        const float n2 = rowNorm2[r];
        for (int64_t j = 0; j < N; ++j)
          yr[j] += std::sqrt(n2 * colVar[j]) * zr[j];
      }
    }
  }

  // ADC and digital post-processing.
  const float outRange = adc.range;
  const float outLevels = static_cast<float>(adc.maxLevel);
  const float lsb = outRange / outLevels;
  const float *gain = adcGain.data();
  const float *offset = adcOffset.data();
  const float *scale = outScale.data();
  const float *bias = outBias.data();
  for (int64_t r = 0; r < nb; ++r) {
    float *yr = yb + (pad + r) * N;
    for (int64_t j = 0; j < N; ++j)
      yr[j] = gain[j] * yr[j] + offset[j] * lsb;
    if (adc.enabled)
      for (int64_t j = 0; j < N; ++j) {
        float s = yr[j] / outRange;
        s = s > 1.0f ? 1.0f : (s < -1.0f ? -1.0f : s);
        yr[j] = roundHalfAway(s * outLevels) * lsb;
      }
    float *dst = y.data + (b0 + r) * y.s0;
    if (raw) {
      for (int64_t j = 0; j < N; ++j)
        dst[j * y.s1] = yr[j];
    } else if (y.s1 == 1) {
      for (int64_t j = 0; j < N; ++j)
        dst[j] = scale[j] * yr[j] + bias[j];
    } else {
      for (int64_t j = 0; j < N; ++j)
        dst[j * y.s1] = scale[j] * yr[j] + bias[j];
    }
  }
}

void Tile::runRows(const ReadPath &path, const ConstView2D &x, const View2D &y,
                   bool raw, int64_t threads) const {
  ensureSingleThreadedBLAS();
  const int64_t B = x.rows;
  // Blocks of kBlockRows rows aligned to the global row index.
  const int64_t lead = static_cast<int64_t>(path.firstRow % kBlockRows);
  const int64_t blocks = (lead + B + kBlockRows - 1) / kBlockRows;
  if (B * rows() * cols() < kParallelMACs)
    threads = 1;
  threads = std::max<int64_t>(1, std::min(threads, blocks));
  auto work = [&](int64_t first) {
    std::vector<float> scratch;
    for (int64_t blk = first; blk < blocks; blk += threads) {
      int64_t b0 = std::max<int64_t>(blk * kBlockRows - lead, 0);
      int64_t b1 = std::min<int64_t>((blk + 1) * kBlockRows - lead, B);
      runBlock(path, x, b0, b1 - b0, y, raw, scratch);
    }
  };
  if (threads == 1) {
    work(0);
    return;
  }
  std::vector<std::thread> pool;
  for (int64_t t = 1; t < threads; ++t)
    pool.emplace_back(work, t);
  work(0);
  for (std::thread &t : pool)
    t.join();
}

void Tile::mvm(const ConstView2D &x, const View2D &y, int64_t threads) {
  bool noisy = device.kind != NoiseModelKind::None && device.readNoiseScale > 0;
  ReadPath path{&weff, noisy ? &readVar : nullptr, &readVarColMean,
                stream(StreamPurpose::ReadNoise), rowCounter};
  runRows(path, x, y, /*raw=*/false, threads);
  rowCounter += static_cast<uint64_t>(x.rows);
  MVMCharge charge =
      chargeMVMs(config.chip, config.mode, rows(), cols(), x.rows);
  stats.mvms += x.rows;
  stats.ops += charge.ops;
  stats.energyJ += charge.energyJ;
  stats.busyTimeS += charge.timeS;
}
