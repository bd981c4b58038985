//===- CounterRNG.h - Seeded counter-based random numbers -------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Every random draw in aimc (projection sampling, PCM programming noise, read
// noise, drift exponents) comes from this generator: Philox4x32-10 (Salmon et
// al., "Parallel random numbers: as easy as 1, 2, 3", SC'11), a counter-based
// generator. A draw is a pure function of (seed, stream, index), so the same
// seed gives bit-identical numbers whatever the order of evaluation, the batch
// splitting or the number of threads.
//
// Layout: the 64-bit seed is the Philox key; the 128-bit counter is
// (index, stream). One Philox block gives four 32-bit words, i.e. two 64-bit
// words, i.e. two uniforms in (0, 1) with 52-bit resolution, i.e. two standard
// normals by the Box-Muller transform. Draw `i` of a stream uses block `i / 2`
// and lane `i % 2`.
//
// This library has no MLIR dependency.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_SUPPORT_COUNTERRNG_H
#define AIMC_SUPPORT_COUNTERRNG_H

#include <array>
#include <cstddef>
#include <cstdint>

namespace aimc {

/// One Philox4x32-10 block: the raw 128 random bits for `counter` under `key`.
std::array<uint32_t, 4> philox4x32(std::array<uint32_t, 4> counter,
                                   std::array<uint32_t, 2> key);

/// A stream of random numbers addressed by index. Cheap to copy; holds no
/// mutable state, so it may be shared between threads.
class CounterRNG {
public:
  CounterRNG(uint64_t seed, uint64_t stream) : seed(seed), stream(stream) {}

  uint64_t getSeed() const { return seed; }
  uint64_t getStream() const { return stream; }

  /// A new, independent stream derived from this one (same seed, stream id
  /// mixed with `salt`): use it to give each consumer its own numbers.
  CounterRNG derive(uint64_t salt) const;

  /// The two 64-bit words of block `block`.
  std::array<uint64_t, 2> bits(uint64_t block) const;

  /// Uniform draw `index` in the open interval (0, 1).
  double uniform(uint64_t index) const;

  /// Standard normal draw `index` (Box-Muller over block `index / 2`).
  double normal(uint64_t index) const;

  /// Writes normals `first .. first + count - 1` to `out`. Equal to calling
  /// normal() for each index, bit for bit, but twice as fast.
  void fillNormal(double *out, size_t count, uint64_t first = 0) const;
  void fillNormal(float *out, size_t count, uint64_t first = 0) const;

  /// Writes uniforms `first .. first + count - 1` in (0, 1) to `out`.
  void fillUniform(double *out, size_t count, uint64_t first = 0) const;

private:
  uint64_t seed;
  uint64_t stream;
};

/// Converts 64 random bits to a double in the open interval (0, 1): the top
/// 52 bits plus one half, so the extremes are 2^-53 and 1 - 2^-53.
inline double bitsToOpenUnit(uint64_t x) {
  return (static_cast<double>(x >> 12) + 0.5) * 0x1.0p-52;
}

} // namespace aimc

#endif // AIMC_SUPPORT_COUNTERRNG_H
