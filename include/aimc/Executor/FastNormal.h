//===- FastNormal.h - Bulk normal draws from a CounterRNG stream -*- C++
//-*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The MVM hot path needs one fresh normal per output element. These routines
// draw them from the same Philox4x32-10 blocks as aimc::CounterRNG::bits()
// (same seed, stream and block counter: the raw words are bit-identical), with
// a vectorised single-precision Box-Muller transform:
//
//   normal i of a stream uses block b = i / 4 of that stream; its words
//   (w0, w1) give normals 4b, 4b+1 and (w2, w3) give 4b+2, 4b+3 as
//     u = ((w >> 9) + 1/2) 2^-23,  R = sqrt(-2 ln u_even),
//     phi = 2 pi (u_odd - 1/2),   (R cos phi, R sin phi).
//
// Blocks are generated in fixed chunks aligned to multiples of kChunkBlocks,
// so a draw's value never depends on which range a caller requests (batch
// splitting), nor on threads, nor on the instruction set (a portable and an
// AVX-512 implementation, dispatched at run time, give identical bits). Tails
// are limited to |z| < 5.8 by the 24-bit uniforms (a 2e-8 probability mass).
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_EXECUTOR_FASTNORMAL_H
#define AIMC_EXECUTOR_FASTNORMAL_H

#include "aimc/Support/CounterRNG.h"

#include <cstddef>
#include <cstdint>

namespace aimc {
namespace exec {

/// Blocks per generation chunk (each gives 4 normals).
constexpr size_t kChunkBlocks = 64;

/// Writes the four 32-bit words of blocks first..first+count-1 of `rng`'s
/// stream to out[4*i .. 4*i+3] (r0, r1, r2, r3 of Philox4x32-10).
void philoxBlocks(const CounterRNG &rng, uint64_t firstBlock, size_t count,
                  uint32_t *out);

/// Implementations of the transform. All give identical bits; Best picks the
/// fastest this CPU runs (AVX-512 if present, else Portable).
enum class NormalKernel { Best, Portable, AVX512 };

/// True if `kernel` runs on this CPU.
bool normalKernelAvailable(NormalKernel kernel);

/// Writes single-precision standard normals first..first+count-1 of `rng`'s
/// stream (see the file comment) to `out`.
void fillNormalFast(const CounterRNG &rng, float *out, size_t count,
                    uint64_t first, NormalKernel kernel = NormalKernel::Best);

/// The Box-Muller step alone, for tests over its whole input domain: normals
/// out[2p], out[2p+1] from words[2p], words[2p+1], p < pairs (a multiple of
/// 2 kChunkBlocks).
void boxMullerWords(const uint32_t *words, float *out, size_t pairs,
                    NormalKernel kernel = NormalKernel::Best);

} // namespace exec
} // namespace aimc

#endif // AIMC_EXECUTOR_FASTNORMAL_H
