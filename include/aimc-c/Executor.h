/*===- aimc-c/Executor.h - C API of the simulated AIMC chip ----*- C -*-===*\
|*                                                                            *|
|* Part of the aimc project.                                                  *|
|*                                                                            *|
|* Host-side C API: create a chip from a configuration, program and calibrate *|
|* tiles, run MVM batches, read statistics and errors. Functions returning    *|
|* int return 0 on success and non-zero on error; the message is then         *|
|* available from aimc_executor_last_error(). Matrices are row-major with a   *|
|* leading dimension (elements between rows).                                 *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef AIMC_C_EXECUTOR_H
#define AIMC_C_EXECUTOR_H

#include "aimc-c/RuntimeABI.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The enumerations of chip parameters, numbered as the AIMC_CHIP_ENUM_CASE
   rows of aimc/Chip/ChipParameters.def (checked by static_asserts in the
   implementation). AIMCCalibration is in aimc-c/RuntimeABI.h. */
typedef enum AIMCNoiseModel {
  AIMC_NOISE_NONE = 0,
  AIMC_NOISE_PCM_LIKE = 1,
  AIMC_NOISE_HERMES = 2
} AIMCNoiseModel;

typedef enum AIMCWeightScaling {
  AIMC_SCALING_PER_COLUMN = 0,
  AIMC_SCALING_PER_TILE = 1
} AIMCWeightScaling;

typedef enum AIMCInputScaling {
  AIMC_INPUT_SCALING_PER_TILE = 0,
  AIMC_INPUT_SCALING_PER_VECTOR = 1
} AIMCInputScaling;

/* drift_compensation (a boolean before: 0 is still none, 1 random). */
typedef enum AIMCDriftCompensation {
  AIMC_DRIFT_COMPENSATION_NONE = 0,
  AIMC_DRIFT_COMPENSATION_RANDOM = 1,
  AIMC_DRIFT_COMPENSATION_ONEHOT = 2
} AIMCDriftCompensation;

/* Every parameter of a chip (aimc::ChipModel), generated from
   aimc/Chip/ChipParameters.def: one field per row, named by its key;
   integers are int64_t, reals double, booleans and enumerations int32_t.
   Initialise it with aimc_chip_preset(). */
typedef struct AIMCChip {
  /* The preset name or a label (NUL-terminated). */
  char name[64];
#define AIMC_CHIP_INT(FIELD, KEY, MIN, MAX, HERMES, PCM, IDEAL, DOC)           \
  int64_t KEY;
#define AIMC_CHIP_REAL(FIELD, KEY, MIN, MIN_OPEN, MAX, HERMES, PCM, IDEAL,     \
                       DOC)                                                    \
  double KEY;
#define AIMC_CHIP_BOOL(FIELD, KEY, HERMES, PCM, IDEAL, DOC) int32_t KEY;
#define AIMC_CHIP_ENUM(FIELD, KEY, TYPE, HERMES, PCM, IDEAL, DOC) int32_t KEY;
#include "aimc/Chip/ChipParameters.def"
} AIMCChip;

/* A simulated chip: the chip and the settings of one simulation (mirrors
   aimc::exec::ExecutorConfig, aimc/Executor/Config.h). Initialise it with
   aimc_executor_config_hermes() or aimc_executor_config_ideal(). */
typedef struct AIMCExecutorConfig {
  AIMCChip chip;
  int32_t four_phase; /* chip-wide read mode; 0: 1-phase, 1: 4-phase */
  uint64_t seed;
  double t_inference_s;
  int32_t read_noise_exact; /* 1: exact per-device variance, 0: column mean */
  int64_t num_threads;
  int64_t gemm_row_quantum; /* 0: chosen for the CPU */
} AIMCExecutorConfig;

/* Analog work of one tile or of a whole run (aimc::exec::AnalogStats),
   generated from aimc/Executor/AnalogStats.def: one field per row, named by
   its key (the report JSON's keys). */
typedef struct AIMCAnalogStats {
#define AIMC_ANALOG_STAT(FIELD, KEY, TYPE, DOC) TYPE KEY;
#include "aimc/Executor/AnalogStats.def"
} AIMCAnalogStats;

/* Totals over a run (aimc::exec::RunStats). */
typedef struct AIMCExecutorStats {
  AIMCAnalogStats analog;  /* utilization: over the crossbars in use */
  double chip_utilization; /* programmed cells / all cells of the chip */
  double digital_ops[4];   /* add, multiply, transcendental, other */
  double digital_energy_j, digital_time_s;
  /* Derived: analog operations per analog time / energy, and all operations
     per all time / energy (tera-operations per second, per joule). */
  double analog_tops, analog_tops_per_watt, total_tops, total_tops_per_watt;
} AIMCExecutorStats;

/* The preset `name` (hermes, pcm, ideal) in `out`; non-zero if unknown. */
int aimc_chip_preset(const char *name, AIMCChip *out);

/* The HERMES defaults. */
AIMCExecutorConfig aimc_executor_config_hermes(void);
/* Every non-ideality off. */
AIMCExecutorConfig aimc_executor_config_ideal(void);

/* A new chip, or NULL if the configuration is invalid (reason in
   aimc_executor_create_error(), per thread). */
AIMCExecutor *aimc_executor_create(const AIMCExecutorConfig *config);
const char *aimc_executor_create_error(void);
void aimc_executor_destroy(AIMCExecutor *chip);

/* Program `rows` x `cols` weights (leading dimension ld) as tile `tile_id`. */
int aimc_executor_program_tile(AIMCExecutor *chip, int64_t tile_id,
                               int64_t core, int64_t row_offset,
                               int64_t col_offset, const float *weights,
                               int64_t rows, int64_t cols, int64_t ld);
/* Per-tile settings (an MVM's #aimc.mvm_config): read mode (0: 1-phase,
   1: 4-phase), input range calibration (AIMCCalibration), its percentile and
   fixed range, and a factor on the programming and read noise. The tile is
   calibrated on its first MVM batch. Given before programming, they apply to
   it; for a programmed tile with other settings the tile is reprogrammed. */
int aimc_executor_configure_tile(AIMCExecutor *chip, int64_t tile_id,
                                 int64_t four_phase, int64_t calibration,
                                 double percentile, double input_range,
                                 double noise_scale);
/* Calibrate tile `tile_id` from `batch` x `k` inputs. */
int aimc_executor_calibrate_tile(AIMCExecutor *chip, int64_t tile_id,
                                 const float *x, int64_t batch, int64_t k,
                                 int64_t ldx);
/* y (batch x n) = MVM of x (batch x k) on tile `tile_id`. */
int aimc_executor_mvm(AIMCExecutor *chip, int64_t tile_id, const float *x,
                      int64_t batch, int64_t k, int64_t ldx, float *y,
                      int64_t n, int64_t ldy);
/* Move every tile to inference time t (seconds since programming). */
int aimc_executor_set_inference_time(AIMCExecutor *chip, double t_seconds);
int aimc_executor_count_digital(AIMCExecutor *chip, int64_t kind, int64_t ops);

int aimc_executor_get_stats(const AIMCExecutor *chip, AIMCExecutorStats *out);
int aimc_executor_get_tile_stats(AIMCExecutor *chip, int64_t tile_id,
                                 AIMCAnalogStats *out);
void aimc_executor_reset_stats(AIMCExecutor *chip);

/* First error since the last clear ("" if none): what the runtime ABI
   reports. */
const char *aimc_executor_first_error(const AIMCExecutor *chip);
/* Most recent error ("" if none). */
const char *aimc_executor_last_error(const AIMCExecutor *chip);
void aimc_executor_clear_errors(AIMCExecutor *chip);

/* Errors of runtime-ABI calls made with a null chip handle ("" if none). */
const char *aimc_rt_unbound_error(void);

#ifdef __cplusplus
}
#endif

#endif /* AIMC_C_EXECUTOR_H */
