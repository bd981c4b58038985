//===- WorkerPool.h - Persistent worker threads -----------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// A set of worker threads that lives as long as its owner (one per simulated
// chip), so that a parallel MVM does not start and join threads on every
// call. Workers are started on first use, as many as the largest request so
// far, and wait on a condition variable between calls: after a call they
// (and a caller waiting for them) first poll for up to kSpinMicroseconds, so
// that the MVMs of one compiled batch, a few hundred microseconds apart, do
// not each pay a futex sleep and wake-up (only while the pool's threads are
// no more than std::thread::hardware_concurrency()). Their thread_local
// scratch buffers therefore persist across calls too (no page faults of
// fresh allocations on the hot path).
//
// run(n, body) calls body(0) .. body(n - 1), each once, body(0) on the
// calling thread, and returns when all have finished. A call made while
// another is in flight (from another thread, or from inside a body) runs
// every body on its calling thread, in order: callers must not depend on
// which thread runs which index (the executor's results never do). An
// exception thrown by a body is rethrown by run() once all bodies finished.
//
// This library has no MLIR dependency.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_SUPPORT_WORKERPOOL_H
#define AIMC_SUPPORT_WORKERPOOL_H

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace aimc {

class WorkerPool {
public:
  WorkerPool() = default;
  WorkerPool(const WorkerPool &) = delete;
  WorkerPool &operator=(const WorkerPool &) = delete;
  /// Stops and joins the workers.
  ~WorkerPool();

  /// Calls body(i) for every i in [0, n) (see the file comment).
  void run(int64_t n, const std::function<void(int64_t)> &body);

  /// Worker threads started so far.
  int64_t numWorkers() const;

  /// How long an idle worker, or a caller waiting for the workers, polls
  /// before it sleeps on a condition variable.
  static constexpr int64_t kSpinMicroseconds = 500;

private:
  void workerLoop(int64_t index);

  /// Held by the one call that uses the workers.
  std::mutex callMutex;
  mutable std::mutex mutex;
  std::condition_variable wake, done;
  std::vector<std::thread> workers;
  const std::function<void(int64_t)> *task = nullptr;
  int64_t taskSize = 0;
  /// Incremented per call; a worker runs each generation once. Written under
  /// `mutex`; atomic so that spinning workers can poll it without the lock.
  std::atomic<uint64_t> generation{0};
  /// Bodies still running on workers (written under `mutex`, polled by the
  /// caller).
  std::atomic<int64_t> pending{0};
  /// The first exception a worker's body threw in the current call.
  std::exception_ptr failure;
  std::atomic<bool> stopping{false};
  /// Poll before sleeping: only while the workers and the caller are no
  /// more threads than the machine has (otherwise polling takes a core
  /// from a thread with work).
  std::atomic<bool> polls{false};
};

} // namespace aimc

#endif // AIMC_SUPPORT_WORKERPOOL_H
