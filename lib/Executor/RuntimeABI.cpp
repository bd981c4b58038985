//===- RuntimeABI.cpp - ABI of generated code to the executor -------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Memref descriptors are turned into strided views over `aligned + offset`;
// every problem (null or malformed descriptors, shape or placement errors)
// is recorded on the chip the call names and never aborts; a call with a
// null chip handle is recorded process-wide (aimc_rt_unbound_error).
//
//===----------------------------------------------------------------------===//

#include "aimc-c/RuntimeABI.h"
#include "CAPIInternal.h"

#include <mutex>
#include <vector>

using namespace aimc;
using namespace aimc::exec;

namespace {
std::mutex unboundMutex;
std::string unboundError;

void recordUnbound(const char *what) {
  std::lock_guard<std::mutex> lock(unboundMutex);
  if (unboundError.empty())
    unboundError = std::string(what) + ": null chip handle (the module "
                                       "was not bound to a chip)";
}

/// Runs `body`; an exception (e.g. std::bad_alloc) is recorded on `chip`
/// instead of unwinding through JIT-compiled frames.
template <typename Body>
void guardedRT(AIMCExecutor *chip, const char *what, Body &&body) {
  try {
    body();
  } catch (const std::exception &e) {
    try {
      if (chip)
        (void)chip->impl->recordError(std::string(what) +
                                      ": internal error: " + e.what());
    } catch (...) {
    }
  } catch (...) {
  }
}

/// Checks a descriptor; on success fills `view`.
bool viewOf(const AIMCMemRef2DF32 *m, const char *name, std::string &error,
            ConstView2D &view) {
  if (!m) {
    error = std::string("null ") + name + " memref descriptor";
    return false;
  }
  if (m->sizes[0] < 0 || m->sizes[1] < 0) {
    error = std::string(name) + " memref has negative sizes";
    return false;
  }
  if (!m->aligned && m->sizes[0] * m->sizes[1] > 0) {
    error = std::string(name) + " memref has a null data pointer";
    return false;
  }
  view = ConstView2D{m->aligned ? m->aligned + m->offset : nullptr, m->sizes[0],
                     m->sizes[1], m->strides[0], m->strides[1]};
  return true;
}
/// `chip` and the views of an MVM's descriptors, or null (the error
/// recorded) if the chip is null or a descriptor is malformed.
AIMCExecutor *mvmOperands(AIMCExecutor *chip, const char *what, int64_t tileId,
                          const AIMCMemRef2DF32 *x, const AIMCMemRef2DF32 *y,
                          ConstView2D &xv, View2D &yv) {
  if (!chip) {
    recordUnbound(what);
    return nullptr;
  }
  std::string error;
  ConstView2D yc;
  if (!viewOf(x, "input", error, xv) || !viewOf(y, "output", error, yc)) {
    (void)chip->impl->recordError(std::string(what) + "(tile " +
                                  std::to_string(tileId) + "): " + error);
    return nullptr;
  }
  yv = View2D{const_cast<float *>(yc.data), yc.rows, yc.cols, yc.s0, yc.s1};
  return chip;
}
} // namespace

extern "C" {

void aimc_rt_configure_tile(AIMCExecutor *chip, int64_t tile_id, int64_t mode,
                            int64_t calibration, double percentile,
                            double input_range, double noise_scale) {
  if (!chip)
    return recordUnbound("aimc_rt_configure_tile");
  (void)aimc_executor_configure_tile(chip, tile_id, mode, calibration,
                                     percentile, input_range, noise_scale);
}

void _mlir_ciface_aimc_rt_program_tile(AIMCExecutor *chip, int64_t tile_id,
                                       int64_t core, int64_t row_offset,
                                       int64_t col_offset,
                                       AIMCMemRef2DF32 *weights) {
  if (!chip)
    return recordUnbound("aimc_rt_program_tile");
  guardedRT(chip, "aimc_rt_program_tile", [&] {
    std::string error;
    ConstView2D w;
    if (!viewOf(weights, "weight", error, w)) {
      (void)chip->impl->recordError("aimc_rt_program_tile(tile " +
                                    std::to_string(tile_id) + "): " + error);
      return;
    }
    (void)chip->impl->programTile(tile_id, core, row_offset, col_offset, w);
  });
}

void _mlir_ciface_aimc_rt_mvm(AIMCExecutor *chip, int64_t tile_id,
                              AIMCMemRef2DF32 *x, AIMCMemRef2DF32 *y) {
  ConstView2D xv;
  View2D yv;
  guardedRT(chip, "aimc_rt_mvm", [&] {
    if (mvmOperands(chip, "aimc_rt_mvm", tile_id, x, y, xv, yv))
      (void)chip->impl->mvm(tile_id, xv, yv);
  });
}

void _mlir_ciface_aimc_rt_mvm_accumulate(AIMCExecutor *chip, int64_t tile_id,
                                         AIMCMemRef2DF32 *x,
                                         AIMCMemRef2DF32 *y) {
  ConstView2D xv;
  View2D yv;
  guardedRT(chip, "aimc_rt_mvm_accumulate", [&] {
    if (!mvmOperands(chip, "aimc_rt_mvm_accumulate", tile_id, x, y, xv, yv))
      return;
    // The MVM goes to a scratch block, then adds into y (digital, after the
    // ADC, in the order the partial sums come).
    // The MVM writes every element of the scratch block: no zero fill.
    thread_local std::vector<float> partial;
    if (partial.size() < static_cast<size_t>(yv.rows * yv.cols))
      partial.resize(static_cast<size_t>(yv.rows * yv.cols));
    View2D pv{partial.data(), yv.rows, yv.cols, yv.cols, 1};
    if (!chip->impl->mvm(tile_id, xv, pv).ok())
      return;
    for (int64_t i = 0; i < yv.rows; ++i) {
      float *dst = yv.data + i * yv.s0;
      const float *src = partial.data() + i * yv.cols;
      if (yv.s1 == 1) { // contiguous rows (the compiled code's case)
        for (int64_t j = 0; j < yv.cols; ++j)
          dst[j] += src[j];
      } else {
        for (int64_t j = 0; j < yv.cols; ++j)
          dst[j * yv.s1] += src[j];
      }
    }
    (void)chip->impl->countDigital(static_cast<int64_t>(DigitalOpKind::Add),
                                   static_cast<double>(yv.rows * yv.cols));
  });
}

void aimc_rt_count_digital(AIMCExecutor *chip, int64_t kind, int64_t ops) {
  if (!chip)
    return recordUnbound("aimc_rt_count_digital");
  (void)chip->impl->countDigital(kind, static_cast<double>(ops));
}

const char *aimc_rt_unbound_error(void) {
  std::lock_guard<std::mutex> lock(unboundMutex);
  return unboundError.c_str();
}

} // extern "C"
