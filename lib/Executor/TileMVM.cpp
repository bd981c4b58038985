//===- TileMVM.cpp - The analog MVM hot path ------------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// One MVM batch is processed in blocks of 64 to 256 input vectors (blocks
// run in parallel on config.numThreads threads: the caller and the chip's
// persistent workers, aimc::WorkerPool):
//   DAC      x_q = round(clamp(x / r_in, -1, 1) L) / L
//            (input_scaling = per_vector: r_b = max_k |x_bk| per vector,
//            outputs times r_b / r_in before the digital step)
//   crossbar y = x_q W_eff   (OpenBLAS sgemm; on the integer path 16-bit
//                             integer operands where they fit, IntegerGemm.h)
//            (ir_drop, polarity_asymmetry: arrayEffectsRow after it;
//            ir_drop_time_resolved: W_eff attenuated, + colOffset)
//   read     y += sqrt(v) z,  v = sum_k x_q^2 sigma^2  (exact: second sgemm)
//                             v = ||x_q||^2 mean_k sigma^2 (column mean)
//   output   y += output_noise z'   (output_noise > 0; own stream)
//   ADC      y_adc = Q_out(g_j y + o_j LSB)
//            (adc_nonlinearity > 0: y / (1 + n_j |y|) first)
//   digital  out = (a_j alpha y_adc + b_j) r_in s_j
//
// Determinism (docs/Executor.md): OpenBLAS picks micro-kernels and edge
// handling from the matrix shape and the CPU, so in floating point one row's
// result can change with the number of rows in a call. Two paths avoid that:
//  - exact-integer crossbar (DAC on): integer DAC levels times integer
//    weights m_kj (CrossbarState::wInt); every partial sum is an integer below
//    2^24, exact in any order, so one sgemm per block of any shape gives
//    identical bits; the result is scaled by q_j / L afterwards;
//  - otherwise every sgemm call has one shape, config.gemmRowQuantum rows
//    (zero-padded), aligned to the tile's global row index, so a row is
//    always computed at the same position of an identically shaped call.
// Read-noise normal z for row b and column j is draw (firstRow + b) * N + j
// of the path's stream. sgemm always runs single-threaded inside a block.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"
#include "NonIdealities.h"

#include "aimc/Executor/Converters.h"
#include "aimc/Executor/FastNormal.h"
#include "aimc/Executor/Tile.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>

using namespace aimc;
using namespace aimc::exec;

namespace {
/// Rows per unit of work: on the floating-point path kMinBlockRows rounded up
/// to a multiple of the row quantum; on the integer path, whose sgemm calls
/// may have any shape, as many as give every thread a block, between
/// kMinBlockRows and kMaxIntegerBlockRows (larger blocks: fewer calls, fewer
/// repacks of the weights).
constexpr int64_t kMinBlockRows = 64;
constexpr int64_t kMaxIntegerBlockRows = 256;
/// Below this much work a batch runs on one thread, in multiply-accumulates
/// plus kOutputMACs per output: an output's read-noise normal, ADC and
/// digital corrections cost about as much as 128 sgemm multiply-accumulates
/// (1.3 ns of the normal and 0.5 ns of the ADC against 5 ns for K = 256, see
/// docs/results/performance.md), so a tile with few rows (RFF of letter:
/// K = 16, 256 x 256 outputs per call) is split across threads too.
constexpr int64_t kParallelMACs = int64_t(1) << 21;
constexpr int64_t kOutputMACs = 128;

void sgemm(int64_t M, int64_t N, int64_t K, const float *a, const float *b,
           float *c) {
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, N, K, 1.0f, a, K, b,
              N, 0.0f, c, N);
}
} // namespace

void Tile::runBlock(const ReadPath &path, const ConstView2D &x, int64_t b0,
                    int64_t nb, const View2D &y, bool raw,
                    std::vector<float> &scratch) const {
  const CrossbarState &st = *path.state;
  const int64_t K = rows(), N = cols();
  const bool integer = st.integer;
  const int64_t quantum = config.gemmRowQuantum;
  // Row b0 + r of this call sits at row pad + r of the buffers; M rows are
  // multiplied (quantum-aligned padding on the floating-point path).
  const int64_t pad =
      integer ? 0 : static_cast<int64_t>((path.firstRow + b0) % quantum);
  const int64_t M = integer ? nb : (pad + nb + quantum - 1) / quantum * quantum;
  const bool noisy = st.noisy;
  const bool exact = noisy && config.readNoiseMode == ReadNoiseMode::Exact;
  // Switchable non-idealities (NonIdealities.h): per-vector DAC ranges.
  const bool perVector = config.chip.inputScaling == InputScaling::PerVector;
  // Switchable non-idealities: additive output noise.
  const float outNoise = static_cast<float>(config.chip.outputNoise);
  const bool outputNoisy = outNoise > 0;
  size_t need = M * K + M * N + M + (noisy ? nb * N : 0) +
                (exact ? M * K + M * N : 0) + (perVector ? nb : 0) +
                (outputNoisy ? nb * N : 0);
  if (scratch.size() < need)
    scratch.resize(need);
  float *xq = scratch.data();
  float *yb = xq + M * K;
  float *rowNorm2 = yb + M * N;
  float *normals = rowNorm2 + M;
  float *x2 = normals + (noisy ? nb * N : 0);
  float *vb = x2 + M * K;
  // r_b / r_in per vector (perVector), after the buffers counted in `need`.
  float *rangeRatio =
      normals + (noisy ? nb * N : 0) + (exact ? M * K + M * N : 0);
  // output_noise's normals, after rangeRatio.
  float *outNormals = rangeRatio + (perVector ? nb : 0);
  std::fill(xq, xq + pad * K, 0.0f);
  std::fill(xq + (pad + nb) * K, xq + M * K, 0.0f);

  // DAC: normalised values, or integer levels on the integer path.
  const float inRange = dac.range;
  const float levels = static_cast<float>(dac.maxLevel);
  const float step = integer ? 1.0f : 1.0f / levels;
  for (int64_t r = 0; r < nb; ++r) {
    const float *src = x.data + (b0 + r) * x.s0;
    float range = inRange;
    if (perVector) {
      range = nonideal::perVectorInputRange(src, x.s1, K, inRange);
      rangeRatio[r] = range / inRange;
    }
    float n2 = kernels::dacRow(src, x.s1, K, range, dac.enabled, levels, step,
                               noisy && !exact, xq + (pad + r) * K);
    rowNorm2[r] = n2; // in squared DAC levels on the integer path
  }

  // Crossbar.
  if (integer) {
    // Exact integer sums; the scale q_j / L is applied with the ADC below.
    // 16-bit operands where they fit (IntegerGemm.h), else sgemm: the same
    // bits.
    thread_local std::vector<int16_t> int16Scratch;
    if (!st.wInt16.empty())
      int16Gemm(M, xq, st.wInt16, yb, int16Scratch);
    else
      sgemm(M, N, K, xq, st.wInt.data(), yb);
  } else {
    for (int64_t i = 0; i < M; i += quantum)
      sgemm(quantum, N, K, xq + i * K, st.w.data(), yb + i * N);
  }

  // Switchable non-idealities (NonIdealities.h): polarity-dependent read
  // and IR drop (floating-point crossbar only: integerWeightLevels()).
  const double steadyIRDrop = nonideal::steadyStateIRDrop(
      config.chip.irDrop, config.chip.irDropTimeResolved);
  if (nonideal::hasArrayEffects(steadyIRDrop, config.chip.polarityAsymmetry,
                                config.chip.polarityAsymmetryStd)) {
    std::vector<float> tmp(2 * N);
    for (int64_t r = 0; r < nb; ++r)
      nonideal::arrayEffectsRow(xq + (pad + r) * K, st.w.data(),
                                st.wNeg.empty() ? nullptr : st.wNeg.data(), K,
                                N, static_cast<float>(steadyIRDrop),
                                static_cast<float>(config.chip.irDropGRatio),
                                yb + (pad + r) * N, tmp.data());
  }
  // Time-resolved IR drop: the read-voltage offset of each column.
  if (!st.colOffset.empty())
    for (int64_t r = 0; r < nb; ++r) {
      float *yr = yb + (pad + r) * N;
      for (int64_t j = 0; j < N; ++j)
        yr[j] += st.colOffset[j];
    }

  // ADC and digital post-processing parameters.
  const float outRange = adc.range;
  const float outLevels = static_cast<float>(adc.maxLevel);
  const float lsb = outRange / outLevels;
  const float *gain = adcGain.data();
  const float *offset = adcOffset.data();
  const float *scale = outScale.data();
  const float *bias = outBias.data();
  const float *pre = integer ? st.wIntPre.data() : nullptr;

  // Read noise: the normals of the whole block (one bulk draw).
  if (noisy)
    fillNormalFast(path.noise, normals, nb * N,
                   (path.firstRow + static_cast<uint64_t>(b0)) * N);

  // The common case (integer crossbar, column-mean read noise, quantising
  // ADC, corrected contiguous output): read noise, ADC and the digital
  // corrections in one pass over each row while it is in cache.
  // The switchable non-idealities (S-shaped ADC, per-vector input ranges,
  // output noise) take the general path below.
  if (noisy && integer && !exact && adc.enabled && !raw && y.s1 == 1 &&
      adcNonlin.empty() && !perVector && !outputNoisy) {
    for (int64_t r = 0; r < nb; ++r)
      kernels::noiseAdcRow(yb + (pad + r) * N, st.varColMeanInt.data(),
                           rowNorm2[r], normals + r * N, pre, gain, offset, lsb,
                           outRange, outLevels, scale, bias,
                           y.data + (b0 + r) * y.s0, N);
    return;
  }

  if (noisy) {
    if (exact) {
      for (int64_t i = 0; i < M * K; ++i)
        x2[i] = xq[i] * xq[i];
      for (int64_t i = 0; i < M; i += quantum)
        sgemm(quantum, N, K, x2 + i * K, st.var.data(), vb + i * N);
    }
    const float *colVar = st.varColMean.data();
    for (int64_t r = 0; r < nb; ++r) {
      float *yr = yb + (pad + r) * N;
      const float *zr = normals + r * N;
      if (exact) {
        const float *vr = vb + (pad + r) * N;
        for (int64_t j = 0; j < N; ++j)
          yr[j] += std::sqrt(std::max(vr[j], 0.0f)) * zr[j];
      } else {
        // On the integer path y is still in units of L / q_j.
        kernels::addNoiseRow(yr, integer ? st.varColMeanInt.data() : colVar,
                             rowNorm2[r], zr, N);
      }
    }
  }

  // Switchable non-idealities (NonIdealities.h): additive output noise,
  // from its own stream (the read noise's draws are unchanged).
  if (outputNoisy) {
    fillNormalFast(nonideal::outputNoiseStream(path.noise), outNormals, nb * N,
                   (path.firstRow + static_cast<uint64_t>(b0)) * N);
    for (int64_t r = 0; r < nb; ++r)
      nonideal::outputNoiseRow(yb + (pad + r) * N, pre, outNormals + r * N,
                               outNoise, N);
    pre = nullptr; // now in normalised units
  }

  // ADC and digital post-processing.
  // Switchable non-idealities (NonIdealities.h): S-shaped ADC input.
  if (!adcNonlin.empty()) {
    for (int64_t r = 0; r < nb; ++r)
      nonideal::adcNonlinearityRow(yb + (pad + r) * N, pre, adcNonlin.data(),
                                   outRange, N);
    pre = nullptr; // now in normalised units
  }
  for (int64_t r = 0; r < nb; ++r) {
    float *dst = y.data + (b0 + r) * y.s0;
    kernels::adcRow(yb + (pad + r) * N, pre, gain, offset, lsb, adc.enabled,
                    outRange, outLevels, raw || perVector, scale, bias, dst,
                    y.s1, N);
    if (perVector)
      nonideal::rescaleRow(rangeRatio[r], raw, scale, bias, dst, y.s1, N);
  }
}

void Tile::runRows(const ReadPath &path, const ConstView2D &x, const View2D &y,
                   bool raw, int64_t threads) const {
  kernels::ensureSingleThreadedBLAS();
  const int64_t B = x.rows;
  const int64_t quantum = config.gemmRowQuantum;
  if (B * cols() * (rows() + kOutputMACs) < kParallelMACs)
    threads = 1;
  threads = std::max<int64_t>(1, threads);
  int64_t blockRows = (kMinBlockRows + quantum - 1) / quantum * quantum;
  if (path.state->integer) {
    int64_t perThread = (B + threads - 1) / threads;
    blockRows = std::clamp<int64_t>((perThread + kMinBlockRows - 1) /
                                        kMinBlockRows * kMinBlockRows,
                                    kMinBlockRows, kMaxIntegerBlockRows);
  }
  // Blocks of blockRows rows aligned to the global row index.
  const int64_t lead = static_cast<int64_t>(path.firstRow % blockRows);
  const int64_t blocks = (lead + B + blockRows - 1) / blockRows;
  threads = std::min(threads, pool ? blocks : int64_t(1));
  auto work = [&](int64_t first) {
    // Reused across calls by the calling thread and the pool's persistent
    // workers (no allocation per MVM).
    thread_local std::vector<float> scratch;
    for (int64_t blk = first; blk < blocks; blk += threads) {
      int64_t b0 = std::max<int64_t>(blk * blockRows - lead, 0);
      int64_t b1 = std::min<int64_t>((blk + 1) * blockRows - lead, B);
      runBlock(path, x, b0, b1 - b0, y, raw, scratch);
    }
  };
  if (threads == 1) {
    work(0);
    return;
  }
  pool->run(threads, work);
}

void Tile::mvm(const ConstView2D &x, const View2D &y, int64_t threads) {
  runRows({&state, stream(StreamPurpose::ReadNoise), rowCounter}, x, y,
          /*raw=*/false, threads);
  rowCounter += static_cast<uint64_t>(x.rows);
  MVMCharge charge =
      chargeMVMs(config.chip, config.mode, rows(), cols(), x.rows);
  stats.mvms += x.rows;
  stats.operations += charge.ops;
  stats.energyJ += charge.energyJ;
  stats.latencyS += charge.timeS;
}
