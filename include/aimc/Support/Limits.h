//===- Limits.h - Resource limits of the compiler ---------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Bounds that keep bad or hostile input from exhausting the machine:
//
//  - the weight budget: the bytes of constant weight data (dense constants and
//    sampled projections, counted as float32) one module may hold. The passes
//    that materialise weights (ka-lower, canonicalize's folding of samples,
//    aimc-partition, aimc-tile) check it before they allocate, so a compile
//    peaks at a small multiple of the budget. The default, 2 GiB, keeps that
//    multiple within a 24 GiB machine; tools raise it with
//    --aimc-weight-budget, Python with aimc.set_weight_budget();
//  - the nesting depth of MLIR text: deeper brackets are refused before the
//    recursive-descent parser could overflow its stack.
//
// This library has no MLIR dependency.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_SUPPORT_LIMITS_H
#define AIMC_SUPPORT_LIMITS_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aimc {

/// The default weight budget: 2 GiB.
constexpr uint64_t kDefaultWeightBudgetBytes = uint64_t(2) << 30;

/// The process-wide weight budget in bytes (thread-safe).
uint64_t getWeightBudgetBytes();
/// Sets the process-wide weight budget; 0 restores the default.
void setWeightBudgetBytes(uint64_t bytes);

/// Parses a byte count with an optional suffix (K, M, G, T, KiB, MiB, GiB,
/// TiB, all binary; B or none for bytes), e.g. "8GiB". nullopt if malformed,
/// zero or beyond 2^62 bytes.
std::optional<uint64_t> parseByteCount(std::string_view text);

/// "1.5 GiB"-style text for a byte count.
std::string formatBytes(uint64_t bytes);

/// Empty if `bytes` fits the weight budget, else an error message naming
/// `what`, the size and the budget, and how to raise it.
std::string checkWeightBudget(uint64_t bytes, const std::string &what);

/// a * b, saturating at UINT64_MAX.
uint64_t saturatingMul(uint64_t a, uint64_t b);
/// a + b, saturating at UINT64_MAX.
uint64_t saturatingAdd(uint64_t a, uint64_t b);

/// The deepest bracket nesting ((, [, {, <) aimc accepts in MLIR text.
constexpr unsigned kMaxNestingDepth = 256;

/// Where MLIR text first nests deeper than a limit (1-based line, column).
struct NestingError {
  unsigned line = 0, column = 0;
  std::string message;
};

/// Scans MLIR text (skipping string literals and `//` comments) for bracket
/// nesting deeper than `maxDepth`. nullopt if it stays within the limit.
std::optional<NestingError>
checkNestingDepth(std::string_view text, unsigned maxDepth = kMaxNestingDepth);

/// Scans MLIR text for `permutation =` or `dimensions =` not followed by
/// `[`: MLIR 22's custom parsers of linalg.transpose and linalg.broadcast
/// dereference a null attribute on such input (found by aimc-ir-fuzzer).
/// nullopt if there is none.
std::optional<NestingError> checkKnownParserCrashes(std::string_view text);

/// checkNestingDepth, then checkKnownParserCrashes.
std::optional<NestingError> checkBeforeParsing(std::string_view text);

} // namespace aimc

#endif // AIMC_SUPPORT_LIMITS_H
