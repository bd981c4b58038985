//===- BufferCache.cpp - Reused heap buffers of generated code ------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Runner/BufferCache.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>

using namespace aimc;

namespace {
constexpr size_t kHeaderBytes = 64;
constexpr size_t kPageBytes = 4096;
constexpr uint64_t kMagic = 0x61696d63'62756631ull; // "aimcbuf1"

/// In front of every buffer: the block malloc returned, its owning cache
/// (null: not cached) and the block's usable size after the header.
struct Header {
  void *block;
  BufferCache *owner;
  size_t capacity;
  uint64_t magic;
};
static_assert(sizeof(Header) <= kHeaderBytes, "header too large");

thread_local BufferCache *current = nullptr;

void *withHeader(void *block, size_t offset, BufferCache *owner,
                 size_t capacity) {
  char *user = static_cast<char *>(block) + offset;
  Header header{block, owner, capacity, kMagic};
  std::memcpy(user - kHeaderBytes, &header, sizeof(header));
  return user;
}

void *allocate(size_t alignment, size_t size) {
  if (size > (SIZE_MAX >> 2))
    return nullptr;
  BufferCache *cache = current;
  if (cache && alignment <= kHeaderBytes &&
      size >= BufferCache::kMinCachedBytes) {
    size_t capacity = (size + kPageBytes - 1) / kPageBytes * kPageBytes;
    void *block = cache->take(capacity);
    return block ? withHeader(block, kHeaderBytes, cache, capacity) : nullptr;
  }
  // Not cached: malloc's block with room for the header and the alignment.
  size_t align = alignment < 16 ? 16 : alignment;
  size_t offset = (kHeaderBytes + align - 1) / align * align;
  void *block =
      std::aligned_alloc(align, (offset + size + align - 1) / align * align);
  return block ? withHeader(block, offset, nullptr, 0) : nullptr;
}
} // namespace

BufferCache::~BufferCache() {
  for (auto &[capacity, block] : free)
    std::free(block);
}

BufferCache::Scope::Scope(BufferCache &cache) : previous(current) {
  current = &cache;
}

BufferCache::Scope::~Scope() { current = previous; }

BufferCacheStats BufferCache::getStats() const {
  std::lock_guard<std::mutex> lock(mutex);
  return stats;
}

void *BufferCache::take(size_t capacity) {
  {
    std::lock_guard<std::mutex> lock(mutex);
    ++stats.largeRequests;
    auto it = free.find(capacity);
    if (it != free.end()) {
      void *block = it->second;
      free.erase(it);
      stats.cachedBytes -= capacity;
      ++stats.reused;
      return block;
    }
  }
  return std::aligned_alloc(kHeaderBytes, kHeaderBytes + capacity);
}

void BufferCache::give(void *block, size_t capacity) {
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (stats.cachedBytes + capacity <= maxCachedBytes) {
      free.emplace(capacity, block);
      stats.cachedBytes += capacity;
      return;
    }
  }
  std::free(block);
}

extern "C" void *aimc_jit_malloc(size_t size) { return allocate(16, size); }

extern "C" void *aimc_jit_aligned_alloc(size_t alignment, size_t size) {
  if (alignment == 0 || (alignment & (alignment - 1)))
    return nullptr;
  return allocate(alignment, size);
}

extern "C" void aimc_jit_free(void *pointer) {
  if (!pointer)
    return;
  Header header;
  std::memcpy(&header, static_cast<char *>(pointer) - kHeaderBytes,
              sizeof(header));
  if (header.magic != kMagic) { // not from aimc_jit_* (never happens)
    std::free(pointer);
    return;
  }
  if (header.owner)
    header.owner->give(header.block, header.capacity);
  else
    std::free(header.block);
}
