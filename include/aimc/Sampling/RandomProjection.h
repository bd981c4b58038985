//===- RandomProjection.h - Seeded random projection matrices ---*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Samples the static random projection Omega (s x d, row-major) of a
// random-feature model: z = x * Omega^T. Every draw comes from
// aimc::CounterRNG, so the same (kind, s, d, seed) gives a bit-identical Omega
// on every machine, in every process, whatever the call order. Only IEEE
// +, -, *, / and sqrt (correctly rounded) are applied to the normals that
// CounterRNG produces, in a fixed order.
//
// Algorithms (see docs/Sampling.md for the derivations and references):
//
//  - Gaussian: Omega[i][j] = N(0,1) draw `i*d + j` of stream kGaussianStream.
//
//  - TruncatedGaussian: as Gaussian, but an entry with |value| > 3 is redrawn
//    from the later index `i*d + j + t * 2^40` of the same stream (attempt
//    t = 1, 2, ...; 2^40 > any s*d, so redraws never collide with first
//    draws and do not depend on the shape). The first attempt equals the
//    Gaussian entry.
//    After kMaxTruncationAttempts failures (probability < 1e-160) the entry
//    is 0. The variance of the result is about 0.973 (no rescaling).
//
//  - Orthogonal (ORF, Yu et al. 2016): ceil(s/d) stacked d x d blocks. Block
//    b is diag(r) * Q, where Q is the orthogonal factor of a Householder QR
//    of the d x d Gaussian matrix G (G[i][j] = normal draw `i*d + j` of stream
//    kOrthogonalStreamBase + 2b), sign-fixed so that diag(R) > 0 (this makes
//    Q Haar-distributed), and r[i] = ||g_i||, the norm of the row-i Gaussian
//    vector made of normal draws `i*d .. i*d + d-1` of stream
//    kOrthogonalStreamBase + 2b + 1 (so r[i] ~ chi(d), like the row norms of
//    a Gaussian Omega). The first s rows are kept.
//
//  - StructuredOrthogonal (SORF, Yu et al. 2016): d' = the next power of two
//    >= d. Block b is sqrt(d') * H D1 H D2 H D3 (d' x d'), with H the
//    normalised Walsh-Hadamard matrix (H[i][j] = (-1)^popcount(i&j)/sqrt(d'))
//    and Dk = diag(+-1), where Dk[j] = -1 iff uniform draw `k*d' + j`
//    (k = 0, 1, 2 for D1, D2, D3) of stream kStructuredStreamBase + b is
//    < 1/2. So block * block^T = d' * I. Blocks are stacked to s rows
//    (ceil(s/d') blocks) and the first d columns kept. Entries are dyadic
//    rationals computed exactly (integers divided by d').
//
// Phases of random-phase cosine features: b[i] = 2 pi * uniform draw `i` of
// stream kPhaseStream, in (0, 2 pi).
//
// Every stream uses seed `seed` (the Philox key) of CounterRNG(seed, stream).
// This library has no MLIR or LLVM dependency.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_SAMPLING_RANDOMPROJECTION_H
#define AIMC_SAMPLING_RANDOMPROJECTION_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace aimc {

/// The distribution of the rows of Omega.
enum class ProjectionKind : uint32_t {
  Gaussian = 0,
  TruncatedGaussian = 1,
  Orthogonal = 2,
  StructuredOrthogonal = 3,
};

/// The keyword of `kind`: "gaussian", "truncated_gaussian", "orthogonal",
/// "structured_orthogonal".
const char *getProjectionKindName(ProjectionKind kind);

/// CounterRNG streams used by the sampler (documented above).
constexpr uint64_t kGaussianStream = 0;
constexpr uint64_t kOrthogonalStreamBase = uint64_t(1) << 32;
constexpr uint64_t kStructuredStreamBase = uint64_t(2) << 32;
constexpr uint64_t kPhaseStream = uint64_t(3) << 32;

/// |value| bound of the truncated Gaussian and number of redraws.
constexpr double kTruncationBound = 3.0;
constexpr unsigned kMaxTruncationAttempts = 64;
constexpr uint64_t kTruncationRedrawStride = uint64_t(1) << 40;

/// Largest number of entries s*d (and d' for SORF) the sampler accepts.
constexpr int64_t kMaxProjectionEntries = int64_t(1) << 31;

/// Checks the arguments: returns an empty string when (rows, cols) can be
/// sampled, else a message saying why not.
std::string checkProjectionShape(int64_t rows, int64_t cols);

/// Writes the rows x cols matrix Omega, row-major, to `out` (rows * cols
/// entries). Returns false and sets `*error` (if non-null) on bad arguments.
bool sampleProjection(ProjectionKind kind, int64_t rows, int64_t cols,
                      uint64_t seed, double *out, std::string *error = nullptr);

/// As above, rounding the double-precision result to float.
bool sampleProjection(ProjectionKind kind, int64_t rows, int64_t cols,
                      uint64_t seed, float *out, std::string *error = nullptr);

/// Writes rows firstRow .. firstRow + rows - 1 of the matrix Omega of
/// `cols` columns, row-major, to `out` (rows * cols entries). Rows never
/// depend on how many rows the matrix has, so the rows of a matrix can be
/// sampled in pieces (e.g. in parallel) with bit-identical results; a piece
/// that starts at a multiple of getProjectionBlockRows(kind, cols) rows
/// computes no block twice. Returns false and sets `*error` (if non-null)
/// on bad arguments (firstRow + rows must be a valid shape).
bool sampleProjectionRows(ProjectionKind kind, int64_t firstRow, int64_t rows,
                          int64_t cols, uint64_t seed, double *out,
                          std::string *error = nullptr);
bool sampleProjectionRows(ProjectionKind kind, int64_t firstRow, int64_t rows,
                          int64_t cols, uint64_t seed, float *out,
                          std::string *error = nullptr);

/// The rows of one independently sampled block of `kind` with `cols`
/// columns: d (ORF), the next power of two >= d (SORF), 1 otherwise.
int64_t getProjectionBlockRows(ProjectionKind kind, int64_t cols);

/// Convenience: Omega as a vector, or std::nullopt (and `*error`) on bad
/// arguments.
std::optional<std::vector<double>>
sampleProjection(ProjectionKind kind, int64_t rows, int64_t cols, uint64_t seed,
                 std::string *error = nullptr);

/// Writes `count` phases b[i] = 2 pi u_i, u_i uniform in (0, 1), to `out`.
/// Returns false and sets `*error` (if non-null) when `count` is not in
/// [1, kMaxProjectionEntries].
bool samplePhases(int64_t count, uint64_t seed, double *out,
                  std::string *error = nullptr);
bool samplePhases(int64_t count, uint64_t seed, float *out,
                  std::string *error = nullptr);

} // namespace aimc

#endif // AIMC_SAMPLING_RANDOMPROJECTION_H
