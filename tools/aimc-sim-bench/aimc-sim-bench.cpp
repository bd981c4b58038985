//===- aimc-sim-bench.cpp - Noisy simulated MVMs against plain sgemm ------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// Throughput of noisy HERMES MVM batches (programming noise, drift, per-MVM
// read noise, 8-bit DAC/ADC, calibrated corrections; multi-tile matrices with
// digital partial sums) against one OpenBLAS sgemm of the same shape on the
// same threads. Weights 256x256 (one tile) and 2048x2048 (64 tiles), batches
// 1 and 1024. After Google Benchmark's own output it prints each pair's
// throughput and, as its last line, `min ratio noisy/sgemm: X`.
//
//===----------------------------------------------------------------------===//

#include "aimc/Executor/TiledMatmul.h"
#include "aimc/Support/CounterRNG.h"

#include <benchmark/benchmark.h>
#include <cblas.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace aimc;
using namespace aimc::exec;

namespace {
constexpr int kThreads = 2;

std::vector<float> gaussian(int64_t n, uint64_t stream) {
  std::vector<float> v(n);
  CounterRNG(7, stream).fillNormal(v.data(), v.size());
  return v;
}

void setCounters(benchmark::State &state, int64_t size, int64_t batch) {
  double flops = 2.0 * size * size * batch;
  state.counters["GFLOP/s"] = benchmark::Counter(
      flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Sgemm(benchmark::State &state) {
  const int64_t size = state.range(0), batch = state.range(1);
  std::vector<float> w = gaussian(size * size, 1),
                     x = gaussian(batch * size, 2);
  std::vector<float> y(batch * size);
  openblas_set_num_threads(kThreads);
  for (auto _ : state) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, batch, size, size,
                1.0f, x.data(), size, w.data(), size, 0.0f, y.data(), size);
    benchmark::DoNotOptimize(y.data());
  }
  setCounters(state, size, batch);
  // OpenBLAS' idle worker threads spin for about 2^28 cycles after a job;
  // let them fall asleep so that they do not steal a core from the next
  // (noisy) measurement.
  openblas_set_num_threads(1);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
}

void BM_NoisyHermes(benchmark::State &state) {
  const int64_t size = state.range(0), batch = state.range(1);
  ExecutorConfig config = ExecutorConfig::hermes();
  config.tInference = 86400;
  config.numThreads = kThreads;
  std::string error;
  std::unique_ptr<Executor> chip = Executor::create(config, error);
  std::vector<float> w = gaussian(size * size, 1),
                     x = gaussian(batch * size, 2);
  std::vector<float> y(batch * size);
  MappedMatrix m;
  ConstView2D wv{w.data(), size, size, size, 1};
  ConstView2D xv{x.data(), batch, size, size, 1};
  View2D yv{y.data(), batch, size, size, 1};
  std::vector<float> xc = gaussian(256 * size, 3);
  if (!mapMatrix(*chip, wv, 0, 0, m).ok() ||
      !calibrateMatrix(*chip, m, {xc.data(), 256, size, size, 1}).ok()) {
    state.SkipWithError("programming failed");
    return;
  }
  for (auto _ : state) {
    if (Status s = matmul(*chip, m, xv, yv); !s) {
      state.SkipWithError(s.getMessage().c_str());
      break;
    }
    benchmark::DoNotOptimize(y.data());
  }
  setCounters(state, size, batch);
}

/// Registers each shape's pair back to back, three times in alternation
/// (noisy, sgemm, noisy, sgemm, ...), so that both see the same machine load;
/// the ratio uses the fastest round of each.
constexpr int kRounds = 3;

void registerPairs() {
  for (int64_t size : {256, 2048})
    for (int64_t batch : {1, 1024})
      for (int round = 0; round < kRounds; ++round)
        for (auto [name, fn] : {std::pair{"noisy", BM_NoisyHermes},
                                std::pair{"sgemm", BM_Sgemm}})
          benchmark::RegisterBenchmark(
              (std::string(name) + "/" + std::to_string(size) + "x" +
               std::to_string(size) + "/B=" + std::to_string(batch) +
               "/round:" + std::to_string(round))
                  .c_str(),
              fn)
              ->Args({size, batch})
              ->UseRealTime()
              ->Unit(benchmark::kMicrosecond)
              ->MinTime(0.2);
}

/// Console output plus the seconds per iteration of every run.
class CollectingReporter : public benchmark::ConsoleReporter {
public:
  void ReportRuns(const std::vector<Run> &runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run &run : runs)
      if (!run.error_occurred && run.iterations > 0 &&
          run.run_type == Run::RT_Iteration) {
        double t =
            run.real_accumulated_time / static_cast<double>(run.iterations);
        std::string name = run.run_name.function_name;
        name = name.substr(0, name.rfind("/round:"));
        auto [it, inserted] = seconds.emplace(name, t);
        if (!inserted)
          it->second = std::min(it->second, t);
      }
  }
  /// Fastest seconds per iteration of each benchmark family.
  std::map<std::string, double> seconds;
};
} // namespace

int main(int argc, char **argv) {
  registerPairs();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  CollectingReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();

  double minRatio = -1;
  std::printf("\n%-16s %16s %16s %8s\n", "shape", "noisy GFLOP/s",
              "sgemm GFLOP/s", "ratio");
  for (int64_t size : {256, 2048})
    for (int64_t batch : {1, 1024}) {
      std::string suffix = "/" + std::to_string(size) + "x" +
                           std::to_string(size) + "/B=" + std::to_string(batch);
      auto noisy = reporter.seconds.find("noisy" + suffix);
      auto plain = reporter.seconds.find("sgemm" + suffix);
      if (noisy == reporter.seconds.end() || plain == reporter.seconds.end())
        continue;
      double flops = 2.0 * size * size * batch;
      double ratio = plain->second / noisy->second;
      std::printf("%-16s %16.2f %16.2f %8.3f\n",
                  (std::to_string(size) + "x" + std::to_string(size) +
                   " B=" + std::to_string(batch))
                      .c_str(),
                  flops / noisy->second * 1e-9, flops / plain->second * 1e-9,
                  ratio);
      minRatio = minRatio < 0 ? ratio : std::min(minRatio, ratio);
    }
  if (minRatio < 0) {
    std::printf("min ratio noisy/sgemm: n/a (filtered)\n");
    return 0;
  }
  std::printf("min ratio noisy/sgemm: %.3f\n", minRatio);
  return 0;
}
