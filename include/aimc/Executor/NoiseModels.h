//===- NoiseModels.h - Statistical PCM device models ------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Phenomenological models of phase-change-memory (PCM) conductances used by the
// simulated executor: programming noise, conductance drift and accumulated
// 1/f read noise, each a function of the target conductance and of the time
// since programming. Two fitted models are provided with the constants of
// their public reference implementations (IBM aihwkit, MIT licence):
//
//  - PCM-like (Nandakumar et al., ICECS 2019), aihwkit
//    `src/aihwkit/inference/noise/pcm.py`, class PCMLikeNoiseModel;
//  - HERMES (Le Gallo et al., Nat. Electron. 2023), aihwkit
//    `src/aihwkit/inference/noise/hermes.py`, class HermesNoiseModel, for 1 or
//    2 devices per polarity.
//
// Conductances are in microsiemens, times in seconds. See docs/Executor.md.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_EXECUTOR_NOISEMODELS_H
#define AIMC_EXECUTOR_NOISEMODELS_H

#include "aimc/Chip/ChipModel.h"

#include <cstdint>
#include <string>

namespace aimc {
namespace exec {

/// Which fitted device model to use (a chip parameter, `noise_model`).
using ::aimc::NoiseModelKind;

/// Mean and standard deviation of the drift exponent nu.
struct DriftDistribution {
  double mean = 0;
  double std = 0;
};

/// A device model. A "unit" is what the model describes as one conductance:
/// for PCM-like one device; for HERMES the 1- or 2-device unit cell of one
/// polarity (aihwkit's `num_devices`), whose devices are programmed together.
struct DeviceModel {
  NoiseModelKind kind = NoiseModelKind::None;
  /// aihwkit's `num_devices` for HERMES (1 or 2); 1 for PCM-like.
  int64_t modelDevices = 1;
  /// Independent units per polarity (PCM-like: devices per polarity;
  /// HERMES: always 1, the unit cell).
  int64_t unitsPerPolarity = 1;
  /// Largest programmed conductance of one unit, in uS.
  double gMax = 25.0;
  /// g_max the programming-noise polynomial was fitted at, in uS.
  double gMaxReference = 25.0;
  /// Drift reference time t0 (first read after programming), in s.
  double t0 = 20.0;
  /// Read duration of the 1/f fit, in s.
  double tRead = 250e-9;
  double progNoiseScale = 1.0;
  double readNoiseScale = 1.0;
  double driftScale = 1.0;

  /// Nandakumar et al. 2019 PCM model: 25 uS, t0 = 20 s, t_read = 250 ns.
  static DeviceModel pcmLike(int64_t devicesPerPolarity);
  /// HERMES model for 1 or 2 devices per polarity (20.7 uS / 300 s for 2,
  /// 10.35 uS / 200 s for 1), t_read = 512 ns.
  static DeviceModel hermes(int64_t devicesPerPolarity);
  /// No noise at all: programming, drift and read noise are zero.
  static DeviceModel none(int64_t devicesPerPolarity);

  /// Empty if consistent, else the first problem (e.g. a HERMES g_max above
  /// the characterised maximum, non-positive times).
  std::string validate() const;

  /// Standard deviation of the programming error at target `g`, in uS.
  double programmingSigma(double g) const;
  /// Distribution of the drift exponent for target `g` (before |.| and the
  /// drift scale; see sampleNu()).
  DriftDistribution driftDistribution(double g) const;
  /// nu = driftScale * |mean + std * z| for a standard normal z.
  double sampleNu(double g, double z) const;
  /// Drift factor ((t + t0) / t0)^-nu for inference time t since
  /// programming (the reference code's convention t = t_inference + t0).
  double driftFactor(double nu, double tInference) const;
  /// The 1/f read-noise coefficient Q_s at programmed conductance `gProg`.
  double readNoiseQs(double gProg) const;
  /// sqrt(log((t + t0 + t_read) / (2 t_read))): growth of the accumulated
  /// 1/f noise with time.
  double readNoiseTimeFactor(double tInference) const;
  /// Relative read-noise standard deviation of a unit: the conductance at
  /// time t has std |G(t)| * readNoiseRelSigma(gProg, t).
  double readNoiseRelSigma(double gProg, double tInference) const {
    return readNoiseScale * readNoiseQs(gProg) *
           readNoiseTimeFactor(tInference);
  }
};

} // namespace exec
} // namespace aimc

#endif // AIMC_EXECUTOR_NOISEMODELS_H
