//===- WorkerPoolTest.cpp - Tests of the persistent worker threads --------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Support/WorkerPool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace aimc;

TEST(WorkerPool, RunsEveryIndexOnceOnPersistentWorkers) {
  WorkerPool pool;
  EXPECT_EQ(pool.numWorkers(), 0);
  for (int round = 0; round < 50; ++round) {
    std::vector<std::atomic<int>> hits(4);
    std::vector<std::thread::id> ids(4);
    pool.run(4, [&](int64_t i) {
      ++hits[i];
      ids[i] = std::this_thread::get_id();
    });
    for (auto &h : hits)
      EXPECT_EQ(h.load(), 1);
    // Index 0 on the caller, the others on three distinct workers.
    EXPECT_EQ(ids[0], std::this_thread::get_id());
    EXPECT_EQ(std::set<std::thread::id>(ids.begin(), ids.end()).size(), 4u);
  }
  // Started once, kept across the 50 calls.
  EXPECT_EQ(pool.numWorkers(), 3);
  pool.run(2, [](int64_t) {});
  EXPECT_EQ(pool.numWorkers(), 3);
  pool.run(6, [](int64_t) {});
  EXPECT_EQ(pool.numWorkers(), 5);
}

TEST(WorkerPool, CallsWithinAndAfterThePollingWindowRunEveryIndex) {
  // Idle workers poll for kSpinMicroseconds, then sleep: calls that come
  // back to back, inside the window and after it all run every index once.
  WorkerPool pool;
  const int64_t window = WorkerPool::kSpinMicroseconds;
  for (int64_t gap :
       {int64_t(0), window / 2, 4 * window, int64_t(0), 2 * window, window}) {
    std::this_thread::sleep_for(std::chrono::microseconds(gap));
    std::vector<std::atomic<int>> hits(2);
    pool.run(2, [&](int64_t i) { ++hits[i]; });
    EXPECT_EQ(hits[0].load(), 1) << "gap " << gap << " us";
    EXPECT_EQ(hits[1].load(), 1) << "gap " << gap << " us";
  }
  EXPECT_EQ(pool.numWorkers(), 1);
}

TEST(WorkerPool, NestedAndConcurrentCallsRunOnTheirCaller) {
  WorkerPool pool;
  std::atomic<int> inner{0};
  pool.run(2, [&](int64_t) {
    std::thread::id self = std::this_thread::get_id();
    pool.run(3, [&](int64_t) {
      EXPECT_EQ(std::this_thread::get_id(), self);
      ++inner;
    });
  });
  EXPECT_EQ(inner.load(), 6);
  // Two threads sharing a pool: both complete every index.
  std::atomic<int> total{0};
  auto caller = [&] {
    for (int r = 0; r < 200; ++r)
      pool.run(3, [&](int64_t i) { total += static_cast<int>(i) + 1; });
  };
  std::thread other(caller);
  caller();
  other.join();
  EXPECT_EQ(total.load(), 2 * 200 * 6);
}

TEST(WorkerPool, ExceptionsReachTheCaller) {
  WorkerPool pool;
  EXPECT_THROW(pool.run(3,
                        [](int64_t i) {
                          if (i == 2)
                            throw std::runtime_error("worker failed");
                        }),
               std::runtime_error);
  EXPECT_THROW(pool.run(3,
                        [](int64_t i) {
                          if (i == 0)
                            throw std::runtime_error("caller failed");
                        }),
               std::runtime_error);
  // The pool still works afterwards.
  std::atomic<int> n{0};
  pool.run(3, [&](int64_t) { ++n; });
  EXPECT_EQ(n.load(), 3);
}
