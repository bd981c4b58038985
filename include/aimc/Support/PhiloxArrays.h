//===- PhiloxArrays.h - Philox4x32-10 over arrays of counters ---*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The one scalar implementation of Philox4x32-10 rounds over N consecutive
// counters, structure of arrays (one block per lane, so that the compiler
// vectorises the loops). CounterRNG's bulk normals (lib/Support) and the
// executor's portable read-noise kernel (lib/Executor/FastNormal.cpp) both
// use it, inside their own target_clones functions: it is always inlined,
// so each clone compiles it for its instruction set. Bit-identical to
// CounterRNG::bits() (CounterRNG.* and FastNormal.* tests).
//
// This header has no MLIR dependency.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_SUPPORT_PHILOXARRAYS_H
#define AIMC_SUPPORT_PHILOXARRAYS_H

#include <cstddef>
#include <cstdint>

namespace aimc {
namespace philox {

/// Philox4x32 multipliers and Weyl key increments (Salmon et al., SC'11).
constexpr uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
constexpr uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;

/// Blocks firstBlock .. firstBlock + N - 1 of `stream` under `seed`: on
/// return (c0[i], c1[i], c2[i], c3[i]) are the four 32-bit words of block
/// firstBlock + i (counter (block, stream), key `seed`).
template <size_t N>
__attribute__((always_inline)) inline void
blocks(uint64_t seed, uint64_t stream, uint64_t firstBlock, uint32_t (&c0)[N],
       uint32_t (&c1)[N], uint32_t (&c2)[N], uint32_t (&c3)[N]) {
  for (size_t i = 0; i < N; ++i) {
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
    for (size_t i = 0; i < N; ++i) {
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
}

} // namespace philox
} // namespace aimc

#endif // AIMC_SUPPORT_PHILOXARRAYS_H
