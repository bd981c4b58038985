//===- CAPITest.cpp - The C API and the runtime ABI -----------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "TestUtils.h"

#include "aimc-c/Executor.h"
#include "aimc-c/RuntimeABI.h"

#include <cstdint>
#include <cstring>
#include <vector>

using namespace aimc::exec::test;

namespace {
AIMCMemRef2DF32 memref(std::vector<float> &v, int64_t rows, int64_t cols,
                       int64_t s0, int64_t s1, int64_t offset = 0) {
  return AIMCMemRef2DF32{v.data(), v.data(), offset, {rows, cols}, {s0, s1}};
}
} // namespace

TEST(CAPI, CreateProgramRunAndStats) {
  AIMCExecutorConfig c = aimc_executor_config_ideal();
  AIMCExecutor *chip = aimc_executor_create(&c);
  ASSERT_NE(chip, nullptr);
  const int64_t K = 20, N = 10, B = 3;
  std::vector<float> w = gaussian(K, N, 1), x = gaussian(B, K, 2), y(B * N);
  ASSERT_EQ(aimc_executor_program_tile(chip, 4, 1, 0, 0, w.data(), K, N, N), 0);
  ASSERT_EQ(aimc_executor_mvm(chip, 4, x.data(), B, K, K, y.data(), N, N), 0);
  EXPECT_LT(relativeError(y, reference(x, w, B, K, N)), 1e-5);
  AIMCExecutorStats s;
  ASSERT_EQ(aimc_executor_get_stats(chip, &s), 0);
  EXPECT_EQ(s.analog.mvms, B);
  EXPECT_EQ(s.analog.tiles, 1);
  AIMCAnalogStats t;
  ASSERT_EQ(aimc_executor_get_tile_stats(chip, 4, &t), 0);
  EXPECT_EQ(t.tiles, 1);
  EXPECT_EQ(t.mvms, B);
  EXPECT_DOUBLE_EQ(t.operations, 2.0 * K * N * B);
  EXPECT_DOUBLE_EQ(t.utilization, double(K * N) / (256 * 256));
  // The run's analog totals are the one tile's; its crossbar is the only
  // one in use, out of the chip's 64.
  EXPECT_DOUBLE_EQ(s.analog.energy_j, t.energy_j);
  EXPECT_DOUBLE_EQ(s.analog.latency_s, t.latency_s);
  EXPECT_DOUBLE_EQ(s.analog.utilization, t.utilization);
  EXPECT_DOUBLE_EQ(s.chip_utilization, t.utilization / 64);
  EXPECT_STREQ(aimc_executor_last_error(chip), "");
  // An error returns non-zero with a message.
  EXPECT_NE(aimc_executor_mvm(chip, 4, x.data(), B, K - 1, K, y.data(), N, N),
            0);
  EXPECT_NE(std::strstr(aimc_executor_last_error(chip), "shape mismatch"),
            nullptr);
  EXPECT_NE(aimc_executor_program_tile(chip, 5, 99, 0, 0, w.data(), K, N, N),
            0);
  EXPECT_NE(std::strstr(aimc_executor_last_error(chip), "core 99"), nullptr);
  EXPECT_NE(std::strstr(aimc_executor_first_error(chip), "shape mismatch"),
            nullptr);
  aimc_executor_destroy(chip);
}

TEST(CAPI, InvalidConfigIsRejected) {
  AIMCExecutorConfig c = aimc_executor_config_hermes();
  c.chip.rows = -4;
  EXPECT_EQ(aimc_executor_create(&c), nullptr);
  EXPECT_NE(std::strstr(aimc_executor_create_error(), "rows must be in"),
            nullptr);
  c = aimc_executor_config_hermes();
  c.chip.noise_model = 17;
  EXPECT_EQ(aimc_executor_create(&c), nullptr);
  EXPECT_NE(std::strstr(aimc_executor_create_error(), "noise_model"), nullptr);
  c = aimc_executor_config_hermes();
  c.chip.cores = INT64_MAX;
  EXPECT_EQ(aimc_executor_create(&c), nullptr);
  EXPECT_NE(std::strstr(aimc_executor_create_error(), "cores must be in"),
            nullptr);
  EXPECT_EQ(aimc_executor_create(nullptr), nullptr);
}

TEST(CAPI, ChipPresetsCarryEveryParameter) {
  AIMCChip chip;
  ASSERT_EQ(aimc_chip_preset("pcm", &chip), 0);
  EXPECT_STREQ(chip.name, "pcm");
  EXPECT_EQ(chip.noise_model, AIMC_NOISE_PCM_LIKE);
  EXPECT_EQ(chip.cores, 64);
  // The MVM and digital costs cross the C API too.
  EXPECT_EQ(chip.one_phase_latency_ns, 133.0);
  EXPECT_EQ(chip.four_phase_energy_nj, 52.85);
  EXPECT_EQ(chip.digital_gops_per_core, 8.0);
  EXPECT_NE(aimc_chip_preset("tpu", &chip), 0);
  ASSERT_EQ(aimc_chip_preset("ideal", &chip), 0);
  EXPECT_EQ(chip.quantize_inputs, 0);
  EXPECT_EQ(chip.input_range_mode, AIMC_CALIBRATION_FIXED);

  // A changed cost reaches the simulation: twice the 1-phase latency.
  AIMCExecutorConfig c = aimc_executor_config_ideal();
  c.chip.one_phase_latency_ns = 266.0;
  AIMCExecutor *handle = aimc_executor_create(&c);
  ASSERT_NE(handle, nullptr);
  std::vector<float> w(4, 1.0f), x(2, 1.0f), y(2, 0.0f);
  ASSERT_EQ(aimc_executor_program_tile(handle, 0, 0, 0, 0, w.data(), 2, 2, 2),
            0);
  ASSERT_EQ(aimc_executor_mvm(handle, 0, x.data(), 1, 2, 2, y.data(), 2, 2), 0);
  AIMCExecutorStats stats;
  ASSERT_EQ(aimc_executor_get_stats(handle, &stats), 0);
  EXPECT_DOUBLE_EQ(stats.analog.latency_s, 266e-9);
  aimc_executor_destroy(handle);
}

TEST(CAPI, HugeCoreCountsAllocateNothingPerCore) {
  // 2^62 cores used to allocate per core and throw std::length_error
  // across the C boundary (abort). Statistics of an (almost) empty chip
  // must not overflow either.
  AIMCExecutorConfig c = aimc_executor_config_ideal();
  c.chip.cores = int64_t(1) << 62;
  AIMCExecutor *chip = aimc_executor_create(&c);
  if (!chip) {
    EXPECT_STRNE(aimc_executor_create_error(), "");
    return;
  }
  std::vector<float> w = gaussian(4, 4, 1), x = gaussian(2, 4, 2), y(8);
  EXPECT_EQ(aimc_executor_program_tile(chip, 0, (int64_t(1) << 62) - 1, 0, 0,
                                       w.data(), 4, 4, 4),
            0);
  EXPECT_EQ(aimc_executor_mvm(chip, 0, x.data(), 2, 4, 4, y.data(), 4, 4), 0);
  AIMCExecutorStats stats;
  ASSERT_EQ(aimc_executor_get_stats(chip, &stats), 0);
  EXPECT_GT(stats.chip_utilization, 0.0);
  EXPECT_LT(stats.chip_utilization, 1e-12);
  EXPECT_GT(stats.analog.latency_s, 0.0);
  aimc_executor_destroy(chip);
}

TEST(CAPI, PlacementOffsetsNearInt64MaxAreErrors) {
  AIMCExecutorConfig c = aimc_executor_config_ideal();
  AIMCExecutor *chip = aimc_executor_create(&c);
  ASSERT_NE(chip, nullptr);
  std::vector<float> w = gaussian(4, 4, 1);
  EXPECT_NE(
      aimc_executor_program_tile(chip, 0, 0, INT64_MAX, 0, w.data(), 4, 4, 4),
      0);
  EXPECT_NE(aimc_executor_program_tile(chip, 1, 0, 0, INT64_MAX - 2, w.data(),
                                       4, 4, 4),
            0);
  aimc_executor_destroy(chip);
}

TEST(CAPI, InferenceTimeIsBounded) {
  AIMCExecutorConfig c = aimc_executor_config_hermes();
  c.t_inference_s = 1e304;
  EXPECT_EQ(aimc_executor_create(&c), nullptr);
  EXPECT_NE(std::strstr(aimc_executor_create_error(), "inference time"),
            nullptr);
  c = aimc_executor_config_hermes();
  AIMCExecutor *chip = aimc_executor_create(&c);
  ASSERT_NE(chip, nullptr);
  EXPECT_NE(aimc_executor_set_inference_time(chip, 1e11), 0);
  EXPECT_EQ(aimc_executor_set_inference_time(chip, 1e10), 0);
  aimc_executor_destroy(chip);
}

// The calls of test/Fuzz/Inputs/capi/tiny-input-range-dac-nan (found by
// aimc-capi-fuzzer): an input range of 1e-323 is 0 as a float32; the DAC
// then produced NaN and converted it to an integer. Now an error.
TEST(CAPI, TinyInputRangesAreErrors) {
  AIMCExecutorConfig c = aimc_executor_config_hermes();
  AIMCExecutor *chip = aimc_executor_create(&c);
  ASSERT_NE(chip, nullptr);
  std::vector<float> w(32 * 32, 0.0f);
  ASSERT_EQ(aimc_executor_program_tile(chip, 0, 0, 0, 0, w.data(), 32, 32, 32),
            0);
  EXPECT_NE(aimc_executor_configure_tile(chip, 0, 0, 0, 1e-323, 2e-323, 0), 0);
  EXPECT_NE(std::strstr(aimc_executor_last_error(chip), "input range"), nullptr)
      << aimc_executor_last_error(chip);
  EXPECT_EQ(aimc_executor_configure_tile(chip, 0, 0, 0, 50, 1e-30, 0), 0);
  // test/Fuzz/Inputs/capi/huge-noise-scale-nan-weights: a noise factor of
  // 1e186 overflowed the sampled conductances to inf, and the integer
  // crossbar converted inf / inf to an integer.
  EXPECT_NE(aimc_executor_configure_tile(chip, 0, 0, 0, 50, 1, 1e186), 0);
  EXPECT_NE(std::strstr(aimc_executor_last_error(chip), "noise scale"), nullptr)
      << aimc_executor_last_error(chip);
  EXPECT_EQ(aimc_executor_configure_tile(chip, 0, 0, 0, 50, 1, 1000), 0);
  aimc_executor_destroy(chip);
  // The chip-wide range too.
  c.chip.input_range = 1e-320;
  EXPECT_EQ(aimc_executor_create(&c), nullptr);
  EXPECT_NE(std::strstr(aimc_executor_create_error(), "input_range"), nullptr)
      << aimc_executor_create_error();
}

TEST(RuntimeABI, StridedMemrefsAndErrorsOnTheGivenChip) {
  AIMCExecutorConfig c = aimc_executor_config_ideal();
  AIMCExecutor *chip = aimc_executor_create(&c);
  ASSERT_NE(chip, nullptr);
  const int64_t K = 6, N = 4, B = 2;
  // W stored transposed (N x K) and viewed as K x N through strides.
  std::vector<float> w = gaussian(K, N, 1), wt(N * K);
  for (int64_t k = 0; k < K; ++k)
    for (int64_t j = 0; j < N; ++j)
      wt[j * K + k] = w[k * N + j];
  AIMCMemRef2DF32 wm = memref(wt, K, N, 1, K);
  _mlir_ciface_aimc_rt_program_tile(chip, 0, 0, 8, 8, &wm);
  EXPECT_STREQ(aimc_executor_first_error(chip), "");
  // x at an offset inside a larger buffer, y with a padded row stride.
  std::vector<float> xbuf(3 + B * K);
  std::vector<float> x = gaussian(B, K, 2);
  std::copy(x.begin(), x.end(), xbuf.begin() + 3);
  std::vector<float> ybuf(B * 7, 0.0f);
  AIMCMemRef2DF32 xm = memref(xbuf, B, K, K, 1, 3),
                  ym = memref(ybuf, B, N, 7, 1);
  _mlir_ciface_aimc_rt_mvm(chip, 0, &xm, &ym);
  EXPECT_STREQ(aimc_executor_first_error(chip), "");
  std::vector<double> ref = reference(x, w, B, K, N);
  for (int64_t b = 0; b < B; ++b)
    for (int64_t j = 0; j < N; ++j)
      EXPECT_NEAR(ybuf[b * 7 + j], ref[b * N + j],
                  1e-5 * (1 + std::fabs(ref[b * N + j])));
  aimc_rt_count_digital(chip, 1, 40);
  AIMCExecutorStats s;
  aimc_executor_get_stats(chip, &s);
  EXPECT_EQ(s.digital_ops[1], 40);

  // Errors are recorded (the first one kept), never abort.
  AIMCMemRef2DF32 bad = memref(xbuf, B, K + 1, K + 1, 1);
  _mlir_ciface_aimc_rt_mvm(chip, 0, &bad, &ym);
  _mlir_ciface_aimc_rt_mvm(chip, 0, nullptr, &ym);
  _mlir_ciface_aimc_rt_program_tile(chip, 1, 0, 8, 8, &wm); // overlaps tile 0
  aimc_rt_count_digital(chip, 12, 1);
  EXPECT_NE(std::strstr(aimc_executor_first_error(chip), "shape mismatch"),
            nullptr);
  EXPECT_NE(
      std::strstr(aimc_executor_last_error(chip), "unknown operation kind"),
      nullptr);
  aimc_executor_clear_errors(chip);
  _mlir_ciface_aimc_rt_mvm(chip, 0, nullptr, &ym);
  EXPECT_NE(std::strstr(aimc_executor_first_error(chip), "null input memref"),
            nullptr);

  // A null handle: recorded process-wide, nothing else happens.
  _mlir_ciface_aimc_rt_mvm(nullptr, 0, &xm, &ym);
  EXPECT_NE(std::strstr(aimc_rt_unbound_error(), "null chip handle"), nullptr);
  aimc_executor_destroy(chip);
}

TEST(RuntimeABI, TwoChipsAtOnce) {
  // Each call names its chip: two chips in one process, used alternately
  // (and from two threads by the RunSession tests), keep their own tiles.
  AIMCExecutorConfig c = aimc_executor_config_ideal();
  AIMCExecutor *a = aimc_executor_create(&c);
  AIMCExecutor *b = aimc_executor_create(&c);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  std::vector<float> wa(4, 1.0f), wb(4, 2.0f), x(2, 1.0f), ya(2), yb(2);
  AIMCMemRef2DF32 wam = memref(wa, 2, 2, 2, 1), wbm = memref(wb, 2, 2, 2, 1);
  _mlir_ciface_aimc_rt_program_tile(a, 0, 0, 0, 0, &wam);
  _mlir_ciface_aimc_rt_program_tile(b, 0, 0, 0, 0, &wbm);
  AIMCMemRef2DF32 xm = memref(x, 1, 2, 2, 1), yam = memref(ya, 1, 2, 2, 1),
                  ybm = memref(yb, 1, 2, 2, 1);
  _mlir_ciface_aimc_rt_mvm(a, 0, &xm, &yam);
  _mlir_ciface_aimc_rt_mvm(b, 0, &xm, &ybm);
  EXPECT_FLOAT_EQ(ya[0], 2.0f);
  EXPECT_FLOAT_EQ(yb[0], 4.0f);
  EXPECT_STREQ(aimc_executor_first_error(a), "");
  EXPECT_STREQ(aimc_executor_first_error(b), "");
  aimc_executor_destroy(a);
  aimc_executor_destroy(b);
}
