//===- Limits.cpp - Resource limits of the compiler -----------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Support/Limits.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <limits>

using namespace aimc;

static std::atomic<uint64_t> weightBudget{kDefaultWeightBudgetBytes};

uint64_t aimc::getWeightBudgetBytes() { return weightBudget.load(); }

void aimc::setWeightBudgetBytes(uint64_t bytes) {
  weightBudget.store(bytes ? bytes : kDefaultWeightBudgetBytes);
}

uint64_t aimc::saturatingMul(uint64_t a, uint64_t b) {
  uint64_t result;
  if (__builtin_mul_overflow(a, b, &result))
    return std::numeric_limits<uint64_t>::max();
  return result;
}

uint64_t aimc::saturatingAdd(uint64_t a, uint64_t b) {
  uint64_t result;
  if (__builtin_add_overflow(a, b, &result))
    return std::numeric_limits<uint64_t>::max();
  return result;
}

std::optional<uint64_t> aimc::parseByteCount(std::string_view text) {
  size_t i = 0;
  uint64_t value = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    uint64_t digit = static_cast<uint64_t>(text[i] - '0');
    if (value > (uint64_t(1) << 62) / 10)
      return std::nullopt;
    value = value * 10 + digit;
    ++i;
  }
  if (i == 0)
    return std::nullopt;
  std::string_view suffix = text.substr(i);
  unsigned shift = 0;
  if (suffix.empty() || suffix == "B")
    shift = 0;
  else if (suffix == "K" || suffix == "KiB")
    shift = 10;
  else if (suffix == "M" || suffix == "MiB")
    shift = 20;
  else if (suffix == "G" || suffix == "GiB")
    shift = 30;
  else if (suffix == "T" || suffix == "TiB")
    shift = 40;
  else
    return std::nullopt;
  if (value == 0 || value > ((uint64_t(1) << 62) >> shift))
    return std::nullopt;
  return value << shift;
}

std::string aimc::formatBytes(uint64_t bytes) {
  if (bytes == std::numeric_limits<uint64_t>::max())
    return "more than 16 EiB";
  static const char *units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double value = static_cast<double>(bytes);
  unsigned unit = 0;
  while (value >= 1024.0 && unit + 1 < sizeof(units) / sizeof(units[0])) {
    value /= 1024.0;
    ++unit;
  }
  char buffer[64];
  if (unit == 0)
    std::snprintf(buffer, sizeof(buffer), "%llu bytes",
                  static_cast<unsigned long long>(bytes));
  else
    std::snprintf(buffer, sizeof(buffer), "%.3g %s", value, units[unit]);
  return buffer;
}

std::string aimc::checkWeightBudget(uint64_t bytes, const std::string &what) {
  uint64_t budget = getWeightBudgetBytes();
  if (bytes <= budget)
    return "";
  return what + " needs " + formatBytes(bytes) +
         " of weights, more than the weight budget of " + formatBytes(budget) +
         " (raise it with --aimc-weight-budget=<bytes>, or "
         "aimc.set_weight_budget() in Python)";
}

std::optional<NestingError> aimc::checkNestingDepth(std::string_view text,
                                                    unsigned maxDepth) {
  unsigned depth = 0, line = 1, column = 0;
  for (size_t i = 0, e = text.size(); i < e; ++i) {
    char c = text[i];
    ++column;
    if (c == '\n') {
      ++line;
      column = 0;
      continue;
    }
    if (c == '"') {
      // A string literal: skip to its closing quote, honouring escapes.
      for (++i; i < e && text[i] != '"'; ++i) {
        ++column;
        if (text[i] == '\\' && i + 1 < e) {
          ++i;
          ++column;
        }
        if (text[i] == '\n') {
          ++line;
          column = 0;
        }
      }
      ++column;
      continue;
    }
    if (c == '/' && i + 1 < e && text[i + 1] == '/') {
      while (i + 1 < e && text[i + 1] != '\n')
        ++i;
      continue;
    }
    if (c == '(' || c == '[' || c == '{' || c == '<') {
      if (++depth > maxDepth) {
        NestingError error;
        error.line = line;
        error.column = column;
        error.message = "input nests brackets more than " +
                        std::to_string(maxDepth) +
                        " levels deep; aimc refuses it rather than risk "
                        "overflowing the parser's stack";
        return error;
      }
    } else if (c == ')' || c == ']' || c == '}' ||
               (c == '>' && !(i > 0 && text[i - 1] == '-'))) {
      // Unbalanced closers (e.g. `>=` in an integer set) never bank depth.
      if (depth > 0)
        --depth;
    }
  }
  return std::nullopt;
}

/// True if text[i] starts a list of integers "[ -1, 2 ]" (or "[]").
static bool isIntegerList(std::string_view text, size_t i) {
  auto skipSpace = [&] {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
      ++i;
  };
  ++i; // '['
  skipSpace();
  if (i < text.size() && text[i] == ']')
    return true;
  while (i < text.size()) {
    if (text[i] == '-')
      ++i;
    size_t digits = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
      ++i;
    if (i == digits)
      return false;
    skipSpace();
    if (i < text.size() && text[i] == ']')
      return true;
    if (i >= text.size() || text[i] != ',')
      return false;
    ++i;
    skipSpace();
  }
  return false;
}

std::optional<NestingError>
aimc::checkKnownParserCrashes(std::string_view text) {
  for (std::string_view keyword : {"permutation", "dimensions"}) {
    for (size_t at = text.find(keyword); at != std::string_view::npos;
         at = text.find(keyword, at + 1)) {
      size_t i = at + keyword.size();
      while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
        ++i;
      if (i >= text.size() || text[i] != '=')
        continue;
      ++i;
      while (i < text.size() &&
             std::isspace(static_cast<unsigned char>(text[i])))
        ++i;
      if (i < text.size() && text[i] == '[' && isIntegerList(text, i))
        continue;
      // Not in a `//` comment or a string on the same line.
      size_t lineStart = text.rfind('\n', at);
      lineStart = lineStart == std::string_view::npos ? 0 : lineStart + 1;
      std::string_view before = text.substr(lineStart, at - lineStart);
      if (before.find("//") != std::string_view::npos ||
          std::count(before.begin(), before.end(), '"') % 2 == 1)
        continue;
      NestingError error;
      error.line = 1;
      error.column = 1;
      for (size_t j = 0; j < at; ++j) {
        if (text[j] == '\n') {
          ++error.line;
          error.column = 1;
        } else {
          ++error.column;
        }
      }
      error.message = "'" + std::string(keyword) +
                      " =' must be followed by a '[...]' list of integers "
                      "(MLIR 22's linalg parsers crash on anything else)";
      return error;
    }
  }
  return std::nullopt;
}

std::optional<NestingError> aimc::checkBeforeParsing(std::string_view text) {
  if (std::optional<NestingError> error = checkNestingDepth(text))
    return error;
  return checkKnownParserCrashes(text);
}
