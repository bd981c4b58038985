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
// Options of its own (before Google Benchmark's):
//   --threads=N            threads of both sides (default 2);
//   --profile=S,B,SECONDS  no benchmark: program an S x S matrix and run
//                          noisy B-row matmuls for SECONDS (setup excluded
//                          from the loop), for `perf record`; prints the
//                          matmuls per second.
//
//===----------------------------------------------------------------------===//

#include "aimc/Executor/TiledMatmul.h"
#include "aimc/Support/CounterRNG.h"

#include <benchmark/benchmark.h>
#include <cblas.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace aimc;
using namespace aimc::exec;

namespace {
int kThreads = 2;

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

/// A calibrated HERMES chip (t = 1 day) holding a Gaussian size x size
/// matrix, with its batch x size input and output.
struct NoisySetup {
  std::unique_ptr<Executor> chip;
  MappedMatrix m;
  std::vector<float> w, x, y;
  std::string error;

  NoisySetup(int64_t size, int64_t batch) {
    ExecutorConfig config = ExecutorConfig::hermes();
    config.tInference = 86400;
    config.numThreads = kThreads;
    chip = Executor::create(config, error);
    w = gaussian(size * size, 1);
    x = gaussian(batch * size, 2);
    y.resize(batch * size);
    std::vector<float> xc = gaussian(256 * size, 3);
    if (!chip)
      return;
    ConstView2D wv{w.data(), size, size, size, 1};
    if (Status s = mapMatrix(*chip, wv, 0, 0, m); !s)
      error = s.getMessage();
    else if (Status s =
                 calibrateMatrix(*chip, m, {xc.data(), 256, size, size, 1});
             !s)
      error = s.getMessage();
  }
  Status run() {
    int64_t size = m.rows, batch = static_cast<int64_t>(x.size()) / size;
    return matmul(*chip, m, {x.data(), batch, size, size, 1},
                  {y.data(), batch, size, size, 1});
  }
};

void BM_NoisyHermes(benchmark::State &state) {
  const int64_t size = state.range(0), batch = state.range(1);
  NoisySetup setup(size, batch);
  if (!setup.error.empty()) {
    state.SkipWithError(("programming failed: " + setup.error).c_str());
    return;
  }
  for (auto _ : state) {
    if (Status s = setup.run(); !s) {
      state.SkipWithError(s.getMessage().c_str());
      break;
    }
    benchmark::DoNotOptimize(setup.y.data());
  }
  setCounters(state, size, batch);
}

/// --profile: the noisy matmul in a loop for `seconds`.
int profile(int64_t size, int64_t batch, double seconds) {
  NoisySetup setup(size, batch);
  if (!setup.error.empty()) {
    std::fprintf(stderr, "aimc-sim-bench: %s\n", setup.error.c_str());
    return 1;
  }
  auto start = std::chrono::steady_clock::now();
  int64_t calls = 0;
  double elapsed = 0;
  while (elapsed < seconds) {
    if (Status s = setup.run(); !s) {
      std::fprintf(stderr, "aimc-sim-bench: %s\n", s.getMessage().c_str());
      return 1;
    }
    ++calls;
    elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
  }
  std::printf("%lldx%lld B=%lld, %d thread(s): %.1f noisy matmuls/s\n",
              static_cast<long long>(size), static_cast<long long>(size),
              static_cast<long long>(batch), kThreads, calls / elapsed);
  return 0;
}

/// Registers each shape's pair back to back, three times in alternation
/// (noisy, sgemm, noisy, sgemm, ...), so that both see the same machine load;
/// the ratio uses the fastest round of each.
constexpr int kRounds = 3;

void registerPairs() {
  for (int64_t size : {256, 2048})
    for (int64_t batch : {1, 1024})
      for (int round = 0; round < kRounds; ++round)
        for (auto [name, fn] :
             {std::pair{"noisy", BM_NoisyHermes}, std::pair{"sgemm", BM_Sgemm}})
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
  // Our options first; Google Benchmark sees the rest.
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--threads=", 0) == 0) {
      kThreads = std::atoi(arg.c_str() + 10);
      if (kThreads < 1 || kThreads > 256) {
        std::fprintf(stderr, "aimc-sim-bench: --threads must be 1..256\n");
        return 1;
      }
    } else if (arg.rfind("--profile=", 0) == 0) {
      long long size = 0, batch = 0;
      double seconds = 0;
      if (std::sscanf(arg.c_str() + 10, "%lld,%lld,%lf", &size, &batch,
                      &seconds) != 3 ||
          size < 1 || size > 8192 || batch < 1 || batch > 65536 ||
          !(seconds > 0 && seconds <= 3600)) {
        std::fprintf(stderr, "aimc-sim-bench: --profile=S,B,SECONDS with "
                             "1 <= S <= 8192, 1 <= B <= 65536, "
                             "0 < SECONDS <= 3600\n");
        return 1;
      }
      return profile(size, batch, seconds);
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
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
