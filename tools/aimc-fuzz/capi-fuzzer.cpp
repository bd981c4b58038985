//===- capi-fuzzer.cpp - Fuzz the executor's C API configuration ----------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// libFuzzer harness: the first input byte selects a preset configuration
// (hermes, pcm, ideal); the following bytes are XORed onto the bytes of its
// AIMCExecutorConfig, so every field can take arbitrary values (NaNs and
// extremes included) while short inputs and small mutations stay close to a
// valid chip and reach the simulation instead of stopping at validation.
// The harness then drives the chip through the C API: create, program a
// tile whose shape and placement come from the input, configure, calibrate,
// run an MVM, read the statistics, destroy. Every call must return (an error
// code and message is fine): no crash, no exception across the C boundary,
// no huge allocation.
//
//===----------------------------------------------------------------------===//

#include "aimc-c/Executor.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace {
/// Reads the next `T` from the input, zero when it is used up.
struct Reader {
  const uint8_t *data;
  size_t size;
  template <typename T> T next() {
    T value{};
    size_t n = std::min(sizeof(T), size);
    std::memcpy(&value, data, n);
    data += n;
    size -= n;
    return value;
  }
};
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Reader in{data, size};
  AIMCExecutorConfig config = aimc_executor_config_hermes();
  switch (in.next<uint8_t>() % 3) {
  case 1:
    aimc_chip_preset("pcm", &config.chip);
    break;
  case 2:
    config = aimc_executor_config_ideal();
    break;
  default:
    break;
  }
  // The tile and the calls first (all zero bytes: a 1x1 tile at the origin
  // and a batch of one), then the configuration's bytes.
  int64_t rows = 1 + in.next<uint8_t>() % 32,
          cols = 1 + in.next<uint8_t>() % 32;
  int64_t core = in.next<int64_t>(), row = in.next<int64_t>(),
          col = in.next<int64_t>();
  int64_t fourPhase = in.next<int64_t>() % 3,
          calibration = in.next<int64_t>() % 4;
  double percentile = in.next<double>(), inputRange = in.next<double>(),
         noiseScale = in.next<double>();
  int64_t batch = (in.next<uint8_t>() + 1) % 4;
  double tInference = in.next<double>();
  int64_t digitalKind = in.next<int64_t>() % 5, digitalOps = in.next<int64_t>();
  auto *bytes = reinterpret_cast<uint8_t *>(&config);
  for (size_t i = 0; i < sizeof(config); ++i)
    bytes[i] ^= in.next<uint8_t>();
  // Keep the simulation itself small: the point is the configuration.
  config.num_threads = 1 + (config.num_threads & 1);

  AIMCExecutor *chip = aimc_executor_create(&config);
  if (!chip) {
    (void)aimc_executor_create_error();
    return 0;
  }
  std::vector<float> weights(static_cast<size_t>(rows * cols));
  for (float &w : weights)
    w = static_cast<float>(in.next<int8_t>()) / 16.0f;
  if (in.next<uint8_t>() & 1)
    weights[0] = in.next<float>();
  aimc_executor_program_tile(chip, 0, core, row, col, weights.data(), rows,
                             cols, cols);
  aimc_executor_configure_tile(chip, 0, fourPhase, calibration, percentile,
                               inputRange, noiseScale);
  std::vector<float> x(static_cast<size_t>(std::max<int64_t>(1, batch) * rows),
                       0.5f),
      y(static_cast<size_t>(std::max<int64_t>(1, batch) * cols));
  if (batch > 0 && (in.next<uint8_t>() & 1))
    x[0] = in.next<float>();
  aimc_executor_calibrate_tile(chip, 0, x.data(), batch, rows, rows);
  aimc_executor_mvm(chip, 0, x.data(), batch, rows, rows, y.data(), cols, cols);
  aimc_executor_set_inference_time(chip, tInference);
  aimc_executor_count_digital(chip, digitalKind, digitalOps);
  AIMCExecutorStats stats;
  aimc_executor_get_stats(chip, &stats);
  AIMCAnalogStats tileStats;
  aimc_executor_get_tile_stats(chip, 0, &tileStats);
  (void)aimc_executor_first_error(chip);
  (void)aimc_executor_last_error(chip);
  aimc_executor_destroy(chip);
  return 0;
}
