//===- IntegerGemm.h - The exact-integer crossbar product -------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// On the exact-integer crossbar path (docs/Executor.md, "Determinism") the
// crossbar product multiplies DAC levels (|x| <= L, 127 for 8-bit inputs) by
// integer weights (|m| <= floor(2^24 / (L K)), 516 for tiles of 256 rows), and
// every partial sum is an integer of magnitude at most 2^24. Such a product is
// exact in any arithmetic that holds it: single-precision sgemm, or 16-bit
// integer operands with 32-bit integer sums. This kernel does the latter with
// AVX-512 VNNI (vpdpwssd: 32 multiply-accumulates per instruction, twice the 16
// of a single-precision FMA), so it gives the same bits as sgemm in about half
// the time.
//
// Weights are packed once per crossbar state: pairs of rows interleaved,
// packed[(k / 2) * 2 Np + 2 j + k % 2] = m_kj, with Np = N rounded up to 16
// and zeros in the padding (an odd K gets a zero row).
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_EXECUTOR_INTEGERGEMM_H
#define AIMC_EXECUTOR_INTEGERGEMM_H

#include <cstdint>
#include <vector>

namespace aimc {
namespace exec {

/// Implementations of the exact-integer crossbar product. Both give
/// identical bits (every sum is an exact integer); Best runs the 16-bit
/// kernel where it applies (int16GemmApplies) and sgemm elsewhere.
enum class IntegerGemmKernel { Best, Sgemm };

/// Weights of an integer crossbar in the 16-bit kernel's layout (see the
/// file comment); empty if the kernel does not apply to them.
struct Int16Weights {
  int64_t rows = 0, cols = 0;
  std::vector<int16_t> packed;
  bool empty() const { return packed.empty(); }
};

/// Fewer columns than this run on sgemm: the kernel's 16-column vectors and
/// short dependency chains would leave it slower.
constexpr int64_t kMinInt16GemmCols = 32;

/// True if this CPU runs the 16-bit kernel (AVX-512 BW and VNNI).
bool int16GemmAvailable();

/// True if the 16-bit kernel computes x m for inputs with |x| <= maxInput and
/// integer weights with |m| <= maxWeight on a K x N crossbar: the CPU has
/// it, both bounds fit 16 bits, N >= kMinInt16GemmCols and every partial sum
/// is at most 2^24 in magnitude (so it equals sgemm's).
bool int16GemmApplies(int64_t K, int64_t N, int64_t maxInput,
                      int64_t maxWeight);

/// Packs the K x N row-major integer-valued weights m (|m| <= 32767).
Int16Weights packInt16Weights(const float *m, int64_t K, int64_t N);

/// y = x m for the M x K row-major integer-valued inputs x (|x| <= 32767)
/// and packed weights w (M x N row-major output), on this thread; the
/// caller checked that no sum exceeds 2^24 in magnitude (int16GemmApplies).
/// Without the kernel (int16GemmAvailable false) the same sums in scalar
/// code. `scratch` holds the inputs as 16-bit integers (reused across
/// calls).
void int16Gemm(int64_t M, const float *x, const Int16Weights &w, float *y,
               std::vector<int16_t> &scratch);

} // namespace exec
} // namespace aimc

#endif // AIMC_EXECUTOR_INTEGERGEMM_H
