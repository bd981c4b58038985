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
//===----------------------------------------------------------------------===//

#include "aimc/Executor/FastNormal.h"

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
constexpr uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
constexpr uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;

/// Philox4x32-10 over kChunkBlocks consecutive counters, structure of arrays.
AIMC_MULTIVERSION
void philoxChunkGeneric(uint64_t seed, uint64_t stream, uint64_t firstBlock,
                        uint32_t *out) {
  constexpr size_t n = kChunkBlocks;
  uint32_t c0[n], c1[n], c2[n], c3[n];
  for (size_t i = 0; i < n; ++i) {
    uint64_t block = firstBlock + i;
    c0[i] = static_cast<uint32_t>(block);
    c1[i] = static_cast<uint32_t>(block >> 32);
    c2[i] = static_cast<uint32_t>(stream);
    c3[i] = static_cast<uint32_t>(stream >> 32);
  }
  uint32_t k0 = static_cast<uint32_t>(seed);
  uint32_t k1 = static_cast<uint32_t>(seed >> 32);
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += kW0;
      k1 += kW1;
    }
    for (size_t i = 0; i < n; ++i) {
      uint64_t p0 = static_cast<uint64_t>(kM0) * c0[i];
      uint64_t p1 = static_cast<uint64_t>(kM1) * c2[i];
      uint32_t n0 = static_cast<uint32_t>(p1 >> 32) ^ c1[i] ^ k0;
      uint32_t n2 = static_cast<uint32_t>(p0 >> 32) ^ c3[i] ^ k1;
      c1[i] = static_cast<uint32_t>(p1);
      c3[i] = static_cast<uint32_t>(p0);
      c0[i] = n0;
      c2[i] = n2;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    out[4 * i] = c0[i];
    out[4 * i + 1] = c1[i];
    out[4 * i + 2] = c2[i];
    out[4 * i + 3] = c3[i];
  }
}

#ifdef AIMC_HAVE_AVX512_PHILOX
/// The same blocks with AVX-512 intrinsics, 16 blocks per register: the
/// 32x32->64-bit products of even and odd lanes come from two vpmuludq and
/// are recombined with masked blends.
__attribute__((target("avx512f"))) void philoxChunkAVX512(uint64_t seed,
                                                          uint64_t stream,
                                                          uint64_t firstBlock,
                                                          uint32_t *out) {
  const __m512i m0 = _mm512_set1_epi32(static_cast<int>(kM0));
  const __m512i m1 = _mm512_set1_epi32(static_cast<int>(kM1));
  const __m512i lanes =
      _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __mmask16 odd = 0xAAAA;
  for (size_t g = 0; g < kChunkBlocks; g += 16) {
    uint64_t base = firstBlock + g;
    __m512i lo =
        _mm512_set1_epi32(static_cast<int>(static_cast<uint32_t>(base)));
    __m512i hi =
        _mm512_set1_epi32(static_cast<int>(static_cast<uint32_t>(base >> 32)));
    __m512i c0 = _mm512_add_epi32(lo, lanes);
    __mmask16 carry = _mm512_cmplt_epu32_mask(c0, lo);
    __m512i c1 = _mm512_mask_add_epi32(hi, carry, hi, _mm512_set1_epi32(1));
    __m512i c2 =
        _mm512_set1_epi32(static_cast<int>(static_cast<uint32_t>(stream)));
    __m512i c3 = _mm512_set1_epi32(
        static_cast<int>(static_cast<uint32_t>(stream >> 32)));
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
      __m512i hi0 =
          _mm512_mask_blend_epi32(odd, _mm512_srli_epi64(pe0, 32), po0);
      __m512i lo0 =
          _mm512_mask_blend_epi32(odd, pe0, _mm512_slli_epi64(po0, 32));
      __m512i hi1 =
          _mm512_mask_blend_epi32(odd, _mm512_srli_epi64(pe1, 32), po1);
      __m512i lo1 =
          _mm512_mask_blend_epi32(odd, pe1, _mm512_slli_epi64(po1, 32));
      __m512i key0 = _mm512_set1_epi32(static_cast<int>(k0));
      __m512i key1 = _mm512_set1_epi32(static_cast<int>(k1));
      c0 = _mm512_ternarylogic_epi32(hi1, c1, key0, 0x96);
      c2 = _mm512_ternarylogic_epi32(hi0, c3, key1, 0x96);
      c1 = lo1;
      c3 = lo0;
    }
    // Interleave to (c0, c1, c2, c3) per block.
    __m512i t0 = _mm512_unpacklo_epi32(c0, c1),
            t1 = _mm512_unpackhi_epi32(c0, c1);
    __m512i t2 = _mm512_unpacklo_epi32(c2, c3),
            t3 = _mm512_unpackhi_epi32(c2, c3);
    alignas(64) uint32_t q[4][16];
    _mm512_store_si512(q[0], _mm512_unpacklo_epi64(t0, t2));
    _mm512_store_si512(q[1], _mm512_unpackhi_epi64(t0, t2));
    _mm512_store_si512(q[2], _mm512_unpacklo_epi64(t1, t3));
    _mm512_store_si512(q[3], _mm512_unpackhi_epi64(t1, t3));
    // Register lane L of q[r] holds block 4 L + r.
    for (int lane = 0; lane < 4; ++lane)
      for (int r = 0; r < 4; ++r)
        std::memcpy(out + 4 * (g + 4 * lane + r), &q[r][4 * lane],
                    4 * sizeof(uint32_t));
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

void aimc::exec::fillNormalFast(const CounterRNG &rng, float *out, size_t count,
                                uint64_t first) {
  constexpr uint64_t perChunk = 4 * kChunkBlocks;
  uint32_t words[4 * kChunkBlocks];
  float normals[4 * kChunkBlocks];
  uint64_t index = first;
  size_t done = 0;
  while (done < count) {
    uint64_t chunkStart = index - index % perChunk;
    philoxChunk(rng.getSeed(), rng.getStream(), chunkStart / 4, words);
    boxMullerChunk(words, normals);
    size_t offset = index - chunkStart;
    size_t take = std::min<uint64_t>(count - done, perChunk - offset);
    std::memcpy(out + done, normals + offset, take * sizeof(float));
    done += take;
    index += take;
  }
}
