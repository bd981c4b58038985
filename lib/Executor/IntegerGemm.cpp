//===- IntegerGemm.cpp - The exact-integer crossbar product ---------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// A register-blocked kernel: 6 rows x 64 columns of 32-bit sums (24 zmm
// registers) per step, the weight panel of 64 columns reused by every block
// of 6 rows. vpdpwssd is issued through inline assembly: GCC 12 spills the
// accumulators of the intrinsic's form to the stack on every step (a third
// of the speed).
//
//===----------------------------------------------------------------------===//

#include "aimc/Executor/IntegerGemm.h"

#include <algorithm>
#include <cstring>

using namespace aimc::exec;

#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
#define AIMC_HAVE_INT16_GEMM
#include <immintrin.h>
#endif

namespace {
/// Rows and 16-column vectors per register block.
constexpr int kBlockRows = 6;
constexpr int kBlockVectors = 4;
constexpr int64_t kBlockCols = 16 * kBlockVectors;
/// No partial sum may exceed 2^24 in magnitude (exact in single precision, as
/// sgemm's) and the operands within 16 bits.
constexpr int64_t kExactSumBound = int64_t(1) << 24;
constexpr int64_t kInt16Max = 32767;

int64_t paddedCols(int64_t N) { return (N + 15) / 16 * 16; }
int64_t rowPairs(int64_t K) { return (K + 1) / 2; }
/// Where m_kj sits in the packed layout of a crossbar with Np padded
/// columns (IntegerGemm.h).
int64_t packedIndex(int64_t k, int64_t j, int64_t Np) {
  return (k / 2) * 2 * Np + 2 * j + k % 2;
}
} // namespace

#ifdef AIMC_HAVE_INT16_GEMM
namespace {
#define AIMC_VNNI_TARGET __attribute__((target("avx512f,avx512bw,avx512vnni")))
#define AIMC_VNNI_INLINE AIMC_VNNI_TARGET __attribute__((always_inline)) inline

/// acc += the pairwise products of a and b (vpdpwssd, no saturation).
AIMC_VNNI_INLINE void dotPairs(__m512i &acc, __m512i a, __m512i b) {
  asm("vpdpwssd %2, %1, %0" : "+v"(acc) : "v"(a), "v"(b));
}

/// The pair (x[0], x[1]) in every 32-bit lane.
AIMC_VNNI_INLINE __m512i broadcastPair(const int16_t *x) {
  int32_t pair;
  std::memcpy(&pair, x, sizeof(pair));
  return _mm512_set1_epi32(pair);
}

/// Stores the first `count` (at most 16) sums as floats (exact: at most 2^24 in
/// magnitude).
AIMC_VNNI_INLINE void storeSums(float *y, __m512i sums, int64_t count) {
  // (The zero-masked form: GCC 12 warns about the undefined pass-through
  // of _mm512_cvtepi32_ps.)
  __m512 f = _mm512_maskz_cvtepi32_ps(static_cast<__mmask16>(0xFFFF), sums);
  if (count >= 16)
    _mm512_storeu_ps(y, f);
  else if (count > 0)
    _mm512_mask_storeu_ps(y, static_cast<__mmask16>((1u << count) - 1), f);
}

// The accumulators of one block as named variables (an array of __m512i is
// not kept in registers by GCC 12).
#define AIMC_DECLARE_ROW(r)                                                    \
  __m512i acc##r##0 = zero, acc##r##1 = zero, acc##r##2 = zero,                \
          acc##r##3 = zero;
#define AIMC_STEP_ROW(r)                                                       \
  if constexpr (Rows > r) {                                                    \
    __m512i xr = broadcastPair(x + r * ldx + 2 * p);                           \
    dotPairs(acc##r##0, xr, w0);                                               \
    if constexpr (Vectors > 1)                                                 \
      dotPairs(acc##r##1, xr, w1);                                             \
    if constexpr (Vectors > 2)                                                 \
      dotPairs(acc##r##2, xr, w2);                                             \
    if constexpr (Vectors > 3)                                                 \
      dotPairs(acc##r##3, xr, w3);                                             \
  }
#define AIMC_STORE_ROW(r)                                                      \
  if constexpr (Rows > r) {                                                    \
    storeSums(y + r * ldy, acc##r##0, cols);                                   \
    if constexpr (Vectors > 1)                                                 \
      storeSums(y + r * ldy + 16, acc##r##1, cols - 16);                       \
    if constexpr (Vectors > 2)                                                 \
      storeSums(y + r * ldy + 32, acc##r##2, cols - 32);                       \
    if constexpr (Vectors > 3)                                                 \
      storeSums(y + r * ldy + 48, acc##r##3, cols - 48);                       \
  }

/// y[0..Rows) x [0..cols) = x[0..Rows) m for one panel of at most
/// 16 Vectors columns (cols of them are stored).
template <int Rows, int Vectors>
AIMC_VNNI_TARGET void block(const int16_t *x, int64_t ldx, const int16_t *w,
                            int64_t ldw, int64_t pairs, float *y, int64_t ldy,
                            int64_t cols) {
  static_assert(Rows <= kBlockRows && Vectors <= kBlockVectors);
  const __m512i zero = _mm512_setzero_si512();
  AIMC_DECLARE_ROW(0)
  AIMC_DECLARE_ROW(1)
  AIMC_DECLARE_ROW(2)
  AIMC_DECLARE_ROW(3)
  AIMC_DECLARE_ROW(4)
  AIMC_DECLARE_ROW(5)
  for (int64_t p = 0; p < pairs; ++p) {
    const int16_t *wp = w + p * ldw;
    __m512i w0 = _mm512_loadu_si512(wp), w1 = zero, w2 = zero, w3 = zero;
    if constexpr (Vectors > 1)
      w1 = _mm512_loadu_si512(wp + 32);
    if constexpr (Vectors > 2)
      w2 = _mm512_loadu_si512(wp + 64);
    if constexpr (Vectors > 3)
      w3 = _mm512_loadu_si512(wp + 96);
    AIMC_STEP_ROW(0)
    AIMC_STEP_ROW(1)
    AIMC_STEP_ROW(2)
    AIMC_STEP_ROW(3)
    AIMC_STEP_ROW(4)
    AIMC_STEP_ROW(5)
  }
  AIMC_STORE_ROW(0)
  AIMC_STORE_ROW(1)
  AIMC_STORE_ROW(2)
  AIMC_STORE_ROW(3)
  AIMC_STORE_ROW(4)
  AIMC_STORE_ROW(5)
}
#undef AIMC_DECLARE_ROW
#undef AIMC_STEP_ROW
#undef AIMC_STORE_ROW

/// Every row of one panel: blocks of kBlockRows, then the remaining rows.
template <int Vectors>
AIMC_VNNI_TARGET void panel(int64_t M, const int16_t *x, int64_t ldx,
                            const int16_t *w, int64_t ldw, int64_t pairs,
                            float *y, int64_t ldy, int64_t cols) {
  int64_t i = 0;
  for (; i + kBlockRows <= M; i += kBlockRows)
    block<kBlockRows, Vectors>(x + i * ldx, ldx, w, ldw, pairs, y + i * ldy,
                               ldy, cols);
  const int16_t *xi = x + i * ldx;
  float *yi = y + i * ldy;
  switch (M - i) {
  case 1:
    return block<1, Vectors>(xi, ldx, w, ldw, pairs, yi, ldy, cols);
  case 2:
    return block<2, Vectors>(xi, ldx, w, ldw, pairs, yi, ldy, cols);
  case 3:
    return block<3, Vectors>(xi, ldx, w, ldw, pairs, yi, ldy, cols);
  case 4:
    return block<4, Vectors>(xi, ldx, w, ldw, pairs, yi, ldy, cols);
  case 5:
    return block<5, Vectors>(xi, ldx, w, ldw, pairs, yi, ldy, cols);
  default:
    return;
  }
}
} // namespace
#endif // AIMC_HAVE_INT16_GEMM

bool aimc::exec::int16GemmAvailable() {
#ifdef AIMC_HAVE_INT16_GEMM
  static const bool available = __builtin_cpu_supports("avx512f") &&
                                __builtin_cpu_supports("avx512bw") &&
                                __builtin_cpu_supports("avx512vnni");
  return available;
#else
  return false;
#endif
}

bool aimc::exec::int16GemmApplies(int64_t K, int64_t N, int64_t maxInput,
                                  int64_t maxWeight) {
  if (!int16GemmAvailable() || K < 1 || N < kMinInt16GemmCols || maxInput < 0 ||
      maxWeight < 0 || maxInput > kInt16Max || maxWeight > kInt16Max)
    return false;
  // K * maxInput * maxWeight <= 2^24, without overflow.
  return maxInput == 0 || maxWeight == 0 ||
         K <= kExactSumBound / maxInput / maxWeight;
}

Int16Weights aimc::exec::packInt16Weights(const float *m, int64_t K,
                                          int64_t N) {
  Int16Weights w;
  w.rows = K;
  w.cols = N;
  const int64_t Np = paddedCols(N);
  w.packed.assign(static_cast<size_t>(rowPairs(K) * 2 * Np), 0);
  for (int64_t k = 0; k < K; ++k)
    for (int64_t j = 0; j < N; ++j)
      w.packed[packedIndex(k, j, Np)] = static_cast<int16_t>(m[k * N + j]);
  return w;
}

namespace {
/// The same exact sums in scalar code, for CPUs without the kernel.
void int16GemmPortable(int64_t M, const float *x, const Int16Weights &w,
                       float *y) {
  const int64_t K = w.rows, N = w.cols, Np = paddedCols(N);
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j) {
      int64_t sum = 0;
      for (int64_t k = 0; k < K; ++k)
        sum += static_cast<int64_t>(x[i * K + k]) *
               w.packed[packedIndex(k, j, Np)];
      y[i * N + j] = static_cast<float>(sum);
    }
}
} // namespace

void aimc::exec::int16Gemm(int64_t M, const float *x, const Int16Weights &w,
                           float *y, std::vector<int16_t> &scratch) {
  if (!int16GemmAvailable())
    return int16GemmPortable(M, x, w, y);
#ifdef AIMC_HAVE_INT16_GEMM
  const int64_t K = w.rows, N = w.cols, pairs = rowPairs(K);
  const int64_t ldx = 2 * pairs, ldw = 2 * paddedCols(N);
  if (scratch.size() < static_cast<size_t>(M * ldx))
    scratch.resize(M * ldx);
  int16_t *xs = scratch.data();
  for (int64_t i = 0; i < M; ++i) {
    for (int64_t k = 0; k < K; ++k)
      xs[i * ldx + k] = static_cast<int16_t>(x[i * K + k]);
    if (K % 2)
      xs[i * ldx + K] = 0;
  }
  for (int64_t j = 0; j < N; j += kBlockCols) {
    const int64_t cols = std::min(kBlockCols, N - j);
    const int16_t *wj = w.packed.data() + 2 * j;
    switch ((cols + 15) / 16) {
    case 4:
      panel<4>(M, xs, ldx, wj, ldw, pairs, y + j, N, cols);
      break;
    case 3:
      panel<3>(M, xs, ldx, wj, ldw, pairs, y + j, N, cols);
      break;
    case 2:
      panel<2>(M, xs, ldx, wj, ldw, pairs, y + j, N, cols);
      break;
    default:
      panel<1>(M, xs, ldx, wj, ldw, pairs, y + j, N, cols);
      break;
    }
  }
#endif
}
