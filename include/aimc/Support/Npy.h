//===- Npy.h - Read and write NumPy .npy files ------------------*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The NumPy .npy format (format versions 1.0, 2.0 and 3.0) for dense arrays
// of float32, float64, int64 and int32 in little-endian C order, any rank.
// aimc-run reads its inputs and writes its outputs with it.
//
// File layout (numpy/lib/format.py):
//   "\x93NUMPY" major minor
//   header length: uint16 LE (v1) or uint32 LE (v2, v3)
//   header: a Python dict literal
//     {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
//   padded with spaces and ended by '\n' so the data starts 64-byte aligned;
//   then the raw elements in C order.
//
// Nothing here aborts: every failure (missing file, truncated data, bad
// magic, malformed header, unsupported dtype, Fortran order, big-endian) is
// reported as a message. Writes are atomic: the bytes go to a temporary file
// in the destination directory which is renamed over the destination only
// once complete, so a failure never leaves a half-written file.
//
// This library has no MLIR dependency.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_SUPPORT_NPY_H
#define AIMC_SUPPORT_NPY_H

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aimc {

/// The element types aimc reads and writes.
enum class NpyDType { Float32, Float64, Int64, Int32 };

/// Size of one element in bytes.
size_t npyDTypeSize(NpyDType dtype);
/// NumPy's name: "float32", "float64", "int64", "int32".
const char *npyDTypeName(NpyDType dtype);
/// The .npy descriptor: "<f4", "<f8", "<i8", "<i4".
const char *npyDTypeDescr(NpyDType dtype);
/// Parses a descriptor ("<f4", "=i8", ...); nullopt if aimc does not support
/// it. Big-endian and non-numeric descriptors are unsupported.
std::optional<NpyDType> npyDTypeFromDescr(std::string_view descr);

/// The C-type of each dtype.
template <typename T> struct NpyDTypeOf;
template <> struct NpyDTypeOf<float> {
  static constexpr NpyDType value = NpyDType::Float32;
};
template <> struct NpyDTypeOf<double> {
  static constexpr NpyDType value = NpyDType::Float64;
};
template <> struct NpyDTypeOf<int64_t> {
  static constexpr NpyDType value = NpyDType::Int64;
};
template <> struct NpyDTypeOf<int32_t> {
  static constexpr NpyDType value = NpyDType::Int32;
};

/// A dense array in C (row-major) order. `bytes` holds numElements() elements
/// of `dtype` in host (little-endian) byte order.
struct NpyArray {
  NpyDType dtype = NpyDType::Float32;
  /// Empty for a 0-d (scalar) array.
  std::vector<int64_t> shape;
  std::vector<char> bytes;

  /// A zero-filled array.
  NpyArray() = default;
  NpyArray(NpyDType dtype, std::vector<int64_t> shape);

  /// An array holding a copy of `values`; values.size() must equal the
  /// product of `shape`.
  template <typename T>
  static NpyArray fromValues(std::vector<int64_t> shape,
                             const std::vector<T> &values) {
    NpyArray array(NpyDTypeOf<T>::value, std::move(shape));
    size_t bytes = std::min(array.bytes.size(), values.size() * sizeof(T));
    if (bytes > 0) // data() may be null for empty vectors
      std::memcpy(array.bytes.data(), values.data(), bytes);
    return array;
  }

  int64_t rank() const { return static_cast<int64_t>(shape.size()); }
  /// Product of the shape (1 for a scalar).
  int64_t numElements() const;
  /// "float32[3x4]", "int64[]" for a scalar.
  std::string describe() const;

  /// Typed view of the elements; T must match `dtype`.
  template <typename T> T *data() {
    return reinterpret_cast<T *>(bytes.data());
  }
  template <typename T> const T *data() const {
    return reinterpret_cast<const T *>(bytes.data());
  }
  /// Copy of the elements; T must match `dtype`.
  template <typename T> std::vector<T> values() const {
    return std::vector<T>(data<T>(), data<T>() + numElements());
  }
};

/// What the header of an .npy file says.
struct NpyHeader {
  NpyDType dtype = NpyDType::Float32;
  std::vector<int64_t> shape;
  /// Bytes before the data: magic, version, length field and header text.
  size_t dataOffset = 0;
};

/// Parses the prefix of an .npy file (magic, version, header dict). On
/// failure returns nullopt and sets `error`.
std::optional<NpyHeader> parseNpyHeader(std::string_view bytes,
                                        std::string &error);

/// Decodes a whole .npy file held in memory. On failure returns nullopt and
/// sets `error` (without the file name).
std::optional<NpyArray> parseNpy(std::string_view bytes, std::string &error);

/// Reads an .npy file. On failure returns nullopt and sets `error` to a
/// message naming the file.
std::optional<NpyArray> readNpyFile(const std::string &path,
                                    std::string &error);

/// Encodes `array` as an .npy file (format 1.0, or 2.0 if the header does
/// not fit in 65535 bytes). Returns an empty string and sets `error` if the
/// array is inconsistent (byte count not matching the shape, negative size).
std::string serializeNpy(const NpyArray &array, std::string &error);

/// Where a write to `path` lands: the target of a symbolic link (so that
/// the link is kept and its target updated), else `path` in its canonical
/// directory (no ".." or linked directories). `path` itself if its
/// directory does not exist.
std::string resolveOutputPath(const std::string &path);

/// True if writes to `a` and `b` land in the same file: the same resolved
/// path, or existing files with the same device and inode (hard links).
bool isSameFile(const std::string &a, const std::string &b);

/// Writes `bytes` to `path` atomically: to a fresh temporary file in the
/// same directory, flushed, then renamed over `path`. On failure returns
/// false, sets `error`, and leaves no file behind. A character device
/// (/dev/null) is written in place, never replaced; a directory, FIFO or
/// socket is refused.
bool writeFileAtomically(const std::string &path, std::string_view bytes,
                         std::string &error);

/// Serializes and atomically writes `array` to `path`.
bool writeNpyFile(const std::string &path, const NpyArray &array,
                  std::string &error);

/// Writes several .npy files all-or-nothing as far as the file system
/// allows: every array is encoded and written to a temporary file first;
/// only when all are complete are they renamed into place. If anything fails
/// before the renames no destination file is created or modified. A
/// character device (/dev/null) is written in place, before the renames, and
/// never replaced; other existing non-regular files are refused.
class NpyWriteBatch {
public:
  NpyWriteBatch() = default;
  NpyWriteBatch(const NpyWriteBatch &) = delete;
  NpyWriteBatch &operator=(const NpyWriteBatch &) = delete;
  /// Removes temporary files of an uncommitted batch.
  ~NpyWriteBatch();

  /// Queues `array` for `path`.
  void add(std::string path, NpyArray array);
  /// Stages and renames every queued file; refuses two paths naming the
  /// same file (aimc::isSameFile). On failure returns false and
  /// sets `error`; staged temporaries are removed.
  bool commit(std::string &error);

private:
  std::vector<std::pair<std::string, NpyArray>> pending;
  /// The temporary of each pending file; empty for a character device.
  std::vector<std::string> staged;
  /// The encoded arrays for character devices (/dev/null), written in place
  /// by index into `pending`.
  std::vector<std::pair<size_t, std::string>> deviceBytes;
};

} // namespace aimc

#endif // AIMC_SUPPORT_NPY_H
