/*===- aimc-c/RuntimeABI.h - ABI of generated code to the executor -*- C
-*-===*\
|*                                                                            *|
|* Part of the aimc project.                                                  *|
|*                                                                            *|
|* The functions compiled code calls to run analog MVMs on the simulated      *|
|* chip (a fixed interface, see docs/Executor.md). In MLIR they are declared  *|
|* as                                                                         *|
|*   func.func private @aimc_rt_mvm(i64,                                      *|
|*       memref<?x?xf32, strided<[?, ?], offset: ?>>,                         *|
|*       memref<?x?xf32, strided<[?, ?], offset: ?>>)                         *|
|*       attributes {llvm.emit_c_interface}                                   *|
|* and likewise for program_tile. When the host loads such a module it binds  *|
|* it to a chip (aimc::bindRuntimeChip): every call gets the chip handle, the *|
|* value of the module's global `aimc_rt_chip`, as its first argument. There  *|
|* is no process-wide chip; modules on different chips run in parallel.       *|
|* Errors inside these calls never abort: the first one is recorded on the    *|
|* chip and read by the host afterwards (aimc_executor_first_error in         *|
|* aimc-c/Executor.h); calls with a null chip are recorded process-wide       *|
|* (aimc_rt_unbound_error).                                                   *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef AIMC_C_RUNTIMEABI_H
#define AIMC_C_RUNTIMEABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* How an MVM's DAC input range is chosen (#aimc.mvm_config's `calibration`
   and the chip's input_range_mode / output_range_mode), numbered as
   aimc::Calibration. */
typedef enum AIMCCalibration {
  AIMC_CALIBRATION_MAX_ABS = 0,    /* max |x| of the calibration batch */
  AIMC_CALIBRATION_PERCENTILE = 1, /* a percentile of |x| */
  AIMC_CALIBRATION_FIXED = 2       /* a fixed range */
} AIMCCalibration;

/* A rank-2 f32 memref descriptor as MLIR passes it to C interfaces. */
typedef struct AIMCMemRef2DF32 {
  float *allocated;
  float *aligned;
  int64_t offset;
  int64_t sizes[2];
  int64_t strides[2];
} AIMCMemRef2DF32;

/* One simulated chip. */
typedef struct AIMCExecutor AIMCExecutor;

/* Settings of tile `tile_id` from its MVMs' #aimc.mvm_config (see
   aimc_executor_configure_tile): mode 0 = 1-phase, 1 = 4-phase; calibration
   0 = max_abs, 1 = percentile, 2 = fixed. Called before program_tile. */
void aimc_rt_configure_tile(AIMCExecutor *chip, int64_t tile_id, int64_t mode,
                            int64_t calibration, double percentile,
                            double input_range, double noise_scale);

/* Program tile `tile_id` (K x N weights, row-major view) at (core, row, col).
 */
void _mlir_ciface_aimc_rt_program_tile(AIMCExecutor *chip, int64_t tile_id,
                                       int64_t core, int64_t row_offset,
                                       int64_t col_offset,
                                       AIMCMemRef2DF32 *weights);

/* y (B x N) = analog MVM of x (B x K) on tile `tile_id`, overwriting y. */
void _mlir_ciface_aimc_rt_mvm(AIMCExecutor *chip, int64_t tile_id,
                              AIMCMemRef2DF32 *x, AIMCMemRef2DF32 *y);

/* y (B x N) += analog MVM of x (B x K) on tile `tile_id`: the digital
   accumulation of a row block's partial sums after the ADC (B x N adds,
   accounted as digital work). */
void _mlir_ciface_aimc_rt_mvm_accumulate(AIMCExecutor *chip, int64_t tile_id,
                                         AIMCMemRef2DF32 *x,
                                         AIMCMemRef2DF32 *y);

/* Account `ops` digital operations of kind `kind` (0 = add/accumulate,
   1 = multiply/FMA, 2 = transcendental, 3 = compare/other). */
void aimc_rt_count_digital(AIMCExecutor *chip, int64_t kind, int64_t ops);

#ifdef __cplusplus
}
#endif

#endif /* AIMC_C_RUNTIMEABI_H */
