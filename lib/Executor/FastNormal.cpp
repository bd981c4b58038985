//===- FastNormal.cpp - Bulk normal draws from a CounterRNG stream --------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The loops below run over fixed-size chunks so that the compiler vectorises
// them without scalar epilogues; every draw is computed by the same code in
// the same lane whatever range is requested. The logarithm and sine/cosine
// are Cephes single-precision minimax polynomials (S. Moshier, public domain).
//
// Two implementations give identical bits (tested over the whole domain of
// each transform step in FastNormalTest):
//  - portable: Philox blocks to a word buffer, then Box-Muller over the words
//    (auto-vectorised, target_clones);
//  - AVX-512 (runtime dispatch): Philox and Box-Muller fused in registers,
//    16 blocks at a time, with the same IEEE operations in the same order
//    (no FMA), and one 4x16 transpose of the results instead of two of the
//    words. This is the MVM hot path: one normal per analog output.
//
//===----------------------------------------------------------------------===//

#include "aimc/Executor/FastNormal.h"
#include "aimc/Support/PhiloxArrays.h"

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace aimc;
using namespace aimc::exec;

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) &&         \
    defined(__linux__)
#define AIMC_MULTIVERSION                                                      \
  __attribute__((target_clones("avx512f", "avx2", "default")))
#define AIMC_HAVE_AVX512_PHILOX
#include <immintrin.h>
#else
#define AIMC_MULTIVERSION
#endif

namespace {
using philox::kM0;
using philox::kM1;
using philox::kW0;
using philox::kW1;

/// Philox4x32-10 over kChunkBlocks consecutive counters, structure of arrays.
AIMC_MULTIVERSION
void philoxChunkGeneric(uint64_t seed, uint64_t stream, uint64_t firstBlock,
                        uint32_t *out) {
  constexpr size_t n = kChunkBlocks;
  uint32_t c0[n], c1[n], c2[n], c3[n];
  philox::blocks(seed, stream, firstBlock, c0, c1, c2, c3);
  for (size_t i = 0; i < n; ++i) {
    out[4 * i] = c0[i];
    out[4 * i + 1] = c1[i];
    out[4 * i + 2] = c2[i];
    out[4 * i + 3] = c3[i];
  }
}

#ifdef AIMC_HAVE_AVX512_PHILOX
#define AIMC_AVX512 __attribute__((target("avx512f"), always_inline)) inline

/// Philox4x32-10 of the 16 blocks base..base+15 (structure of arrays: lane i
/// of c0..c3 holds the words of block base + i). The 32x32->64-bit products
/// of even and odd lanes come from two vpmuludq and are recombined with
/// masked blends.
AIMC_AVX512 void philox16(uint64_t seed, uint64_t stream, uint64_t base,
                          __m512i &c0, __m512i &c1, __m512i &c2, __m512i &c3) {
  const __m512i m0 = _mm512_set1_epi32(static_cast<int>(kM0));
  const __m512i m1 = _mm512_set1_epi32(static_cast<int>(kM1));
  const __m512i lanes =
      _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __mmask16 odd = 0xAAAA;
  __m512i lo = _mm512_set1_epi32(static_cast<int>(static_cast<uint32_t>(base)));
  __m512i hi =
      _mm512_set1_epi32(static_cast<int>(static_cast<uint32_t>(base >> 32)));
  c0 = _mm512_add_epi32(lo, lanes);
  __mmask16 carry = _mm512_cmplt_epu32_mask(c0, lo);
  c1 = _mm512_mask_add_epi32(hi, carry, hi, _mm512_set1_epi32(1));
  c2 = _mm512_set1_epi32(static_cast<int>(static_cast<uint32_t>(stream)));
  c3 = _mm512_set1_epi32(static_cast<int>(static_cast<uint32_t>(stream >> 32)));
  uint32_t k0 = static_cast<uint32_t>(seed);
  uint32_t k1 = static_cast<uint32_t>(seed >> 32);
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += kW0;
      k1 += kW1;
    }
    __m512i pe0 = _mm512_mul_epu32(c0, m0);
    __m512i po0 = _mm512_mul_epu32(_mm512_srli_epi64(c0, 32), m0);
    __m512i pe1 = _mm512_mul_epu32(c2, m1);
    __m512i po1 = _mm512_mul_epu32(_mm512_srli_epi64(c2, 32), m1);
    __m512i hi0 = _mm512_mask_blend_epi32(odd, _mm512_srli_epi64(pe0, 32), po0);
    __m512i lo0 = _mm512_mask_blend_epi32(odd, pe0, _mm512_slli_epi64(po0, 32));
    __m512i hi1 = _mm512_mask_blend_epi32(odd, _mm512_srli_epi64(pe1, 32), po1);
    __m512i lo1 = _mm512_mask_blend_epi32(odd, pe1, _mm512_slli_epi64(po1, 32));
    __m512i key0 = _mm512_set1_epi32(static_cast<int>(k0));
    __m512i key1 = _mm512_set1_epi32(static_cast<int>(k1));
    c0 = _mm512_ternarylogic_epi32(hi1, c1, key0, 0x96);
    c2 = _mm512_ternarylogic_epi32(hi0, c3, key1, 0x96);
    c1 = lo1;
    c3 = lo0;
  }
}

/// Writes 16 values of each of a, b, c, d as 16 consecutive groups
/// (a_i, b_i, c_i, d_i) to out[0..63].
AIMC_AVX512 void store4x16(__m512i a, __m512i b, __m512i c, __m512i d,
                           void *out) {
  __m512i t0 = _mm512_unpacklo_epi32(a, b), t1 = _mm512_unpackhi_epi32(a, b);
  __m512i t2 = _mm512_unpacklo_epi32(c, d), t3 = _mm512_unpackhi_epi32(c, d);
  // 128-bit lane L of q_r holds group 4 L + r.
  __m512i q0 = _mm512_unpacklo_epi64(t0, t2),
          q1 = _mm512_unpackhi_epi64(t0, t2);
  __m512i q2 = _mm512_unpacklo_epi64(t1, t3),
          q3 = _mm512_unpackhi_epi64(t1, t3);
  __m512i r0 = _mm512_shuffle_i32x4(q0, q1, 0x44); // q0.0 q0.1 q1.0 q1.1
  __m512i r1 = _mm512_shuffle_i32x4(q2, q3, 0x44); // q2.0 q2.1 q3.0 q3.1
  __m512i r2 = _mm512_shuffle_i32x4(q0, q1, 0xEE); // q0.2 q0.3 q1.2 q1.3
  __m512i r3 = _mm512_shuffle_i32x4(q2, q3, 0xEE); // q2.2 q2.3 q3.2 q3.3
  char *o = static_cast<char *>(out);
  _mm512_storeu_si512(o, _mm512_shuffle_i32x4(r0, r1, 0x88));
  _mm512_storeu_si512(o + 64, _mm512_shuffle_i32x4(r0, r1, 0xDD));
  _mm512_storeu_si512(o + 128, _mm512_shuffle_i32x4(r2, r3, 0x88));
  _mm512_storeu_si512(o + 192, _mm512_shuffle_i32x4(r2, r3, 0xDD));
}

/// Philox blocks with the portable layout (words of block i at 4 i).
__attribute__((target("avx512f"))) void philoxChunkAVX512(uint64_t seed,
                                                          uint64_t stream,
                                                          uint64_t firstBlock,
                                                          uint32_t *out) {
  for (size_t g = 0; g < kChunkBlocks; g += 16) {
    __m512i c0, c1, c2, c3;
    philox16(seed, stream, firstBlock + g, c0, c1, c2, c3);
    store4x16(c0, c1, c2, c3, out + 4 * g);
  }
}

AIMC_AVX512 __m512 set(float f) { return _mm512_set1_ps(f); }
AIMC_AVX512 __m512 mul(__m512 x, __m512 y) { return _mm512_mul_ps(x, y); }
AIMC_AVX512 __m512 add(__m512 x, __m512 y) { return _mm512_add_ps(x, y); }
AIMC_AVX512 __m512 sub(__m512 x, __m512 y) { return _mm512_sub_ps(x, y); }

/// boxMullerChunk's pair transform on 16 lanes (words wa, wb to the normals
/// a = R cos, b = R sin), operation for operation.
AIMC_AVX512 void boxMuller16(__m512i wa, __m512i wb, __m512 &a, __m512 &b) {
  const __m512 scale = set(0x1.0p-23f), half = set(0x1.0p-24f);
  __m512 u =
      add(mul(_mm512_cvtepi32_ps(_mm512_srli_epi32(wa, 9)), scale), half);
  __m512 v =
      sub(add(mul(_mm512_cvtepi32_ps(_mm512_srli_epi32(wb, 9)), scale), half),
          set(0.5f));
  // ln(u), Cephes logf.
  __m512i ub = _mm512_castps_si512(u);
  __m512i e = _mm512_sub_epi32(
      _mm512_and_si512(_mm512_srli_epi32(ub, 23), _mm512_set1_epi32(0xff)),
      _mm512_set1_epi32(126));
  __m512 m = _mm512_castsi512_ps(_mm512_or_si512(
      _mm512_and_si512(ub, _mm512_set1_epi32(static_cast<int>(0x807fffffu))),
      _mm512_set1_epi32(0x3f000000)));
  __mmask16 low = _mm512_cmp_ps_mask(m, set(0.707106781186547524f), _CMP_LT_OQ);
  __m512 one = set(1.0f);
  __m512 x = _mm512_mask_blend_ps(low, sub(m, one), sub(add(m, m), one));
  e = _mm512_mask_sub_epi32(e, low, e, _mm512_set1_epi32(1));
  __m512 z = mul(x, x);
  __m512 y = set(7.0376836292e-2f);
  y = sub(mul(y, x), set(1.1514610310e-1f));
  y = add(mul(y, x), set(1.1676998740e-1f));
  y = sub(mul(y, x), set(1.2420140846e-1f));
  y = add(mul(y, x), set(1.4249322787e-1f));
  y = sub(mul(y, x), set(1.6668057665e-1f));
  y = add(mul(y, x), set(2.0000714765e-1f));
  y = sub(mul(y, x), set(2.4999993993e-1f));
  y = add(mul(y, x), set(3.3333331174e-1f));
  y = mul(mul(y, x), z);
  __m512 fe = _mm512_cvtepi32_ps(e);
  y = add(y, mul(set(-2.12194440e-4f), fe));
  y = add(y, mul(set(-0.5f), z));
  __m512 logu = add(add(x, y), mul(set(0.693359375f), fe));
  __m512 radius = _mm512_sqrt_ps(mul(set(-2.0f), logu));
  // sin and cos of 2 pi v, v in (-1/2, 1/2): quadrant q = round(4 v).
  __mmask16 nonNeg = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_GE_OQ);
  __m512 rnd = _mm512_mask_blend_ps(nonNeg, set(-0.5f), set(0.5f));
  __m512i q = _mm512_cvttps_epi32(add(mul(set(4.0f), v), rnd));
  __m512 r = mul(sub(v, mul(set(0.25f), _mm512_cvtepi32_ps(q))),
                 set(6.28318530717958647692f));
  __m512 r2 = mul(r, r);
  __m512 s = mul(set(-1.9515295891e-4f), r2);
  s = add(s, set(8.3321608736e-3f));
  s = mul(s, r2);
  s = sub(s, set(1.6666654611e-1f));
  s = add(mul(mul(s, r2), r), r);
  __m512 c = mul(set(2.443315711809948e-5f), r2);
  c = sub(c, set(1.388731625493765e-3f));
  c = mul(c, r2);
  c = add(c, set(4.166664568298827e-2f));
  c = mul(mul(c, r2), r2);
  c = add(sub(c, mul(set(0.5f), r2)), one);
  // Quadrants 0..3: (c, s), (-s, c), (-c, -s), (s, -c). Multiplying by
  // +-1 before or after the rounded product gives the same bits.
  __m512i quadrant = _mm512_and_si512(q, _mm512_set1_epi32(3));
  __mmask16 swap = _mm512_test_epi32_mask(quadrant, _mm512_set1_epi32(1));
  __m512 first = _mm512_mask_blend_ps(swap, c, s);
  __m512 second = _mm512_mask_blend_ps(swap, s, c);
  const __m512i signBit = _mm512_set1_epi32(static_cast<int>(0x80000000u));
  __m512i negA = _mm512_slli_epi32(
      _mm512_and_si512(_mm512_srli_epi32(
                           _mm512_add_epi32(quadrant, _mm512_set1_epi32(1)), 1),
                       _mm512_set1_epi32(1)),
      31);
  __m512i negB = _mm512_slli_epi32(
      _mm512_and_si512(_mm512_srli_epi32(quadrant, 1), _mm512_set1_epi32(1)),
      31);
  a = _mm512_castsi512_ps(
      _mm512_xor_si512(_mm512_castps_si512(mul(radius, first)),
                       _mm512_and_si512(negA, signBit)));
  b = _mm512_castsi512_ps(
      _mm512_xor_si512(_mm512_castps_si512(mul(radius, second)),
                       _mm512_and_si512(negB, signBit)));
}

/// Philox and Box-Muller of one chunk (4 kChunkBlocks normals) in registers.
__attribute__((target("avx512f"))) void normalChunkAVX512(uint64_t seed,
                                                          uint64_t stream,
                                                          uint64_t firstBlock,
                                                          float *out) {
  for (size_t g = 0; g < kChunkBlocks; g += 16) {
    __m512i c0, c1, c2, c3;
    philox16(seed, stream, firstBlock + g, c0, c1, c2, c3);
    __m512 a0, b0, a1, b1;
    boxMuller16(c0, c1, a0, b0);
    boxMuller16(c2, c3, a1, b1);
    store4x16(_mm512_castps_si512(a0), _mm512_castps_si512(b0),
              _mm512_castps_si512(a1), _mm512_castps_si512(b1), out + 4 * g);
  }
}

/// Box-Muller of word pairs (words[2p], words[2p+1]), 16 pairs at a time.
__attribute__((target("avx512f"))) void
boxMullerWordsAVX512(const uint32_t *words, float *out, size_t pairs) {
  const __m512i evens = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20,
                                          22, 24, 26, 28, 30);
  const __m512i odds = _mm512_add_epi32(evens, _mm512_set1_epi32(1));
  for (size_t p = 0; p < pairs; p += 16) {
    __m512i lo = _mm512_loadu_si512(words + 2 * p);
    __m512i hi = _mm512_loadu_si512(words + 2 * p + 16);
    __m512 a, b;
    boxMuller16(_mm512_permutex2var_epi32(lo, evens, hi),
                _mm512_permutex2var_epi32(lo, odds, hi), a, b);
    _mm512_storeu_ps(
        out + 2 * p,
        _mm512_permutex2var_ps(a,
                               _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4,
                                                 20, 5, 21, 6, 22, 7, 23),
                               b));
    _mm512_storeu_ps(out + 2 * p + 16,
                     _mm512_permutex2var_ps(
                         a,
                         _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28,
                                           13, 29, 14, 30, 15, 31),
                         b));
  }
}
#endif

void philoxChunk(uint64_t seed, uint64_t stream, uint64_t firstBlock,
                 uint32_t *out) {
#ifdef AIMC_HAVE_AVX512_PHILOX
  static const bool avx512 = __builtin_cpu_supports("avx512f");
  if (avx512)
    return philoxChunkAVX512(seed, stream, firstBlock, out);
#endif
  philoxChunkGeneric(seed, stream, firstBlock, out);
}

inline float bitsToFloat(uint32_t b) {
  float f;
  std::memcpy(&f, &b, sizeof f);
  return f;
}
inline uint32_t floatToBits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}

/// Box-Muller over one chunk: 4 * kChunkBlocks words to as many normals.
AIMC_MULTIVERSION
void boxMullerChunk(const uint32_t *words, float *out) {
  constexpr size_t pairs = 2 * kChunkBlocks;
  for (size_t p = 0; p < pairs; ++p) {
    uint32_t wa = words[2 * p], wb = words[2 * p + 1];
    float u = static_cast<float>(wa >> 9) * 0x1.0p-23f + 0x1.0p-24f;
    float v = static_cast<float>(wb >> 9) * 0x1.0p-23f + 0x1.0p-24f - 0.5f;
    // ln(u), Cephes logf.
    uint32_t ub = floatToBits(u);
    int e = static_cast<int>((ub >> 23) & 0xff) - 126;
    float m = bitsToFloat((ub & 0x807fffffu) | 0x3f000000u); // [0.5, 1)
    bool low = m < 0.707106781186547524f;
    float xLow = m + m - 1.0f, xHigh = m - 1.0f; // no speculated FP ops
    e = low ? e - 1 : e;
    float x = low ? xLow : xHigh;
    float z = x * x;
    float y = 7.0376836292e-2f;
    y = y * x - 1.1514610310e-1f;
    y = y * x + 1.1676998740e-1f;
    y = y * x - 1.2420140846e-1f;
    y = y * x + 1.4249322787e-1f;
    y = y * x - 1.6668057665e-1f;
    y = y * x + 2.0000714765e-1f;
    y = y * x - 2.4999993993e-1f;
    y = y * x + 3.3333331174e-1f;
    y = y * x * z;
    float fe = static_cast<float>(e);
    y += -2.12194440e-4f * fe;
    y += -0.5f * z;
    float logu = x + y + 0.693359375f * fe;
    float radius = std::sqrt(-2.0f * logu);
    // sin and cos of 2 pi v, v in (-1/2, 1/2): quadrant q = round(4 v).
    int q = static_cast<int>(4.0f * v + (v >= 0 ? 0.5f : -0.5f));
    float r = (v - 0.25f * static_cast<float>(q)) * 6.28318530717958647692f;
    float r2 = r * r;
    float s =
        ((-1.9515295891e-4f * r2 + 8.3321608736e-3f) * r2 - 1.6666654611e-1f) *
            r2 * r +
        r;
    float c = ((2.443315711809948e-5f * r2 - 1.388731625493765e-3f) * r2 +
               4.166664568298827e-2f) *
                  r2 * r2 -
              0.5f * r2 + 1.0f;
    // Quadrants 0..3: (c, s), (-s, c), (-c, -s), (s, -c).
    int quadrant = q & 3;
    bool swap = quadrant & 1;
    float a = swap ? s : c, b = swap ? c : s;
    float signA = static_cast<float>(1 - 2 * (((quadrant + 1) >> 1) & 1));
    float signB = static_cast<float>(1 - 2 * ((quadrant >> 1) & 1));
    out[2 * p] = radius * signA * a;
    out[2 * p + 1] = radius * signB * b;
  }
}
} // namespace

void aimc::exec::philoxBlocks(const CounterRNG &rng, uint64_t firstBlock,
                              size_t count, uint32_t *out) {
  uint32_t chunk[4 * kChunkBlocks];
  uint64_t block = firstBlock;
  size_t done = 0;
  while (done < count) {
    uint64_t chunkStart = block - block % kChunkBlocks;
    philoxChunk(rng.getSeed(), rng.getStream(), chunkStart, chunk);
    size_t offset = block - chunkStart;
    size_t take = std::min(count - done, kChunkBlocks - offset);
    std::memcpy(out + 4 * done, chunk + 4 * offset,
                4 * take * sizeof(uint32_t));
    done += take;
    block += take;
  }
}

bool aimc::exec::normalKernelAvailable(NormalKernel kernel) {
  switch (kernel) {
  case NormalKernel::Best:
  case NormalKernel::Portable:
    return true;
  case NormalKernel::AVX512:
#ifdef AIMC_HAVE_AVX512_PHILOX
    return __builtin_cpu_supports("avx512f");
#else
    return false;
#endif
  }
  return false;
}

namespace {
bool useAVX512(NormalKernel kernel) {
#ifdef AIMC_HAVE_AVX512_PHILOX
  static const bool avx512 = __builtin_cpu_supports("avx512f");
  return avx512 && kernel != NormalKernel::Portable;
#else
  (void)kernel;
  return false;
#endif
}

/// Normals 4 firstBlock .. 4 (firstBlock + kChunkBlocks) - 1 to out.
void normalChunk(const CounterRNG &rng, uint64_t firstBlock, float *out,
                 bool avx512) {
#ifdef AIMC_HAVE_AVX512_PHILOX
  if (avx512)
    return normalChunkAVX512(rng.getSeed(), rng.getStream(), firstBlock, out);
#endif
  (void)avx512;
  uint32_t words[4 * kChunkBlocks];
  philoxChunkGeneric(rng.getSeed(), rng.getStream(), firstBlock, words);
  boxMullerChunk(words, out);
}
} // namespace

void aimc::exec::boxMullerWords(const uint32_t *words, float *out, size_t pairs,
                                NormalKernel kernel) {
  constexpr size_t perChunk = 2 * kChunkBlocks;
  for (size_t p = 0; p < pairs; p += perChunk) {
#ifdef AIMC_HAVE_AVX512_PHILOX
    if (useAVX512(kernel)) {
      boxMullerWordsAVX512(words + 2 * p, out + 2 * p, perChunk);
      continue;
    }
#endif
    boxMullerChunk(words + 2 * p, out + 2 * p);
  }
}

void aimc::exec::fillNormalFast(const CounterRNG &rng, float *out, size_t count,
                                uint64_t first, NormalKernel kernel) {
  constexpr uint64_t perChunk = 4 * kChunkBlocks;
  const bool avx512 = useAVX512(kernel);
  float normals[4 * kChunkBlocks];
  uint64_t index = first;
  size_t done = 0;
  while (done < count) {
    uint64_t chunkStart = index - index % perChunk;
    size_t offset = index - chunkStart;
    size_t take = std::min<uint64_t>(count - done, perChunk - offset);
    if (take == perChunk) { // a whole chunk: straight to the output
      normalChunk(rng, chunkStart / 4, out + done, avx512);
    } else {
      normalChunk(rng, chunkStart / 4, normals, avx512);
      std::memcpy(out + done, normals + offset, take * sizeof(float));
    }
    done += take;
    index += take;
  }
}
