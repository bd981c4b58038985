//===- WorkerPool.h - Persistent worker threads -----------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// A set of worker threads that lives as long as its owner (one per simulated
// chip), so that a parallel MVM does not start and join threads on every
// call. Workers are started on first use, as many as the largest request so
// far, and wait on a condition variable between calls. Their thread_local
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

private:
  void workerLoop(int64_t index);

  /// Held by the one call that uses the workers.
  std::mutex callMutex;
  mutable std::mutex mutex;
  std::condition_variable wake, done;
  std::vector<std::thread> workers;
  const std::function<void(int64_t)> *task = nullptr;
  int64_t taskSize = 0;
  /// Incremented per call; a worker runs each generation once.
  uint64_t generation = 0;
  int64_t pending = 0;
  /// The first exception a worker's body threw in the current call.
  std::exception_ptr failure;
  bool stopping = false;
};

} // namespace aimc

#endif // AIMC_SUPPORT_WORKERPOOL_H
