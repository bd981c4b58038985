//===- Converters.cpp - DAC and ADC models --------------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Executor/Converters.h"

#include <algorithm>
#include <vector>

using namespace aimc::exec;

void Quantizer::quantize(float *values, size_t count) const {
  if (!enabled)
    return;
  const float levels = static_cast<float>(maxLevel);
  const float step = range / levels;
  for (size_t i = 0; i < count; ++i) {
    values[i] = roundHalfAway(clampUnit(values[i] / range) * levels) * step;
  }
}

double aimc::exec::absPercentile(const float *values, size_t count, double p) {
  if (count == 0)
    return 0;
  std::vector<float> a(count);
  for (size_t i = 0; i < count; ++i)
    a[i] = std::fabs(values[i]);
  p = std::min(std::max(p, 0.0), 100.0);
  // Nearest rank: the smallest value with at least p% of the data <= it.
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * count));
  rank = std::min(std::max<size_t>(rank, 1), count) - 1;
  std::nth_element(a.begin(), a.begin() + rank, a.end());
  return a[rank];
}
