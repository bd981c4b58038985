//===- NonIdealitiesTest.cpp - Switchable read effects against formulas ---===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Each switchable effect of docs/NonIdealities.md on a chip without device
// noise, against its formula evaluated here in double precision.
//
//===----------------------------------------------------------------------===//

#include "TestUtils.h"

#include <algorithm>

using namespace aimc;
using namespace aimc::exec;
using namespace aimc::exec::test;

namespace {
constexpr int64_t K = 64, N = 32, B = 48;

/// An exact chip with an 8-bit DAC at a fixed range of 4 and exact ADCs
/// (floating-point crossbar: the exact-integer one rounds the weights to
/// ~2000 levels).
ExecutorConfig dacOnly(InputScaling scaling) {
  ExecutorConfig c = ExecutorConfig::ideal();
  c.integerCrossbar = false;
  c.chip.quantizeInputs = true;
  c.chip.inputRangeMode = Calibration::Fixed;
  c.chip.inputRange = 4.0;
  c.chip.inputScaling = scaling;
  return c;
}

/// Inputs whose rows span three orders of magnitude (row b scaled by
/// 10^(-3 b / B)): a tile-wide DAC range resolves the small ones badly.
std::vector<float> spreadInputs() {
  std::vector<float> x = gaussian(B, K, 4);
  for (int64_t b = 0; b < B; ++b)
    for (int64_t k = 0; k < K; ++k)
      x[b * K + k] *= static_cast<float>(std::pow(10.0, -3.0 * b / B));
  return x;
}

std::vector<float> run(const ExecutorConfig &c, const std::vector<float> &x,
                       const std::vector<float> &w) {
  auto chip = makeChip(c);
  EXPECT_TRUE(chip->programTile(0, 0, 0, 0, view(w, K, N)).ok());
  std::vector<float> y(B * N);
  EXPECT_TRUE(chip->mvm(0, view(x, B, K), view(y, B, N)).ok());
  return y;
}

/// y = sum_k Q(x_k / r) r w_kj with Q(v) = round(clamp(v, -1, 1) 127) / 127,
/// r = max_k |x_k| (per vector) or 4 (the tile's range).
std::vector<double> formula(const std::vector<float> &x,
                            const std::vector<float> &w, bool perVector) {
  std::vector<double> y(B * N, 0.0);
  for (int64_t b = 0; b < B; ++b) {
    double r = 4.0;
    if (perVector) {
      r = 0;
      for (int64_t k = 0; k < K; ++k)
        r = std::max(r, std::fabs(double(x[b * K + k])));
    }
    for (int64_t k = 0; k < K; ++k) {
      double s = std::min(std::max(double(x[b * K + k]) / r, -1.0), 1.0);
      double xq = std::round(s * 127) / 127 * r;
      for (int64_t j = 0; j < N; ++j)
        y[b * N + j] += xq * w[k * N + j];
    }
  }
  return y;
}
} // namespace

// input_scaling = per_vector (aihwkit's noise management ABS_MAX): each
// vector is quantised at its own max |x| and scaled back. Against the
// formula to float rounding (1e-5 relative; the quantisation error of the
// per-tile DAC on these inputs is ~20x that of the per-vector one, so the
// formula of the other scaling is far outside the tolerance).
TEST(NonIdealities, PerVectorInputScalingIsAbsMaxNoiseManagement) {
  std::vector<float> x = spreadInputs(), w = gaussian(K, N, 5);
  std::vector<float> perVector = run(dacOnly(InputScaling::PerVector), x, w);
  std::vector<float> perTile = run(dacOnly(InputScaling::PerTile), x, w);
  std::vector<double> exact = reference(x, w, B, K, N);
  EXPECT_LT(relativeError(perVector, formula(x, w, true)), 1e-5);
  EXPECT_LT(relativeError(perTile, formula(x, w, false)), 1e-5);
  // Per row, the per-vector error is relative to the row; the per-tile
  // DAC's step is fixed, so the smallest rows lose most of their digits.
  double rowPV = 0, rowPT = 0;
  for (int64_t b = B - 8; b < B; ++b) {
    double npv = 0, npt = 0, d = 0;
    for (int64_t j = 0; j < N; ++j) {
      double e = exact[b * N + j];
      npv += (perVector[b * N + j] - e) * (perVector[b * N + j] - e);
      npt += (perTile[b * N + j] - e) * (perTile[b * N + j] - e);
      d += e * e;
    }
    rowPV = std::max(rowPV, std::sqrt(npv / d));
    rowPT = std::max(rowPT, std::sqrt(npt / d));
  }
  EXPECT_LT(rowPV, 0.02);
  EXPECT_GT(rowPT, 10 * rowPV);
}

// With noise and both converters on, per-vector scaling keeps the results
// independent of how a batch is split into calls and of the thread count
// (the ranges are per vector); an all-zero vector uses the tile's range and
// reads finite values.
TEST(NonIdealities, PerVectorInputScalingIsDeterministic) {
  ExecutorConfig c;
  c.chip.inputScaling = InputScaling::PerVector;
  c.seed = 3;
  std::vector<float> x = spreadInputs(), w = gaussian(K, N, 5);
  std::fill(x.begin() + 5 * K, x.begin() + 6 * K, 0.0f);
  auto whole = makeChip(c);
  c.numThreads = 2;
  auto split = makeChip(c);
  std::vector<float> calib(B * N), y1(B * N), y2(B * N);
  for (Executor *chip : {whole.get(), split.get()}) {
    ASSERT_TRUE(chip->programTile(0, 0, 0, 0, view(w, K, N)).ok());
    ASSERT_TRUE(chip->mvm(0, view(x, B, K), view(calib, B, N)).ok());
  }
  ASSERT_TRUE(whole->mvm(0, view(x, B, K), view(y1, B, N)).ok());
  const int64_t first = 20;
  ASSERT_TRUE(split->mvm(0, view(x, first, K), view(y2, first, N)).ok());
  std::vector<float> rest(x.begin() + first * K, x.end()),
      yRest((B - first) * N);
  ASSERT_TRUE(
      split->mvm(0, view(rest, B - first, K), view(yRest, B - first, N)).ok());
  std::copy(yRest.begin(), yRest.end(), y2.begin() + first * N);
  EXPECT_EQ(y1, y2);
  for (int64_t j = 0; j < N; ++j)
    EXPECT_TRUE(std::isfinite(y1[5 * N + j])) << j;
}

namespace {
/// An exact chip (no device noise, exact ADC) with an S-shaped ADC input.
ExecutorConfig nonlinearADC(bool integer) {
  ExecutorConfig c = ExecutorConfig::ideal();
  c.chip.adcNonlinearity = 1.0;
  c.chip.adcNonlinearityStd = 0.3;
  c.integerCrossbar = integer;
  if (integer) { // the exact-integer crossbar needs the DAC
    c.chip.quantizeInputs = true;
    c.chip.inputRangeMode = Calibration::Fixed;
    c.chip.inputRange = 4.0;
  }
  return c;
}
} // namespace

// adc_nonlinearity (aihwkit's out_nonlinearity): the ADC reads
// u / (1 + n_j |u| / R) of the normalised column output u, R the ADC range,
// n_j = a (1 + s z_j) per column. Against the formula from the drawn n_j
// and the tile's ranges: 1e-5 relative on the floating-point crossbar, 2e-3
// on the exact-integer one (its weights are rounded to ~2000 levels); the
// linear formula misses by more than 5%.
TEST(NonIdealities, ADCNonlinearityIsTheSShape) {
  std::vector<float> x = gaussian(B, K, 6), w = gaussian(K, N, 7);
  for (bool integer : {false, true}) {
    ExecutorConfig c = nonlinearADC(integer);
    auto chip = makeChip(c);
    ASSERT_TRUE(chip->programTile(0, 0, 0, 0, view(w, K, N)).ok());
    std::vector<float> y(B * N);
    ASSERT_TRUE(chip->mvm(0, view(x, B, K), view(y, B, N)).ok());
    const Tile &tile = *chip->getTile(0);
    EXPECT_EQ(tile.usesIntegerCrossbar(), integer);
    const std::vector<float> &nr = tile.adcNonlinearities();
    ASSERT_EQ(nr.size(), static_cast<size_t>(N));
    double mean = 0, spread = 0;
    for (float v : nr)
      mean += v / N;
    for (float v : nr)
      spread += (v - mean) * (v - mean) / N;
    EXPECT_NEAR(mean, 1.0, 0.2);               // a = 1
    EXPECT_NEAR(std::sqrt(spread), 0.3, 0.15); // a s = 0.3
    const double rIn = tile.getInputRange(), R = tile.getOutputRange();
    std::vector<double> expected(B * N), linear(B * N);
    for (int64_t b = 0; b < B; ++b)
      for (int64_t j = 0; j < N; ++j) {
        double u = 0;
        for (int64_t k = 0; k < K; ++k) {
          double xv = x[b * K + k];
          if (integer)
            xv = std::round(std::min(std::max(xv / rIn, -1.0), 1.0) * 127) /
                 127 * rIn;
          u += xv / rIn * tile.targetWeights()[k * N + j];
        }
        double unit = rIn * tile.columnScales()[j];
        expected[b * N + j] = u / (1 + nr[j] * std::fabs(u) / R) * unit;
        linear[b * N + j] = u * unit;
      }
    EXPECT_LT(relativeError(y, expected), integer ? 2e-3 : 1e-5) << integer;
    EXPECT_GT(relativeError(y, linear), 0.05) << integer;
  }
}

// g_max_sigma: device d of weight (k, j), polarity p saturates at
// g_max (1 + sigma z_d), z_d draw deviceIndex(k, j, p, 0) of the tile's
// GMaxVariation stream. With no other noise and no drift the effective
// weight is (min(G+, cap+) - min(G-, cap-)) / g_max exactly (to float).
// About half the column maxima (target g_max) lose E[min(0, sigma z)] =
// -sigma / sqrt(2 pi) on average.
TEST(NonIdealities, GMaxVariationSaturatesEachDevice) {
  ExecutorConfig c = quiet(NoiseModelKind::Hermes);
  c.chip.drift = false;
  c.chip.gMaxSigma = 0.1;
  c.seed = 9;
  std::vector<float> w = gaussian(K, N, 8);
  auto chip = makeChip(c);
  ASSERT_TRUE(chip->programTile(0, 0, 0, 0, view(w, K, N)).ok());
  const Tile &tile = *chip->getTile(0);
  CounterRNG cap = tile.stream(StreamPurpose::GMaxVariation);
  double worst = 0, lossAtMax = 0;
  int64_t saturated = 0;
  for (int64_t k = 0; k < K; ++k)
    for (int64_t j = 0; j < N; ++j) {
      double t = tile.targetWeights()[k * N + j], weight = 0;
      for (int64_t p = 0; p < 2; ++p) {
        double g = std::max(p == 0 ? t : -t, 0.0);
        double limit =
            std::max(1.0 + 0.1 * cap.normal(tile.deviceIndex(k, j, p, 0)), 0.0);
        weight += (p == 0 ? 1 : -1) * std::min(g, limit);
        saturated += g > limit;
      }
      worst = std::max(worst,
                       std::fabs(tile.effectiveWeights()[k * N + j] - weight));
      if (std::fabs(t) == 1.0)
        lossAtMax += (std::fabs(weight) - 1.0) / N;
    }
  EXPECT_LT(worst, 1e-6);
  EXPECT_GT(saturated, 0);
  EXPECT_NEAR(lossAtMax, -0.1 / std::sqrt(2 * M_PI), 0.025);
  // Off (the default), the weights are the targets.
  c.chip.gMaxSigma = 0;
  auto plain = makeChip(c);
  ASSERT_TRUE(plain->programTile(0, 0, 0, 0, view(w, K, N)).ok());
  double plainWorst = 0;
  for (size_t i = 0; i < w.size(); ++i)
    plainWorst = std::max(
        plainWorst, std::fabs(double(plain->getTile(0)->effectiveWeights()[i]) -
                              tile.targetWeights()[i]));
  EXPECT_LT(plainWorst, 1e-6);
}

namespace {
/// An exact chip (no device noise, exact converters) with a fixed input range
/// of 4: the normalised inputs x / 4 of Gaussian rows lie in [-1, 1].
ExecutorConfig exactArray() {
  ExecutorConfig c = ExecutorConfig::ideal();
  c.chip.inputRangeMode = Calibration::Fixed;
  c.chip.inputRange = 4.0;
  return c;
}

/// The chip's MVM of x with weights w, and the tile that ran it.
std::vector<float> runExact(const ExecutorConfig &c,
                            const std::vector<float> &x,
                            const std::vector<float> &w,
                            std::unique_ptr<Executor> &chip) {
  chip = makeChip(c);
  EXPECT_TRUE(chip->programTile(0, 0, 0, 0, view(w, K, N)).ok());
  std::vector<float> y(B * N);
  EXPECT_TRUE(chip->mvm(0, view(x, B, K), view(y, B, N)).ok());
  return y;
}
} // namespace

// ir_drop (aihwkit IOParameters.ir_drop, ir_drop_g_ratio; the formula of
// ForwardBackwardPassIOManaged::applyIrDrop): with normalised inputs u_k and
// weights w_kj, the total current I_j = sum_k |w_kj| |u_k|, A_j = K I_j / g,
// the drop factor C_j = A_j / 2 - A_j^2 / 5 + A_j^3 / 20, and the column
// reads sum_k w_kj u_k - r C_j sum_k w_kj u_k (k / K) (2 - k / K). Written
// here from those definitions in double precision. A small g (a resistive
// wire) makes the drop ~10% of the output; off, the output is the linear one.
TEST(NonIdealities, IRDropIsAihwkitsSteadyStateFormula) {
  std::vector<float> x = gaussian(B, K, 11), w = gaussian(K, N, 12);
  ExecutorConfig c = exactArray();
  c.chip.irDrop = 1.5;
  c.chip.irDropGRatio = 2000.0;
  std::unique_ptr<Executor> chip, plainChip;
  std::vector<float> y = runExact(c, x, w, chip);
  std::vector<float> plain = runExact(exactArray(), x, w, plainChip);
  const Tile &tile = *chip->getTile(0);
  EXPECT_FALSE(tile.usesIntegerCrossbar());
  const double rIn = tile.getInputRange();
  ASSERT_EQ(rIn, 4.0);
  std::vector<double> expected(B * N), linear(B * N);
  for (int64_t b = 0; b < B; ++b)
    for (int64_t j = 0; j < N; ++j) {
      double ideal = 0, current = 0, far = 0;
      for (int64_t k = 0; k < K; ++k) {
        double u = x[b * K + k] / rIn, wk = tile.targetWeights()[k * N + j];
        double t = double(k) / K;
        ideal += wk * u;
        current += std::fabs(wk) * std::fabs(u);
        far += wk * u * t * (2 - t);
      }
      double A = K * current / 2000.0;
      double C = A / 2 - A * A / 5 + A * A * A / 20;
      double unit = rIn * tile.columnScales()[j];
      expected[b * N + j] = (ideal - 1.5 * C * far) * unit;
      linear[b * N + j] = ideal * unit;
    }
  EXPECT_LT(relativeError(y, expected), 1e-5);
  EXPECT_GT(relativeError(y, linear), 0.03);
  EXPECT_LT(relativeError(plain, linear), 1e-5);
}

// polarity_asymmetry a, polarity_asymmetry_std s (aihwkit inp_asymmetry and
// w_read_asymmetry_dtod): a negative input u_k < 0 reads
// w_kj (1 - a) (1 + s z_kj), z_kj draw k N + j of the tile's
// PolarityAsymmetry stream; a positive one reads w_kj.
TEST(NonIdealities, PolarityAsymmetryScalesNegativeInputs) {
  std::vector<float> x = gaussian(B, K, 13), w = gaussian(K, N, 14);
  ExecutorConfig c = exactArray();
  c.chip.polarityAsymmetry = 0.2;
  c.chip.polarityAsymmetryStd = 0.1;
  c.seed = 4;
  std::unique_ptr<Executor> chip;
  std::vector<float> y = runExact(c, x, w, chip);
  const Tile &tile = *chip->getTile(0);
  EXPECT_FALSE(tile.usesIntegerCrossbar());
  CounterRNG rng = tile.stream(StreamPurpose::PolarityAsymmetry);
  const double rIn = tile.getInputRange();
  std::vector<double> expected(B * N), symmetric(B * N);
  for (int64_t b = 0; b < B; ++b)
    for (int64_t j = 0; j < N; ++j) {
      double sum = 0, sym = 0;
      for (int64_t k = 0; k < K; ++k) {
        double u = x[b * K + k] / rIn, wk = tile.targetWeights()[k * N + j];
        double factor = u < 0 ? 0.8 * (1 + 0.1 * rng.normal(k * N + j)) : 1.0;
        sum += u * wk * factor;
        sym += u * wk;
      }
      double unit = rIn * tile.columnScales()[j];
      expected[b * N + j] = sum * unit;
      symmetric[b * N + j] = sym * unit;
    }
  EXPECT_LT(relativeError(y, expected), 1e-5);
  EXPECT_GT(relativeError(y, symmetric), 0.05);
}

// The array effects need the normalised inputs and weights: on, they take
// the floating-point crossbar even where the chip would use the
// exact-integer one (hermes: 8-bit DAC); off, hermes keeps the integer one.
TEST(NonIdealities, ArrayEffectsUseTheFloatingPointCrossbar) {
  std::vector<float> w = gaussian(K, N, 15);
  for (int effect = 0; effect < 4; ++effect) {
    ExecutorConfig c;
    c.chip.irDrop = effect == 1 ? 1.0 : 0.0;
    c.chip.polarityAsymmetry = effect == 2 ? 0.1 : 0.0;
    c.chip.polarityAsymmetryStd = effect == 3 ? 0.1 : 0.0;
    auto chip = makeChip(c);
    ASSERT_TRUE(chip->programTile(0, 0, 0, 0, view(w, K, N)).ok());
    EXPECT_EQ(chip->getTile(0)->usesIntegerCrossbar(), effect == 0) << effect;
  }
}

namespace {
/// aihwkit's time-resolved IR drop written out as aihwkit computes it
/// (AnalogMVMIRDropT._thev_equiv, the extension's theveninEquivCPU): for each
/// time step t, walk column j's P cells towards its ADC (even columns: input
/// k at pad + k; odd: pad + K - 1 - k; pad = (P - K) / 2), each cell a
/// Thevenin source of conductance g+ + g- (+1e-12) and voltage
/// (0.6 g_on + 0.2 g_off + 0.4 g_idle) / g, the wire rw between cells, in
/// series and parallel; the current (V_th - v_read) / (R_th + rw / 2) summed
/// over the steps. `pwm`: the 8-bit DAC's pulse trains (input level m_k
/// active in steps t < |m_k| of L = 127, signs swap the 0.6 and 0.2 V
/// sources); otherwise one step with the analog voltages 0.4 +- 0.2 u_k.
/// Returns the outputs in the chip's units.
std::vector<double> theveninReference(const Tile &tile,
                                      const std::vector<float> &x, double U,
                                      double gMax, int64_t P, double rw,
                                      double vRead, bool pwm) {
  const int64_t L = 127, pad = (P - K) / 2, steps = pwm ? L : 1;
  const double rIn = tile.getInputRange();
  std::vector<double> y(B * N);
  for (int64_t b = 0; b < B; ++b) {
    std::vector<double> u(K);
    for (int64_t k = 0; k < K; ++k) {
      double v = std::clamp(x[b * K + k] / rIn, -1.0, 1.0);
      u[k] = std::nearbyint(v * L); // DAC level m_k
    }
    for (int64_t j = 0; j < N; ++j) {
      std::vector<double> gp(P, 0.0), gm(P, 0.0), level(P, 0.0);
      for (int64_t k = 0; k < K; ++k) {
        int64_t p = pad + (j % 2 == 0 ? k : K - 1 - k);
        double w = tile.targetWeights()[k * N + j];
        gp[p] = std::max(w, 0.0) * U * gMax;
        gm[p] = std::max(-w, 0.0) * U * gMax;
        level[p] = u[k];
      }
      double charge = 0;
      for (int64_t t = 0; t < steps; ++t) {
        double vth = 0, rth = 0;
        for (int64_t p = 0; p < P; ++p) {
          double g = gp[p] + gm[p] + 1e-12, n;
          if (pwm) {
            double on = level[p] > t ? gp[p] : level[p] < -t ? gm[p] : 0.0;
            double off = level[p] > t ? gm[p] : level[p] < -t ? gp[p] : 0.0;
            double idle = std::fabs(level[p]) <= t ? gp[p] + gm[p] : 0.0;
            n = 0.6 * on + 0.2 * off + 0.4 * idle;
          } else {
            double a = level[p] / L;
            n = gp[p] * (0.4 + 0.2 * a) + gm[p] * (0.4 - 0.2 * a);
          }
          double v = n / g, r = 1.0 / g;
          if (p == 0) {
            vth = v;
            rth = r;
          } else {
            double r1 = rth + rw;
            rth = r1 * r / (r1 + r);
            vth = (vth / r1 + v / r) * rth;
          }
        }
        rth += 0.5 * rw;
        charge += (vth - vRead) / rth;
      }
      // Normalised: per step, per 0.2 V swing and per conductance of w = 1.
      double out = charge / (steps * 0.2 * U * gMax);
      y[b * N + j] = out * rIn * tile.columnScales()[j];
    }
  }
  return y;
}
} // namespace

// ir_drop_time_resolved (aihwkit IOParametersIRDropT: ir_drop scales
// ir_drop_rs Ohm between cells, ir_drop_v_read the column voltage): the
// chip's closed form (a fixed attenuation of each weight and a column
// offset) equals aihwkit's per-time-step Thevenin solve of the 8-bit PWM
// pulse trains, integrated, in a 100-row crossbar holding 64 rows (symmetric
// padding). It also equals one step with analog voltages: the chain's
// conductance does not depend on the inputs, so the time integral is
// linear in them and only the time-averaged input matters.
TEST(NonIdealities, TimeResolvedIRDropIsAihwkitsTheveninChain) {
  std::vector<float> x = gaussian(B, K, 16), w = gaussian(K, N, 17);
  ExecutorConfig c = dacOnly(InputScaling::PerTile);
  c.chip.crossbarRows = 100;
  c.chip.irDrop = 2.0;
  c.chip.irDropTimeResolved = true;
  c.chip.irDropRs = 2.5;
  std::unique_ptr<Executor> chip, plainChip;
  std::vector<float> y = runExact(c, x, w, chip);
  ExecutorConfig plainConfig = dacOnly(InputScaling::PerTile);
  plainConfig.chip.crossbarRows = 100;
  std::vector<float> plain = runExact(plainConfig, x, w, plainChip);
  const Tile &tile = *chip->getTile(0);
  EXPECT_FALSE(tile.usesIntegerCrossbar());
  DeviceModel device = c.deviceModel();
  const double U = static_cast<double>(device.unitsPerPolarity);
  const double rw = 1e-6 * 2.0 * 2.5;
  std::vector<double> pwm =
      theveninReference(tile, x, U, device.gMax, 100, rw, 0.4005, /*pwm=*/true);
  std::vector<double> analog = theveninReference(tile, x, U, device.gMax, 100,
                                                 rw, 0.4005, /*pwm=*/false);
  std::vector<double> linear =
      theveninReference(tile, x, U, device.gMax, 100, 0.0, 0.4, /*pwm=*/true);
  EXPECT_LT(relativeError(y, pwm), 1e-5);
  EXPECT_LT(relativeError(y, analog), 1e-5);
  // Without wire resistance and with v_read = 0.4 V the chain is the
  // linear product the chip computes without the effect.
  EXPECT_LT(relativeError(plain, linear), 1e-5);
  EXPECT_GT(relativeError(y, linear), 0.03);
}

// ir_drop_time_resolved without ir_drop, or the time-resolved parameters
// without the switch, change nothing: bit-identical outputs.
TEST(NonIdealities, TimeResolvedIRDropOffIsBitIdentical) {
  std::vector<float> x = gaussian(B, K, 18), w = gaussian(K, N, 19);
  ExecutorConfig base;
  std::vector<float> y0 = run(base, x, w);
  ExecutorConfig flagOnly = base;
  flagOnly.chip.irDropTimeResolved = true;
  flagOnly.chip.irDropRs = 3.0;
  flagOnly.chip.irDropVRead = 0.41;
  EXPECT_EQ(run(flagOnly, x, w), y0);
}

namespace {
/// The normalised differences (y_noisy - y) / (r_in s_j) of `reps` MVMs of
/// the same inputs on two chips that differ only in output_noise (the noisy
/// chip's MVMs continue its row counter, so each repetition draws anew).
std::vector<double> outputNoiseSamples(ExecutorConfig c, double sigma,
                                       const std::vector<float> &x,
                                       const std::vector<float> &w, int reps) {
  auto clean = makeChip(c);
  c.chip.outputNoise = sigma;
  auto noisy = makeChip(c);
  EXPECT_TRUE(clean->programTile(0, 0, 0, 0, view(w, K, N)).ok());
  EXPECT_TRUE(noisy->programTile(0, 0, 0, 0, view(w, K, N)).ok());
  const Tile &tile = *noisy->getTile(0);
  std::vector<double> d;
  std::vector<float> y0(B * N), y1(B * N);
  for (int rep = 0; rep < reps; ++rep) {
    EXPECT_TRUE(clean->mvm(0, view(x, B, K), view(y0, B, N)).ok());
    EXPECT_TRUE(noisy->mvm(0, view(x, B, K), view(y1, B, N)).ok());
    for (int64_t b = 0; b < B; ++b)
      for (int64_t j = 0; j < N; ++j)
        d.push_back((double(y1[b * N + j]) - y0[b * N + j]) /
                    (tile.getInputRange() * tile.columnScales()[j]));
  }
  return d;
}

/// Checks that samples are N(0, sigma^2) draws, independent between
/// repetitions: mean within 5 standard errors of 0, std within 3% of sigma
/// (its standard error is 1 / sqrt(2 n) = 0.5% here), and the correlation
/// of the same output in consecutive repetitions below 0.05.
void expectGaussian(const std::vector<double> &d, double sigma) {
  const size_t n = d.size(), per = B * N;
  double mean = 0, var = 0, cross = 0;
  for (double v : d)
    mean += v / n;
  for (double v : d)
    var += (v - mean) * (v - mean) / (n - 1);
  for (size_t i = per; i < n; ++i)
    cross += (d[i] - mean) * (d[i - per] - mean) / (n - per);
  EXPECT_LT(std::fabs(mean), 5 * sigma / std::sqrt(double(n)));
  EXPECT_NEAR(std::sqrt(var), sigma, 0.03 * sigma);
  EXPECT_LT(std::fabs(cross / var), 0.05);
}
} // namespace

// output_noise (aihwkit IOParameters.out_noise): every analog output gets
// sigma z, z ~ N(0, 1) drawn per MVM and output, in normalised units (a
// full-scale input times a weight at g_max), before the ADC; in the
// caller's units the noise of column j is sigma r_in s_j. On an exact chip
// (floating-point and exact-integer crossbar) the difference to the same
// chip without it is that noise: 14 MVMs of 48 x 32 outputs.
TEST(NonIdealities, OutputNoiseIsAdditiveGaussianPerMVM) {
  std::vector<float> x = gaussian(B, K, 20), w = gaussian(K, N, 21);
  for (bool integer : {false, true}) {
    ExecutorConfig c = ExecutorConfig::ideal();
    c.integerCrossbar = integer;
    if (integer) { // the exact-integer crossbar needs the DAC
      c.chip.quantizeInputs = true;
      c.chip.inputRangeMode = Calibration::Fixed;
      c.chip.inputRange = 4.0;
    }
    SCOPED_TRACE(integer);
    expectGaussian(outputNoiseSamples(c, 0.06, x, w, 14), 0.06);
  }
}

// On the hermes preset (exact ADC, no affine calibration and no drift
// compensation, whose calibration reads would see the output noise too),
// the difference is still exactly the output noise: its draws come from
// their own stream and leave the read noise's (a few per cent of the
// outputs, far above sigma = 0.005) unchanged. output_noise = 0 is
// bit-identical to the preset.
TEST(NonIdealities, OutputNoiseLeavesTheReadNoiseUnchanged) {
  std::vector<float> x = gaussian(B, K, 22), w = gaussian(K, N, 23);
  ExecutorConfig c;
  c.chip.quantizeOutputs = false;
  c.chip.affineCalibration = false;
  c.chip.driftCompensation = DriftCompensation::None;
  expectGaussian(outputNoiseSamples(c, 0.005, x, w, 14), 0.005);

  // ... and is independent of it: the read noise of each output (the clean
  // chip minus one without read noise) and its output noise are
  // uncorrelated (4 MVMs; the standard error of the correlation is 0.013).
  std::vector<double> d = outputNoiseSamples(c, 0.005, x, w, 4);
  ExecutorConfig quiet = c;
  quiet.chip.readNoiseScale = 0.0;
  auto clean = makeChip(c), still = makeChip(quiet);
  ASSERT_TRUE(clean->programTile(0, 0, 0, 0, view(w, K, N)).ok());
  ASSERT_TRUE(still->programTile(0, 0, 0, 0, view(w, K, N)).ok());
  std::vector<double> rn;
  std::vector<float> y0(B * N), y1(B * N);
  for (int rep = 0; rep < 4; ++rep) {
    ASSERT_TRUE(clean->mvm(0, view(x, B, K), view(y0, B, N)).ok());
    ASSERT_TRUE(still->mvm(0, view(x, B, K), view(y1, B, N)).ok());
    for (int64_t i = 0; i < B * N; ++i)
      rn.push_back(double(y0[i]) - y1[i]);
  }
  ASSERT_EQ(rn.size(), d.size());
  double sdd = 0, snn = 0, sdn = 0;
  for (size_t i = 0; i < d.size(); ++i) {
    sdd += d[i] * d[i];
    snn += rn[i] * rn[i];
    sdn += d[i] * rn[i];
  }
  EXPECT_GT(snn, 0.0);
  EXPECT_LT(std::fabs(sdn / std::sqrt(sdd * snn)), 0.06);

  ExecutorConfig base, zero;
  zero.chip.outputNoise = 0.0;
  std::vector<float> yBase = run(base, x, w);
  EXPECT_EQ(run(zero, x, w), yBase);
  ExecutorConfig on;
  on.chip.outputNoise = 0.005;
  EXPECT_NE(run(on, x, w), yBase);
}
