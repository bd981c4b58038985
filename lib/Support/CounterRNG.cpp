//===- CounterRNG.cpp - Seeded counter-based random numbers ---------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Support/CounterRNG.h"
#include "aimc/Support/PhiloxArrays.h"

#include <cmath>
#include <type_traits>

using namespace aimc;

namespace {
constexpr uint32_t kPhiloxM0 = philox::kM0;
constexpr uint32_t kPhiloxM1 = philox::kM1;
constexpr uint32_t kPhiloxW0 = philox::kW0;
constexpr uint32_t kPhiloxW1 = philox::kW1;
constexpr double kTwoPi = 6.283185307179586476925286766559;

inline void mulHiLo(uint32_t a, uint32_t b, uint32_t &hi, uint32_t &lo) {
  uint64_t product = static_cast<uint64_t>(a) * b;
  hi = static_cast<uint32_t>(product >> 32);
  lo = static_cast<uint32_t>(product);
}

/// SplitMix64 finaliser: a bijective mix used to derive stream ids.
inline uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// Box-Muller on one block: two independent standard normals.
inline void boxMuller(std::array<uint64_t, 2> words, double &n0, double &n1) {
  double u0 = bitsToOpenUnit(words[0]);
  double u1 = bitsToOpenUnit(words[1]);
  double radius = std::sqrt(-2.0 * std::log(u0));
  double angle = kTwoPi * u1;
  n0 = radius * std::cos(angle);
  n1 = radius * std::sin(angle);
}
} // namespace

std::array<uint32_t, 4> aimc::philox4x32(std::array<uint32_t, 4> ctr,
                                         std::array<uint32_t, 2> key) {
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      key[0] += kPhiloxW0;
      key[1] += kPhiloxW1;
    }
    uint32_t hi0, lo0, hi1, lo1;
    mulHiLo(kPhiloxM0, ctr[0], hi0, lo0);
    mulHiLo(kPhiloxM1, ctr[2], hi1, lo1);
    ctr = {hi1 ^ ctr[1] ^ key[0], lo1, hi0 ^ ctr[3] ^ key[1], lo0};
  }
  return ctr;
}

CounterRNG CounterRNG::derive(uint64_t salt) const {
  return CounterRNG(seed, mix64(stream ^ mix64(salt + 0x9E3779B97F4A7C15ull)));
}

std::array<uint64_t, 2> CounterRNG::bits(uint64_t block) const {
  std::array<uint32_t, 4> counter = {
      static_cast<uint32_t>(block), static_cast<uint32_t>(block >> 32),
      static_cast<uint32_t>(stream), static_cast<uint32_t>(stream >> 32)};
  std::array<uint32_t, 2> key = {static_cast<uint32_t>(seed),
                                 static_cast<uint32_t>(seed >> 32)};
  std::array<uint32_t, 4> r = philox4x32(counter, key);
  return {(static_cast<uint64_t>(r[1]) << 32) | r[0],
          (static_cast<uint64_t>(r[3]) << 32) | r[2]};
}

double CounterRNG::uniform(uint64_t index) const {
  return bitsToOpenUnit(bits(index / 2)[index % 2]);
}

double CounterRNG::normal(uint64_t index) const {
  double n0, n1;
  boxMuller(bits(index / 2), n0, n1);
  return (index % 2 == 0) ? n0 : n1;
}

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) &&         \
    defined(__linux__)
#define AIMC_RNG_MULTIVERSION                                                  \
  __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define AIMC_RNG_MULTIVERSION
#endif

/// Blocks per call of philoxBlocks.
constexpr size_t kBlocksPerChunk = 64;

/// The blocks firstBlock .. firstBlock + kBlocksPerChunk - 1 of stream
/// `stream` under `seed`, bit-identical to CounterRNG::bits(): the same
/// Philox4x32-10 rounds as philox4x32(), on arrays of counters so that the
/// compiler vectorises them (one block per lane; PhiloxArrays.h, shared
/// with the executor's FastNormal).
AIMC_RNG_MULTIVERSION
static void philoxBlocks(uint64_t seed, uint64_t stream, uint64_t firstBlock,
                         uint64_t (*out)[2]) {
  constexpr size_t n = kBlocksPerChunk;
  uint32_t c0[n], c1[n], c2[n], c3[n];
  philox::blocks(seed, stream, firstBlock, c0, c1, c2, c3);
  for (size_t i = 0; i < n; ++i) {
    out[i][0] = (static_cast<uint64_t>(c1[i]) << 32) | c0[i];
    out[i][1] = (static_cast<uint64_t>(c3[i]) << 32) | c2[i];
  }
}

#ifdef AIMC_HAVE_LIBMVEC
#include <immintrin.h>

#include <cstring>

// glibc's vector math library (libmvec): log, sin and cos of four doubles
// with AVX2, at most 4 ulp from the exact value. Declared with the AVX2
// target, like their callers: clang refuses __m256d arguments of a function
// without AVX ("changes the ABI").
#define AIMC_AVX2 __attribute__((target("avx2,fma")))
extern "C" AIMC_AVX2 __m256d _ZGVdN4v_log(__m256d);
extern "C" AIMC_AVX2 __m256d _ZGVdN4v_sin(__m256d);
extern "C" AIMC_AVX2 __m256d _ZGVdN4v_cos(__m256d);

/// True if `fast`, a value within a relative 2^-39 of the double that the
/// scalar Box-Muller computes, rounds to the same float as that double does:
/// every double in that interval rounds to the same float (rounding is
/// monotone, so the ends decide; the bits, so that -0 and +0 differ).
static inline bool roundsSurely(double fast, float rounded) {
  double margin = std::fabs(fast) * 0x1.0p-39;
  float low = static_cast<float>(fast - margin);
  float high = static_cast<float>(fast + margin);
  uint32_t a, b, c;
  std::memcpy(&a, &low, 4);
  std::memcpy(&b, &high, 4);
  std::memcpy(&c, &rounded, 4);
  return a == c && b == c && fast != 0.0;
}

/// The float normals of one chunk of blocks: Box-Muller with libmvec's
/// log/sin/cos, four blocks at a time. The scalar transform uses libm,
/// whose results libmvec's differ from by a few ulp, so each value is
/// checked: where the float it rounds to could differ from the scalar
/// one's (within a relative 2^-39 of a float rounding boundary: about 3
/// values in 10^5), the scalar draw is used instead. The floats are those of
/// the scalar path, bit for bit.
AIMC_AVX2 static void boxMullerChunkFloat(const CounterRNG &rng,
                                          const uint64_t (*words)[2],
                                          uint64_t firstIndex, float *out) {
  alignas(32) double u0[kBlocksPerChunk], angle[kBlocksPerChunk];
  for (size_t b = 0; b < kBlocksPerChunk; ++b) {
    u0[b] = bitsToOpenUnit(words[b][0]);
    angle[b] = kTwoPi * bitsToOpenUnit(words[b][1]);
  }
  const __m256d minusTwo = _mm256_set1_pd(-2.0);
  for (size_t b = 0; b < kBlocksPerChunk; b += 4) {
    __m256d radius = _mm256_sqrt_pd(
        _mm256_mul_pd(minusTwo, _ZGVdN4v_log(_mm256_load_pd(u0 + b))));
    __m256d a = _mm256_load_pd(angle + b);
    alignas(32) double n0[4], n1[4];
    _mm256_store_pd(n0, _mm256_mul_pd(radius, _ZGVdN4v_cos(a)));
    _mm256_store_pd(n1, _mm256_mul_pd(radius, _ZGVdN4v_sin(a)));
    for (size_t k = 0; k < 4; ++k) {
      size_t i = 2 * (b + k);
      float f0 = static_cast<float>(n0[k]), f1 = static_cast<float>(n1[k]);
      out[i] = roundsSurely(n0[k], f0)
                   ? f0
                   : static_cast<float>(rng.normal(firstIndex + i));
      out[i + 1] = roundsSurely(n1[k], f1)
                       ? f1
                       : static_cast<float>(rng.normal(firstIndex + i + 1));
    }
  }
}

static bool haveAVX2() {
  static const bool avx2 =
      __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return avx2;
}
#undef AIMC_AVX2
#endif

/// Box-Muller over one chunk of blocks whose first normal is `firstIndex`.
template <typename T>
static void boxMullerChunk(const CounterRNG &rng, const uint64_t (*words)[2],
                           uint64_t firstIndex, T *out) {
#ifdef AIMC_HAVE_LIBMVEC
  if constexpr (std::is_same_v<T, float>) {
    if (haveAVX2())
      return boxMullerChunkFloat(rng, words, firstIndex, out);
  }
#endif
  (void)rng;
  (void)firstIndex;
  for (size_t b = 0; b < kBlocksPerChunk; ++b) {
    double n0, n1;
    boxMuller({words[b][0], words[b][1]}, n0, n1);
    out[2 * b] = static_cast<T>(n0);
    out[2 * b + 1] = static_cast<T>(n1);
  }
}

template <typename T>
static void fillNormalImpl(const CounterRNG &rng, T *out, size_t count,
                           uint64_t first) {
  size_t i = 0;
  uint64_t index = first;
  if (count > 0 && index % 2 == 1) {
    out[i++] = static_cast<T>(rng.normal(index++));
  }
  // Whole chunks of blocks from the vectorised generator, then single blocks.
  uint64_t words[kBlocksPerChunk][2];
  for (; i + 2 * kBlocksPerChunk <= count;
       i += 2 * kBlocksPerChunk, index += 2 * kBlocksPerChunk) {
    philoxBlocks(rng.getSeed(), rng.getStream(), index / 2, words);
    boxMullerChunk(rng, words, index, out + i);
  }
  for (; i + 1 < count; i += 2, index += 2) {
    double n0, n1;
    boxMuller(rng.bits(index / 2), n0, n1);
    out[i] = static_cast<T>(n0);
    out[i + 1] = static_cast<T>(n1);
  }
  if (i < count)
    out[i] = static_cast<T>(rng.normal(index));
}

void CounterRNG::fillNormal(double *out, size_t count, uint64_t first) const {
  fillNormalImpl(*this, out, count, first);
}

void CounterRNG::fillNormal(float *out, size_t count, uint64_t first) const {
  fillNormalImpl(*this, out, count, first);
}

void CounterRNG::fillUniform(double *out, size_t count, uint64_t first) const {
  for (size_t i = 0; i < count; ++i)
    out[i] = uniform(first + i);
}
