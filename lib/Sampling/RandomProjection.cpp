//===- RandomProjection.cpp - Seeded random projection matrices -----------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Implements the samplers documented in aimc/Sampling/RandomProjection.h.
//
//===----------------------------------------------------------------------===//

#include "aimc/Sampling/RandomProjection.h"

#include "aimc/Support/CounterRNG.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

using namespace aimc;

namespace {

/// Rows firstRow .. firstRow + rows - 1 of Omega[i][j] = N(0,1), optionally
/// truncated at +-kTruncationBound.
void sampleGaussian(int64_t firstRow, int64_t rows, int64_t cols, uint64_t seed,
                    bool truncate, double *out) {
  CounterRNG rng(seed, kGaussianStream);
  uint64_t count = static_cast<uint64_t>(rows) * static_cast<uint64_t>(cols);
  uint64_t first =
      static_cast<uint64_t>(firstRow) * static_cast<uint64_t>(cols);
  rng.fillNormal(out, count, first);
  if (!truncate)
    return;
  for (uint64_t e = 0; e < count; ++e) {
    unsigned attempt = 0;
    while (std::fabs(out[e]) > kTruncationBound) {
      if (++attempt > kMaxTruncationAttempts) {
        out[e] = 0.0;
        break;
      }
      out[e] = rng.normal(first + e + attempt * kTruncationRedrawStride);
    }
  }
}

/// m[k:, j0:] -= (2 / vNorm2) v (v^T m[k:, j0:]) for the n x n row-major m.
/// Row-major sweeps; each dot product still sums over i in increasing order.
void applyReflector(const std::vector<double> &v, double vNorm2,
                    std::vector<double> &m, int64_t n, int64_t k, int64_t j0,
                    std::vector<double> &dots) {
  dots.assign(n, 0.0);
  for (int64_t i = k; i < n; ++i) {
    double vi = v[i - k];
    const double *row = &m[i * n];
    for (int64_t j = j0; j < n; ++j)
      dots[j] += vi * row[j];
  }
  for (int64_t j = j0; j < n; ++j)
    dots[j] = 2.0 * dots[j] / vNorm2;
  for (int64_t i = k; i < n; ++i) {
    double vi = v[i - k];
    double *row = &m[i * n];
    for (int64_t j = j0; j < n; ++j)
      row[j] -= dots[j] * vi;
  }
}

/// Orthogonal factor of a Householder QR of the n x n row-major matrix `a`
/// (overwritten), sign-fixed so that diag(R) > 0. Writes Q row-major to `q`.
void householderQ(std::vector<double> &a, int64_t n, std::vector<double> &q) {
  std::vector<std::vector<double>> reflectors(n);
  std::vector<double> reflectorNorm2(n, 0.0);
  std::vector<double> diagR(n, 0.0);
  std::vector<double> dots;
  for (int64_t k = 0; k < n; ++k) {
    double norm2 = 0.0;
    for (int64_t i = k; i < n; ++i)
      norm2 += a[i * n + k] * a[i * n + k];
    double norm = std::sqrt(norm2);
    if (norm == 0.0)
      continue; // H_k = I, R_kk = 0.
    double alpha = a[k * n + k] >= 0.0 ? -norm : norm;
    std::vector<double> &v = reflectors[k];
    v.assign(n - k, 0.0);
    for (int64_t i = k; i < n; ++i)
      v[i - k] = a[i * n + k];
    v[0] -= alpha;
    double vNorm2 = 0.0;
    for (double x : v)
      vNorm2 += x * x;
    reflectorNorm2[k] = vNorm2;
    // A[k:, k:] = (I - 2 v v^T / v^T v) A[k:, k:].
    applyReflector(v, vNorm2, a, n, k, k, dots);
    diagR[k] = alpha;
  }
  // Q = H_0 H_1 ... H_{n-1} I, applied right to left.
  q.assign(n * n, 0.0);
  for (int64_t i = 0; i < n; ++i)
    q[i * n + i] = 1.0;
  for (int64_t k = n - 1; k >= 0; --k) {
    if (!reflectors[k].empty())
      applyReflector(reflectors[k], reflectorNorm2[k], q, n, k, 0, dots);
  }
  // Q <- Q diag(sign(R_jj)), R <- diag(sign(R_jj)) R.
  for (int64_t j = 0; j < n; ++j)
    if (diagR[j] < 0.0)
      for (int64_t i = 0; i < n; ++i)
        q[i * n + j] = -q[i * n + j];
}

/// Rows firstRow .. firstRow + rows - 1 of the ORF: stacked blocks
/// diag(chi(d) norms) * Q.
void sampleOrthogonal(int64_t firstRow, int64_t rows, int64_t cols,
                      uint64_t seed, double *out) {
  int64_t d = cols;
  int64_t end = firstRow + rows;
  std::vector<double> g(d * d), q, norms(d);
  for (int64_t b = firstRow / d; b * d < end; ++b) {
    uint64_t stream = kOrthogonalStreamBase + 2 * static_cast<uint64_t>(b);
    CounterRNG(seed, stream).fillNormal(g.data(), g.size());
    householderQ(g, d, q);
    // Row norms: chi(d) from an independent Gaussian d x d matrix.
    CounterRNG normRng(seed, stream + 1);
    std::vector<double> row(d);
    for (int64_t i = 0; i < d; ++i) {
      normRng.fillNormal(row.data(), d, static_cast<uint64_t>(i * d));
      double norm2 = 0.0;
      for (double x : row)
        norm2 += x * x;
      norms[i] = std::sqrt(norm2);
    }
    for (int64_t i = 0; i < d && b * d + i < end; ++i)
      if (b * d + i >= firstRow)
        for (int64_t j = 0; j < d; ++j)
          out[(b * d + i - firstRow) * cols + j] = norms[i] * q[i * d + j];
  }
}

/// Unnormalised in-place Walsh-Hadamard transform of a power-of-two vector.
void walshHadamard(std::vector<double> &v) {
  size_t n = v.size();
  for (size_t h = 1; h < n; h *= 2)
    for (size_t i = 0; i < n; i += 2 * h)
      for (size_t j = i; j < i + h; ++j) {
        double x = v[j], y = v[j + h];
        v[j] = x + y;
        v[j + h] = x - y;
      }
}

/// Rows firstRow .. firstRow + rows - 1 of the SORF: stacked blocks
/// sqrt(d') H D1 H D2 H D3, first d columns.
void sampleStructured(int64_t firstRow, int64_t rows, int64_t cols,
                      uint64_t seed, double *out) {
  int64_t dPad = 1;
  while (dPad < cols)
    dPad *= 2;
  int64_t end = firstRow + rows;
  std::vector<double> signs(3 * dPad), column(dPad);
  for (int64_t b = firstRow / dPad; b * dPad < end; ++b) {
    CounterRNG rng(seed, kStructuredStreamBase + static_cast<uint64_t>(b));
    rng.fillUniform(signs.data(), signs.size());
    for (double &s : signs)
      s = s < 0.5 ? -1.0 : 1.0;
    const double *d1 = signs.data(), *d2 = d1 + dPad, *d3 = d2 + dPad;
    // Column j of sqrt(d') H D1 H D2 H D3 = W D1 W D2 W D3 e_j / d' with the
    // unnormalised Walsh-Hadamard matrix W = sqrt(d') H.
    for (int64_t j = 0; j < cols; ++j) {
      std::fill(column.begin(), column.end(), 0.0);
      column[j] = d3[j];
      walshHadamard(column);
      for (int64_t i = 0; i < dPad; ++i)
        column[i] *= d2[i];
      walshHadamard(column);
      for (int64_t i = 0; i < dPad; ++i)
        column[i] *= d1[i];
      walshHadamard(column);
      for (int64_t i = 0; i < dPad && b * dPad + i < end; ++i)
        if (b * dPad + i >= firstRow)
          out[(b * dPad + i - firstRow) * cols + j] =
              column[i] / static_cast<double>(dPad);
    }
  }
}

} // namespace

const char *aimc::getProjectionKindName(ProjectionKind kind) {
  switch (kind) {
  case ProjectionKind::Gaussian:
    return "gaussian";
  case ProjectionKind::TruncatedGaussian:
    return "truncated_gaussian";
  case ProjectionKind::Orthogonal:
    return "orthogonal";
  case ProjectionKind::StructuredOrthogonal:
    return "structured_orthogonal";
  }
  return "unknown";
}

std::string aimc::checkProjectionShape(int64_t rows, int64_t cols) {
  if (rows <= 0 || cols <= 0)
    return "projection shape must be positive, got " + std::to_string(rows) +
           "x" + std::to_string(cols);
  if (rows > kMaxProjectionEntries / cols || 2 * cols > kMaxProjectionEntries)
    return "projection " + std::to_string(rows) + "x" + std::to_string(cols) +
           " has more than " + std::to_string(kMaxProjectionEntries) +
           " entries";
  return "";
}

/// Why rows firstRow .. firstRow + rows - 1 of a matrix of `cols` columns
/// cannot be sampled, or "".
static std::string checkRows(int64_t firstRow, int64_t rows, int64_t cols) {
  if (firstRow < 0 || firstRow > kMaxProjectionEntries)
    return "first row must be in [0, " + std::to_string(kMaxProjectionEntries) +
           "], got " + std::to_string(firstRow);
  std::string message = checkProjectionShape(rows, cols);
  if (message.empty())
    message = checkProjectionShape(firstRow + rows, cols);
  return message;
}

int64_t aimc::getProjectionBlockRows(ProjectionKind kind, int64_t cols) {
  switch (kind) {
  case ProjectionKind::Orthogonal:
    return cols;
  case ProjectionKind::StructuredOrthogonal: {
    int64_t dPad = 1;
    while (dPad < cols)
      dPad *= 2;
    return dPad;
  }
  default:
    return 1;
  }
}

bool aimc::sampleProjection(ProjectionKind kind, int64_t rows, int64_t cols,
                            uint64_t seed, double *out, std::string *error) {
  return sampleProjectionRows(kind, 0, rows, cols, seed, out, error);
}

bool aimc::sampleProjectionRows(ProjectionKind kind, int64_t firstRow,
                                int64_t rows, int64_t cols, uint64_t seed,
                                double *out, std::string *error) {
  std::string message = checkRows(firstRow, rows, cols);
  if (message.empty() && !out)
    message = "output buffer is null";
  if (!message.empty()) {
    if (error)
      *error = message;
    return false;
  }
  switch (kind) {
  case ProjectionKind::Gaussian:
    sampleGaussian(firstRow, rows, cols, seed, /*truncate=*/false, out);
    return true;
  case ProjectionKind::TruncatedGaussian:
    sampleGaussian(firstRow, rows, cols, seed, /*truncate=*/true, out);
    return true;
  case ProjectionKind::Orthogonal:
    sampleOrthogonal(firstRow, rows, cols, seed, out);
    return true;
  case ProjectionKind::StructuredOrthogonal:
    sampleStructured(firstRow, rows, cols, seed, out);
    return true;
  }
  if (error)
    *error = "unknown projection kind " +
             std::to_string(static_cast<uint32_t>(kind));
  return false;
}

bool aimc::sampleProjection(ProjectionKind kind, int64_t rows, int64_t cols,
                            uint64_t seed, float *out, std::string *error) {
  return sampleProjectionRows(kind, 0, rows, cols, seed, out, error);
}

bool aimc::sampleProjectionRows(ProjectionKind kind, int64_t firstRow,
                                int64_t rows, int64_t cols, uint64_t seed,
                                float *out, std::string *error) {
  if (!out) {
    if (error)
      *error = "output buffer is null";
    return false;
  }
  std::string message = checkProjectionShape(rows, cols);
  if (!message.empty()) {
    if (error)
      *error = message;
    return false;
  }
  if (kind == ProjectionKind::Gaussian) {
    // The float fill rounds each double draw once, like the loop below.
    message = checkRows(firstRow, rows, cols);
    if (!message.empty()) {
      if (error)
        *error = message;
      return false;
    }
    CounterRNG(seed, kGaussianStream)
        .fillNormal(out, static_cast<size_t>(rows * cols),
                    static_cast<uint64_t>(firstRow) *
                        static_cast<uint64_t>(cols));
    return true;
  }
  std::vector<double> omega(static_cast<size_t>(rows * cols));
  if (!sampleProjectionRows(kind, firstRow, rows, cols, seed, omega.data(),
                            error))
    return false;
  for (size_t i = 0, e = omega.size(); i < e; ++i)
    out[i] = static_cast<float>(omega[i]);
  return true;
}

std::optional<std::vector<double>>
aimc::sampleProjection(ProjectionKind kind, int64_t rows, int64_t cols,
                       uint64_t seed, std::string *error) {
  std::string message = checkProjectionShape(rows, cols);
  if (!message.empty()) {
    if (error)
      *error = message;
    return std::nullopt;
  }
  std::vector<double> omega(static_cast<size_t>(rows * cols));
  if (!sampleProjection(kind, rows, cols, seed, omega.data(), error))
    return std::nullopt;
  return omega;
}

bool aimc::samplePhases(int64_t count, uint64_t seed, double *out,
                        std::string *error) {
  std::string message;
  if (count <= 0 || count > kMaxProjectionEntries)
    message = "phase count must be in [1, " +
              std::to_string(kMaxProjectionEntries) + "], got " +
              std::to_string(count);
  else if (!out)
    message = "output buffer is null";
  if (!message.empty()) {
    if (error)
      *error = message;
    return false;
  }
  constexpr double kTwoPi = 6.283185307179586476925286766559;
  CounterRNG(seed, kPhaseStream).fillUniform(out, static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i)
    out[i] *= kTwoPi;
  return true;
}

bool aimc::samplePhases(int64_t count, uint64_t seed, float *out,
                        std::string *error) {
  if (!out) {
    if (error)
      *error = "output buffer is null";
    return false;
  }
  std::vector<double> phases(count > 0 ? static_cast<size_t>(count) : 0);
  if (!samplePhases(count, seed, phases.data(), error))
    return false;
  for (int64_t i = 0; i < count; ++i)
    out[i] = static_cast<float>(phases[i]);
  return true;
}
