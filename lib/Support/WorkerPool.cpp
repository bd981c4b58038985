//===- WorkerPool.cpp - Persistent worker threads -------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Support/WorkerPool.h"

#include <chrono>
#include <exception>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

using namespace aimc;

namespace {
/// The pool whose worker is the current thread (null elsewhere).
thread_local const WorkerPool *currentPool = nullptr;

/// Polls `ready` until it holds or WorkerPool::kSpinMicroseconds passed.
template <typename Ready> void spinUntil(Ready ready) {
  using Clock = std::chrono::steady_clock;
  const auto deadline =
      Clock::now() + std::chrono::microseconds(WorkerPool::kSpinMicroseconds);
  for (;;) {
    for (int i = 0; i < 64; ++i) {
      if (ready())
        return;
#if defined(__x86_64__) || defined(__i386__)
      _mm_pause();
#endif
    }
    if (Clock::now() >= deadline)
      return;
  }
}
} // namespace

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mutex);
    stopping = true;
  }
  wake.notify_all();
  for (std::thread &worker : workers)
    worker.join();
}

int64_t WorkerPool::numWorkers() const {
  std::lock_guard<std::mutex> lock(mutex);
  return static_cast<int64_t>(workers.size());
}

void WorkerPool::run(int64_t n, const std::function<void(int64_t)> &body) {
  auto serial = [&] {
    for (int64_t i = 0; i < n; ++i)
      body(i);
  };
  if (n <= 1 || currentPool == this) {
    serial();
    return;
  }
  std::unique_lock<std::mutex> call(callMutex, std::try_to_lock);
  if (!call.owns_lock()) {
    serial();
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (static_cast<int64_t>(workers.size()) < n - 1) {
      while (static_cast<int64_t>(workers.size()) < n - 1) {
        int64_t index = static_cast<int64_t>(workers.size()) + 1;
        workers.emplace_back([this, index] { workerLoop(index); });
      }
      // The machine's cores, asked once (a system call).
      static const int64_t cores =
          static_cast<int64_t>(std::thread::hardware_concurrency());
      polls = static_cast<int64_t>(workers.size()) + 1 <= cores;
    }
    task = &body;
    taskSize = n;
    pending = n - 1;
    ++generation;
  }
  wake.notify_all();
  std::exception_ptr own;
  try {
    body(0);
  } catch (...) {
    own = std::current_exception();
  }
  if (polls)
    spinUntil([&] { return pending.load(std::memory_order_acquire) == 0; });
  std::unique_lock<std::mutex> lock(mutex);
  done.wait(lock, [&] { return pending == 0; });
  task = nullptr;
  std::exception_ptr first = own ? own : failure;
  failure = nullptr;
  if (first)
    std::rethrow_exception(first);
}

void WorkerPool::workerLoop(int64_t index) {
  currentPool = this;
  uint64_t seen = 0;
  std::unique_lock<std::mutex> lock(mutex);
  // A worker started during a call takes part in it.
  seen = generation - 1;
  for (;;) {
    // Poll without the lock first (the next call usually comes soon), if
    // every pool thread has a core of its own.
    if (polls) {
      lock.unlock();
      spinUntil([&] {
        return stopping.load(std::memory_order_acquire) ||
               generation.load(std::memory_order_acquire) != seen;
      });
      lock.lock();
    }
    wake.wait(lock, [&] { return stopping || generation != seen; });
    if (stopping)
      return;
    seen = generation;
    if (index >= taskSize)
      continue;
    const std::function<void(int64_t)> *body = task;
    lock.unlock();
    std::exception_ptr error;
    try {
      (*body)(index);
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    if (error && !failure)
      failure = error;
    if (--pending == 0)
      done.notify_one();
  }
}
