//===- BufferCache.h - Reused heap buffers of generated code ----*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The JIT-compiled modules allocate every intermediate memref with malloc
// and release it with free before returning. Large buffers (megabytes for a
// batch of attention activations; 640 MB in all for a PerformerClassifier
// forward of 16 LRA images) come from mmap in glibc and go back to the
// kernel on free, so every call paid page faults and the zeroing of fresh
// pages for each of them (a quarter of an attention forward's time). The
// JIT therefore binds the modules' malloc, aligned_alloc and free to
// aimc_jit_*: during a call, the calling thread's current BufferCache (the
// JitModule's, see BufferCache::Scope) keeps every released buffer of at
// least kMinCachedBytes (up to its byte limit) and hands it out again for a
// request of the same size rounded to 4 KiB, so a steady stream of calls
// with the same shapes allocates nothing new. Smaller buffers, and all
// buffers outside a scope, pass through to malloc. The cache frees its
// buffers when destroyed (with its module).
//
// Every buffer carries a 64-byte header in front of the address returned
// (its block and owning cache); the contents of a reused buffer are
// unspecified, as malloc's. Buffers that the generated code returns to the
// caller are released with releaseJitBuffer.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_RUNNER_BUFFERCACHE_H
#define AIMC_RUNNER_BUFFERCACHE_H

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>

/// malloc, aligned_alloc and free of generated code (see the file comment).
extern "C" void *aimc_jit_malloc(size_t size);
extern "C" void *aimc_jit_aligned_alloc(size_t alignment, size_t size);
extern "C" void aimc_jit_free(void *pointer);

namespace aimc {

/// Releases a buffer a JIT-compiled function returned (aimc_jit_free).
inline void releaseJitBuffer(void *pointer) { aimc_jit_free(pointer); }

struct BufferCacheStats {
  /// Requests of at least kMinCachedBytes, and those served from the cache.
  uint64_t largeRequests = 0, reused = 0;
  /// Bytes held by released buffers waiting for reuse.
  uint64_t cachedBytes = 0;
};

class BufferCache {
public:
  /// Buffers at least this large are cached (smaller ones are cheap in
  /// malloc).
  static constexpr size_t kMinCachedBytes = size_t(64) << 10;
  static constexpr size_t kDefaultMaxCachedBytes = size_t(2) << 30;

  explicit BufferCache(size_t maxCachedBytes = kDefaultMaxCachedBytes)
      : maxCachedBytes(maxCachedBytes) {}
  BufferCache(const BufferCache &) = delete;
  BufferCache &operator=(const BufferCache &) = delete;
  /// Frees the cached buffers (every buffer of this cache must have been
  /// released).
  ~BufferCache();

  /// While alive, JIT allocations on the constructing thread use `cache`.
  class Scope {
  public:
    explicit Scope(BufferCache &cache);
    ~Scope();
    Scope(const Scope &) = delete;
    Scope &operator=(const Scope &) = delete;

  private:
    BufferCache *previous;
  };

  BufferCacheStats getStats() const;

  /// A block of at least `capacity` bytes plus the header (from the cache
  /// when one of that capacity is free), or null.
  void *take(size_t capacity);
  /// Keeps a block of `capacity` bytes for reuse, or frees it.
  void give(void *block, size_t capacity);

private:
  size_t maxCachedBytes;
  mutable std::mutex mutex;
  std::multimap<size_t, void *> free; // capacity -> block
  BufferCacheStats stats;
};

} // namespace aimc

#endif // AIMC_RUNNER_BUFFERCACHE_H
