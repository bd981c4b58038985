//===- CAPI.cpp - C API of the simulated AIMC chip ------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "CAPIInternal.h"

#include <cstddef>
#include <cstring>
#include <type_traits>

using namespace aimc;
using namespace aimc::exec;

namespace {
thread_local std::string createError;

// One numbering per enumeration, from the table.
#define AIMC_CHIP_ENUM_CASE(TYPE, CASE, SPELLING, CNAME, VALUE)                \
  static_assert(CNAME == VALUE, "the C API numbers " #CNAME " differently");
#include "aimc/Chip/ChipParameters.def"

ChipModel chipFromC(const AIMCChip &c) {
  ChipModel m;
  m.name = std::string(c.name, strnlen(c.name, sizeof c.name));
#define AIMC_CHIP_INT(FIELD, KEY, MIN, MAX, HERMES, PCM, IDEAL, DOC)           \
  m.FIELD = c.KEY;
#define AIMC_CHIP_REAL(FIELD, KEY, MIN, MIN_OPEN, MAX, HERMES, PCM, IDEAL,     \
                       DOC)                                                    \
  m.FIELD = c.KEY;
#define AIMC_CHIP_BOOL(FIELD, KEY, HERMES, PCM, IDEAL, DOC)                    \
  m.FIELD = c.KEY != 0;
#define AIMC_CHIP_ENUM(FIELD, KEY, TYPE, HERMES, PCM, IDEAL, DOC)              \
  m.FIELD = static_cast<TYPE>(c.KEY);
#include "aimc/Chip/ChipParameters.def"
  return m;
}

AIMCChip chipToC(const ChipModel &m) {
  AIMCChip c{};
  std::strncpy(c.name, m.name.c_str(), sizeof c.name - 1);
#define AIMC_CHIP_INT(FIELD, KEY, MIN, MAX, HERMES, PCM, IDEAL, DOC)           \
  c.KEY = m.FIELD;
#define AIMC_CHIP_REAL(FIELD, KEY, MIN, MIN_OPEN, MAX, HERMES, PCM, IDEAL,     \
                       DOC)                                                    \
  c.KEY = m.FIELD;
#define AIMC_CHIP_BOOL(FIELD, KEY, HERMES, PCM, IDEAL, DOC)                    \
  c.KEY = m.FIELD ? 1 : 0;
#define AIMC_CHIP_ENUM(FIELD, KEY, TYPE, HERMES, PCM, IDEAL, DOC)              \
  c.KEY = static_cast<int32_t>(m.FIELD);
#include "aimc/Chip/ChipParameters.def"
  return c;
}

// One layout for the analog statistics: C++ fields and C keys of
// aimc/Executor/AnalogStats.def at the same offsets, so the one conversion
// below copies field by field without any renaming.
static_assert(std::is_standard_layout<AnalogStats>::value,
              "AnalogStats must stay a plain struct");
static_assert(sizeof(AnalogStats) == sizeof(AIMCAnalogStats),
              "AnalogStats and AIMCAnalogStats differ in size");
#define AIMC_ANALOG_STAT(FIELD, KEY, TYPE, DOC)                                \
  static_assert(offsetof(AnalogStats, FIELD) ==                                \
                    offsetof(AIMCAnalogStats, KEY),                            \
                "AIMCAnalogStats." #KEY " is not at AnalogStats." #FIELD);     \
  static_assert(std::is_same<decltype(AnalogStats::FIELD),                     \
                             decltype(AIMCAnalogStats::KEY)>::value,           \
                "AIMCAnalogStats." #KEY " has another type");
#include "aimc/Executor/AnalogStats.def"

AIMCAnalogStats toC(const AnalogStats &s) {
  AIMCAnalogStats c{};
#define AIMC_ANALOG_STAT(FIELD, KEY, TYPE, DOC) c.KEY = s.FIELD;
#include "aimc/Executor/AnalogStats.def"
  return c;
}

/// Empty if every enumeration field of `c` names a case.
std::string checkChipEnums(const AIMCChip &c) {
#define AIMC_CHIP_ENUM(FIELD, KEY, TYPE, HERMES, PCM, IDEAL, DOC)              \
  if (std::string problem = ChipModel::checkValue(                             \
          *ChipModel::findParameter(#KEY), ChipValue::ofInt(c.KEY));           \
      !problem.empty())                                                        \
    return problem;
#include "aimc/Chip/ChipParameters.def"
  return "";
}

ExecutorConfig fromC(const AIMCExecutorConfig &c) {
  ExecutorConfig e;
  e.chip = chipFromC(c.chip);
  e.mode = c.four_phase ? MVMMode::FourPhase : MVMMode::OnePhase;
  e.seed = c.seed;
  e.tInference = c.t_inference_s;
  e.readNoiseMode =
      c.read_noise_exact ? ReadNoiseMode::Exact : ReadNoiseMode::ColumnMean;
  e.numThreads = c.num_threads;
  e.gemmRowQuantum = c.gemm_row_quantum;
  return e;
}

AIMCExecutorConfig toC(const ExecutorConfig &e) {
  AIMCExecutorConfig c{};
  c.chip = chipToC(e.chip);
  c.four_phase = e.mode == MVMMode::FourPhase;
  c.seed = e.seed;
  c.t_inference_s = e.tInference;
  c.read_noise_exact = e.readNoiseMode == ReadNoiseMode::Exact;
  c.num_threads = e.numThreads;
  c.gemm_row_quantum = e.gemmRowQuantum;
  return c;
}

int toInt(const Status &s) { return s.ok() ? 0 : 1; }

} // namespace

std::optional<TileSettings> aimc::exec::tileSettingsFromC(int64_t fourPhase,
                                                          int64_t calibration,
                                                          double percentile,
                                                          double inputRange,
                                                          double noiseScale) {
  if (fourPhase < 0 || fourPhase > 1 ||
      calibration < AIMC_CALIBRATION_MAX_ABS ||
      calibration > AIMC_CALIBRATION_FIXED)
    return std::nullopt;
  TileSettings settings;
  settings.mode = fourPhase ? MVMMode::FourPhase : MVMMode::OnePhase;
  settings.inputRangeMode = static_cast<Calibration>(calibration);
  settings.inputPercentile = percentile;
  settings.inputRange = inputRange;
  settings.noiseScale = noiseScale;
  settings.calibrateOnFirstMVM = true;
  return settings;
}

AIMCExecutor *aimc::exec::createCHandle(std::unique_ptr<Executor> chip) {
  auto *handle = new AIMCExecutor();
  handle->impl = std::move(chip);
  return handle;
}

Executor *aimc::exec::getExecutor(AIMCExecutor *chip) {
  return chip ? chip->impl.get() : nullptr;
}

namespace {
/// A failure reported on a null chip handle cannot be recorded on it.
int nullChip() {
  createError = "null chip handle";
  return 2;
}

/// Records an exception that reached the C API on `chip` (or as the
/// creation error) instead of letting it cross the C boundary.
int recordException(AIMCExecutor *chip, const char *what) noexcept {
  try {
    if (chip && chip->impl)
      (void)chip->impl->recordError(std::string("internal error: ") + what);
    else
      createError = std::string("internal error: ") + what;
  } catch (...) {
  }
  return 1;
}

/// Runs `body`, turning any C++ exception into an error code: no exception
/// may propagate through an extern "C" function.
template <typename Body>
int guarded(const AIMCExecutor *chip, Body &&body) noexcept {
  auto *mutableChip = const_cast<AIMCExecutor *>(chip);
  try {
    return body();
  } catch (const std::bad_alloc &) {
    return recordException(mutableChip, "out of memory");
  } catch (const std::exception &e) {
    return recordException(mutableChip, e.what());
  } catch (...) {
    return recordException(mutableChip, "unknown exception");
  }
}
} // namespace

extern "C" {

int aimc_chip_preset(const char *name, AIMCChip *out) {
  std::optional<ChipModel> preset =
      name ? ChipModel::preset(name) : std::nullopt;
  if (!preset || !out)
    return 1;
  *out = chipToC(*preset);
  return 0;
}

AIMCExecutorConfig aimc_executor_config_hermes(void) {
  return toC(ExecutorConfig::hermes());
}

AIMCExecutorConfig aimc_executor_config_ideal(void) {
  return toC(ExecutorConfig::ideal());
}

AIMCExecutor *aimc_executor_create(const AIMCExecutorConfig *config) {
  if (!config) {
    createError = "null configuration";
    return nullptr;
  }
  if (std::string problem = checkChipEnums(config->chip); !problem.empty()) {
    createError = "invalid chip model: " + problem;
    return nullptr;
  }
  try {
    std::string error;
    std::unique_ptr<Executor> impl = Executor::create(fromC(*config), error);
    if (!impl) {
      createError = error;
      return nullptr;
    }
    createError.clear();
    auto *chip = new AIMCExecutor();
    chip->impl = std::move(impl);
    return chip;
  } catch (const std::bad_alloc &) {
    recordException(nullptr, "out of memory creating the chip");
  } catch (const std::exception &e) {
    recordException(nullptr, e.what());
  } catch (...) {
    recordException(nullptr, "unknown exception");
  }
  return nullptr;
}

const char *aimc_executor_create_error(void) { return createError.c_str(); }

void aimc_executor_destroy(AIMCExecutor *chip) { delete chip; }

int aimc_executor_program_tile(AIMCExecutor *chip, int64_t tile_id,
                               int64_t core, int64_t row_offset,
                               int64_t col_offset, const float *weights,
                               int64_t rows, int64_t cols, int64_t ld) {
  if (!chip)
    return nullChip();
  return guarded(chip, [&]() -> int {
    if (ld < cols)
      return toInt(chip->impl->recordError(
          "program tile " + std::to_string(tile_id) + ": leading dimension " +
          std::to_string(ld) + " is smaller than the " + std::to_string(cols) +
          " columns"));
    return toInt(chip->impl->programTile(tile_id, core, row_offset, col_offset,
                                         {weights, rows, cols, ld, 1}));
  });
}

int aimc_executor_configure_tile(AIMCExecutor *chip, int64_t tile_id,
                                 int64_t four_phase, int64_t calibration,
                                 double percentile, double input_range,
                                 double noise_scale) {
  if (!chip)
    return nullChip();
  return guarded(chip, [&]() -> int {
    std::optional<TileSettings> settings = tileSettingsFromC(
        four_phase, calibration, percentile, input_range, noise_scale);
    if (!settings)
      return toInt(chip->impl->recordError(
          "configure tile " + std::to_string(tile_id) + ": mode " +
          std::to_string(four_phase) + " / calibration " +
          std::to_string(calibration) +
          " unknown (expected mode 0 or 1, calibration 0 max_abs, 1 "
          "percentile or 2 fixed)"));
    return toInt(chip->impl->configureTile(tile_id, *settings));
  });
}

int aimc_executor_calibrate_tile(AIMCExecutor *chip, int64_t tile_id,
                                 const float *x, int64_t batch, int64_t k,
                                 int64_t ldx) {
  if (!chip)
    return nullChip();
  return guarded(chip, [&]() -> int {
    if (ldx < k)
      return toInt(chip->impl->recordError(
          "calibrate tile " + std::to_string(tile_id) +
          ": leading dimension smaller than the row length"));
    return toInt(chip->impl->calibrateTile(tile_id, {x, batch, k, ldx, 1}));
  });
}

int aimc_executor_mvm(AIMCExecutor *chip, int64_t tile_id, const float *x,
                      int64_t batch, int64_t k, int64_t ldx, float *y,
                      int64_t n, int64_t ldy) {
  if (!chip)
    return nullChip();
  return guarded(chip, [&]() -> int {
    if (ldx < k || ldy < n)
      return toInt(chip->impl->recordError(
          "mvm on tile " + std::to_string(tile_id) +
          ": leading dimension smaller than the row length"));
    return toInt(
        chip->impl->mvm(tile_id, {x, batch, k, ldx, 1}, {y, batch, n, ldy, 1}));
  });
}

int aimc_executor_set_inference_time(AIMCExecutor *chip, double t_seconds) {
  if (!chip)
    return nullChip();
  return guarded(chip, [&]() -> int {
    return toInt(chip->impl->setInferenceTime(t_seconds));
  });
}

int aimc_executor_count_digital(AIMCExecutor *chip, int64_t kind, int64_t ops) {
  if (!chip)
    return nullChip();
  return guarded(chip, [&]() -> int {
    return toInt(chip->impl->countDigital(kind, static_cast<double>(ops)));
  });
}

int aimc_executor_get_stats(const AIMCExecutor *chip, AIMCExecutorStats *out) {
  if (!chip || !out)
    return nullChip();
  return guarded(chip, [&]() -> int {
    RunStats s = chip->impl->getStats();
    out->analog = toC(s.analog);
    out->chip_utilization = s.chipUtilization;
    for (int k = 0; k < kNumDigitalOpKinds; ++k)
      out->digital_ops[k] = s.digitalOps[k];
    out->digital_energy_j = s.digitalEnergyJ;
    out->digital_time_s = s.digitalTimeS;
    out->analog_tops = s.analog.tops();
    out->analog_tops_per_watt = s.analog.topsPerWatt();
    out->total_tops = s.totalTOPS();
    out->total_tops_per_watt = s.totalTOPSPerWatt();
    return 0;
  });
}

int aimc_executor_get_tile_stats(AIMCExecutor *chip, int64_t tile_id,
                                 AIMCAnalogStats *out) {
  if (!chip || !out)
    return nullChip();
  return guarded(chip, [&]() -> int {
    AnalogStats t;
    if (Status s = chip->impl->getTileStats(tile_id, t); !s)
      return 1;
    *out = toC(t);
    return 0;
  });
}

void aimc_executor_reset_stats(AIMCExecutor *chip) {
  if (chip)
    chip->impl->resetStats();
}

const char *aimc_executor_first_error(const AIMCExecutor *chip) {
  if (!chip)
    return "null chip handle";
  try {
    chip->firstErrorBuffer = chip->impl->getFirstError();
  } catch (...) {
    return "out of memory reading the error message";
  }
  return chip->firstErrorBuffer.c_str();
}

const char *aimc_executor_last_error(const AIMCExecutor *chip) {
  if (!chip)
    return "null chip handle";
  try {
    chip->lastErrorBuffer = chip->impl->getLastError();
  } catch (...) {
    return "out of memory reading the error message";
  }
  return chip->lastErrorBuffer.c_str();
}

void aimc_executor_clear_errors(AIMCExecutor *chip) {
  if (chip)
    chip->impl->clearErrors();
}

} // extern "C"
