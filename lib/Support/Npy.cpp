//===- Npy.cpp - Read and write NumPy .npy files --------------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Support/Npy.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <limits>

using namespace aimc;

//===----------------------------------------------------------------------===//
// Data types
//===----------------------------------------------------------------------===//

size_t aimc::npyDTypeSize(NpyDType dtype) {
  switch (dtype) {
  case NpyDType::Float32:
  case NpyDType::Int32:
    return 4;
  case NpyDType::Float64:
  case NpyDType::Int64:
    return 8;
  }
  return 0;
}

const char *aimc::npyDTypeName(NpyDType dtype) {
  switch (dtype) {
  case NpyDType::Float32:
    return "float32";
  case NpyDType::Float64:
    return "float64";
  case NpyDType::Int64:
    return "int64";
  case NpyDType::Int32:
    return "int32";
  }
  return "?";
}

const char *aimc::npyDTypeDescr(NpyDType dtype) {
  switch (dtype) {
  case NpyDType::Float32:
    return "<f4";
  case NpyDType::Float64:
    return "<f8";
  case NpyDType::Int64:
    return "<i8";
  case NpyDType::Int32:
    return "<i4";
  }
  return "?";
}

std::optional<NpyDType> aimc::npyDTypeFromDescr(std::string_view descr) {
  // '<' is little-endian, '=' native (little-endian on every host aimc
  // supports); '>' big-endian and '|' (not applicable) are rejected.
  if (descr.size() != 3 || (descr[0] != '<' && descr[0] != '='))
    return std::nullopt;
  std::string_view kind = descr.substr(1);
  if (kind == "f4")
    return NpyDType::Float32;
  if (kind == "f8")
    return NpyDType::Float64;
  if (kind == "i8")
    return NpyDType::Int64;
  if (kind == "i4")
    return NpyDType::Int32;
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// NpyArray
//===----------------------------------------------------------------------===//

namespace {
/// Product of `shape` times `itemSize`, or nullopt on a negative dimension
/// or overflow.
std::optional<int64_t> checkedByteCount(const std::vector<int64_t> &shape,
                                        int64_t itemSize) {
  int64_t count = 1;
  for (int64_t dim : shape) {
    if (dim < 0 || __builtin_mul_overflow(count, dim, &count))
      return std::nullopt;
  }
  int64_t bytes = 0;
  if (__builtin_mul_overflow(count, itemSize, &bytes))
    return std::nullopt;
  return bytes;
}

std::string shapeToString(const std::vector<int64_t> &shape) {
  std::string text;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      text += "x";
    text += std::to_string(shape[i]);
  }
  return text;
}
} // namespace

NpyArray::NpyArray(NpyDType dtype, std::vector<int64_t> shape)
    : dtype(dtype), shape(std::move(shape)) {
  std::optional<int64_t> size = checkedByteCount(this->shape, 1);
  bytes.assign(size ? static_cast<size_t>(*size) * npyDTypeSize(dtype) : 0, 0);
}

int64_t NpyArray::numElements() const {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

std::string NpyArray::describe() const {
  return std::string(npyDTypeName(dtype)) + "[" + shapeToString(shape) + "]";
}

//===----------------------------------------------------------------------===//
// Header parsing
//===----------------------------------------------------------------------===//

namespace {
constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;
constexpr size_t kAlignment = 64;

/// A cursor over the header's Python dict literal.
class HeaderParser {
public:
  HeaderParser(std::string_view text, std::string &error)
      : text(text), error(error) {}

  /// Parses the whole header into `header` (dtype and shape).
  bool parse(NpyHeader &header) {
    bool seenDescr = false, seenOrder = false, seenShape = false;
    bool fortranOrder = false;
    std::string descr;
    skipSpace();
    if (!expect('{'))
      return false;
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::string key;
      if (!parseString(key, "a dictionary key"))
        return false;
      skipSpace();
      if (!expect(':'))
        return false;
      skipSpace();
      if (key == "descr") {
        if (seenDescr)
          return fail("duplicate key 'descr'");
        seenDescr = true;
        if (peek() == '[')
          return fail("unsupported dtype: structured arrays are not "
                      "supported (expected float32, float64, int64 or int32)");
        if (!parseString(descr, "the 'descr' string"))
          return false;
      } else if (key == "fortran_order") {
        if (seenOrder)
          return fail("duplicate key 'fortran_order'");
        seenOrder = true;
        if (!parseBool(fortranOrder))
          return false;
      } else if (key == "shape") {
        if (seenShape)
          return fail("duplicate key 'shape'");
        seenShape = true;
        if (!parseShape(header.shape))
          return false;
      } else {
        return fail("unexpected key '" + key + "'");
      }
      skipSpace();
      if (consume(','))
        continue;
      if (peek() != '}')
        return fail("expected ',' or '}' after the value of '" + key + "'");
    }
    skipSpace();
    if (pos != text.size())
      return fail("unexpected text after the closing '}'");
    if (!seenDescr)
      return fail("missing key 'descr'");
    if (!seenOrder)
      return fail("missing key 'fortran_order'");
    if (!seenShape)
      return fail("missing key 'shape'");
    if (fortranOrder)
      return fail("Fortran-order arrays are not supported; save the array "
                  "in C order (numpy.ascontiguousarray)");
    if (!descr.empty() && descr[0] == '>')
      return fail("big-endian dtype '" + descr +
                  "' is not supported; convert the array to little-endian "
                  "(arr.astype(arr.dtype.newbyteorder('<')))");
    std::optional<NpyDType> dtype = npyDTypeFromDescr(descr);
    if (!dtype)
      return fail("unsupported dtype '" + descr +
                  "' (expected float32 '<f4', float64 '<f8', int64 '<i8' or "
                  "int32 '<i4')");
    header.dtype = *dtype;
    return true;
  }

private:
  bool fail(const std::string &message) {
    error = "malformed .npy header: " + message;
    return false;
  }
  char peek() const { return pos < text.size() ? text[pos] : '\0'; }
  bool consume(char c) {
    if (peek() != c)
      return false;
    ++pos;
    return true;
  }
  bool expect(char c) {
    if (consume(c))
      return true;
    return fail(std::string("expected '") + c + "' at offset " +
                std::to_string(pos));
  }
  void skipSpace() {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' ||
                                 text[pos] == '\n' || text[pos] == '\r'))
      ++pos;
  }
  bool parseString(std::string &out, const char *what) {
    char quote = peek();
    if (quote != '\'' && quote != '"')
      return fail(std::string("expected ") + what + " at offset " +
                  std::to_string(pos));
    size_t end = text.find(quote, pos + 1);
    if (end == std::string_view::npos)
      return fail(std::string("unterminated string in ") + what);
    out = std::string(text.substr(pos + 1, end - pos - 1));
    pos = end + 1;
    return true;
  }
  bool parseBool(bool &out) {
    if (text.substr(pos, 4) == "True") {
      pos += 4;
      out = true;
      return true;
    }
    if (text.substr(pos, 5) == "False") {
      pos += 5;
      out = false;
      return true;
    }
    return fail("'fortran_order' must be True or False");
  }
  bool parseShape(std::vector<int64_t> &shape) {
    shape.clear();
    if (!consume('('))
      return fail("'shape' must be a tuple of non-negative integers");
    while (true) {
      skipSpace();
      if (consume(')'))
        return true;
      if (peek() < '0' || peek() > '9')
        return fail("'shape' must be a tuple of non-negative integers");
      int64_t dim = 0;
      while (peek() >= '0' && peek() <= '9') {
        if (__builtin_mul_overflow(dim, 10, &dim) ||
            __builtin_add_overflow(dim, peek() - '0', &dim))
          return fail("dimension too large in 'shape'");
        ++pos;
      }
      consume('L'); // Python 2 longs, as written by old numpy versions.
      shape.push_back(dim);
      skipSpace();
      if (consume(','))
        continue;
      if (peek() != ')')
        return fail("expected ',' or ')' in 'shape'");
    }
  }

  std::string_view text;
  std::string &error;
  size_t pos = 0;
};

uint32_t readLittleEndian(std::string_view bytes, size_t offset, size_t n) {
  uint32_t value = 0;
  for (size_t i = 0; i < n; ++i)
    value |=
        static_cast<uint32_t>(static_cast<unsigned char>(bytes[offset + i]))
        << (8 * i);
  return value;
}
} // namespace

std::optional<NpyHeader> aimc::parseNpyHeader(std::string_view bytes,
                                              std::string &error) {
  if (bytes.size() < kMagicSize ||
      bytes.substr(0, kMagicSize) != std::string_view(kMagic, kMagicSize)) {
    error = "not an .npy file (bad magic string)";
    return std::nullopt;
  }
  if (bytes.size() < kMagicSize + 2) {
    error = "truncated .npy file: missing the format version";
    return std::nullopt;
  }
  int major = static_cast<unsigned char>(bytes[kMagicSize]);
  int minor = static_cast<unsigned char>(bytes[kMagicSize + 1]);
  if ((major != 1 && major != 2 && major != 3) || minor != 0) {
    error = "unsupported .npy format version " + std::to_string(major) + "." +
            std::to_string(minor) + " (expected 1.0, 2.0 or 3.0)";
    return std::nullopt;
  }
  size_t lengthSize = major == 1 ? 2 : 4;
  size_t headerStart = kMagicSize + 2 + lengthSize;
  if (bytes.size() < headerStart) {
    error = "truncated .npy file: missing the header length";
    return std::nullopt;
  }
  size_t headerLength = readLittleEndian(bytes, kMagicSize + 2, lengthSize);
  if (bytes.size() - headerStart < headerLength) {
    error = "truncated .npy file: header of " + std::to_string(headerLength) +
            " bytes but only " + std::to_string(bytes.size() - headerStart) +
            " bytes follow";
    return std::nullopt;
  }
  NpyHeader header;
  HeaderParser parser(bytes.substr(headerStart, headerLength), error);
  if (!parser.parse(header))
    return std::nullopt;
  if (!checkedByteCount(header.shape, npyDTypeSize(header.dtype))) {
    error = "malformed .npy header: shape (" + shapeToString(header.shape) +
            ") is too large";
    return std::nullopt;
  }
  header.dataOffset = headerStart + headerLength;
  return header;
}

std::optional<NpyArray> aimc::parseNpy(std::string_view bytes,
                                       std::string &error) {
  std::optional<NpyHeader> header = parseNpyHeader(bytes, error);
  if (!header)
    return std::nullopt;
  int64_t expected =
      *checkedByteCount(header->shape, npyDTypeSize(header->dtype));
  size_t available = bytes.size() - header->dataOffset;
  if (available < static_cast<uint64_t>(expected)) {
    error = "truncated .npy file: " + std::string(npyDTypeName(header->dtype)) +
            " array of shape (" + shapeToString(header->shape) + ") needs " +
            std::to_string(expected) + " data bytes, found " +
            std::to_string(available);
    return std::nullopt;
  }
  if (available > static_cast<uint64_t>(expected)) {
    error = "corrupt .npy file: " + std::to_string(available - expected) +
            " unexpected bytes after the " + std::to_string(expected) +
            " data bytes";
    return std::nullopt;
  }
  NpyArray array(header->dtype, header->shape);
  if (expected)
    std::memcpy(array.bytes.data(), bytes.data() + header->dataOffset,
                static_cast<size_t>(expected));
  return array;
}

//===----------------------------------------------------------------------===//
// File reading
//===----------------------------------------------------------------------===//

std::optional<NpyArray> aimc::readNpyFile(const std::string &path,
                                          std::string &error) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused
  // below like every other non-regular file.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    error = "cannot open '" + path + "': " + std::strerror(errno);
    return std::nullopt;
  }
  struct stat info;
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    error = "cannot read '" + path +
            "': not a regular file (FIFOs, devices and directories are "
            "refused)";
    ::close(fd);
    return std::nullopt;
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  std::string contents;
  char buffer[1 << 16];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      error = "cannot read '" + path + "': " + std::strerror(errno);
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0)
      break;
    contents.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  std::string reason;
  std::optional<NpyArray> array = parseNpy(contents, reason);
  if (!array)
    error = "'" + path + "': " + reason;
  return array;
}

//===----------------------------------------------------------------------===//
// Serialization
//===----------------------------------------------------------------------===//

std::string aimc::serializeNpy(const NpyArray &array, std::string &error) {
  std::optional<int64_t> expected =
      checkedByteCount(array.shape, npyDTypeSize(array.dtype));
  if (!expected) {
    error = "cannot encode an array with a negative or overflowing shape";
    return {};
  }
  if (static_cast<uint64_t>(*expected) != array.bytes.size()) {
    error = "cannot encode " + array.describe() + ": it holds " +
            std::to_string(array.bytes.size()) + " bytes, its shape needs " +
            std::to_string(*expected);
    return {};
  }
  std::string dict = "{'descr': '" + std::string(npyDTypeDescr(array.dtype)) +
                     "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < array.shape.size(); ++i) {
    if (i)
      dict += ", ";
    dict += std::to_string(array.shape[i]);
  }
  if (array.shape.size() == 1)
    dict += ",";
  dict += "), }";

  // Version 1.0 stores the header length in 16 bits; fall back to 2.0.
  size_t prefix = kMagicSize + 2 + 2;
  int major = 1;
  size_t padded =
      (prefix + dict.size() + 1 + kAlignment - 1) / kAlignment * kAlignment;
  if (padded - prefix > std::numeric_limits<uint16_t>::max()) {
    major = 2;
    prefix = kMagicSize + 2 + 4;
    padded =
        (prefix + dict.size() + 1 + kAlignment - 1) / kAlignment * kAlignment;
  }
  size_t headerLength = padded - prefix;
  dict.append(headerLength - dict.size() - 1, ' ');
  dict += '\n';

  std::string out(kMagic, kMagicSize);
  out += static_cast<char>(major);
  out += '\0';
  for (size_t i = 0; i < prefix - kMagicSize - 2; ++i)
    out += static_cast<char>((headerLength >> (8 * i)) & 0xff);
  out += dict;
  out.append(array.bytes.data(), array.bytes.size());
  return out;
}

//===----------------------------------------------------------------------===//
// Atomic writes
//===----------------------------------------------------------------------===//

namespace {
/// Writes `bytes` to a new temporary file next to `path`; returns its name,
/// or an empty string (with `error` set, nothing left behind) on failure.
std::string stageFile(const std::string &path, std::string_view bytes,
                      std::string &error) {
  std::string tempPath = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(tempPath.data());
  if (fd < 0) {
    error = "cannot create a temporary file for '" + path +
            "': " + std::strerror(errno);
    return {};
  }
  auto failWith = [&](const char *what) {
    error = std::string("cannot ") + what + " '" + path +
            "': " + std::strerror(errno);
    ::close(fd);
    ::unlink(tempPath.c_str());
    return std::string();
  };
  // mkstemp creates the file 0600; give it the usual 0666 & ~umask.
  mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(fd, 0666 & ~mask) != 0)
    return failWith("set the permissions of");
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return failWith("write");
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0)
    return failWith("flush");
  if (::close(fd) != 0) {
    error = "cannot write '" + path + "': " + std::strerror(errno);
    ::unlink(tempPath.c_str());
    return {};
  }
  return tempPath;
}

/// Checks what an output destination (resolved, see resolveOutputPath) is.
/// A new path or a regular file is replaced atomically by renaming a staged
/// temporary over it; a character device such as /dev/null is written in
/// place (sets `isDevice`), because renaming a file over it would replace
/// the device node (for root, /dev/null would become a regular file). Any
/// other existing file (a directory, a FIFO that would block, a socket) is
/// refused with `error`.
bool checkOutputTarget(const std::string &target, bool &isDevice,
                       std::string &error) {
  isDevice = false;
  struct stat info;
  if (::stat(target.c_str(), &info) != 0 || S_ISREG(info.st_mode))
    return true;
  if (S_ISCHR(info.st_mode)) {
    isDevice = true;
    return true;
  }
  error = "cannot write '" + target +
          "': not a regular file (directories, FIFOs and sockets are refused)";
  return false;
}

/// Writes `bytes` to the character device `path` in place.
bool writeToDevice(const std::string &path, std::string_view bytes,
                   std::string &error) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    error = "cannot write '" + path + "': " + std::strerror(errno);
    return false;
  }
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      error = "cannot write '" + path +
              "': " + std::strerror(n < 0 ? errno : ENOSPC);
      ::close(fd);
      return false;
    }
    written += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) {
    error = "cannot write '" + path + "': " + std::strerror(errno);
    return false;
  }
  return true;
}

bool renameInto(const std::string &tempPath, const std::string &path,
                std::string &error) {
  if (::rename(tempPath.c_str(), path.c_str()) == 0)
    return true;
  error = "cannot write '" + path + "': " + std::strerror(errno);
  ::unlink(tempPath.c_str());
  return false;
}
} // namespace

std::string aimc::resolveOutputPath(const std::string &path) {
  struct stat info;
  if (::lstat(path.c_str(), &info) == 0 && S_ISLNK(info.st_mode)) {
    // Write through a symbolic link to its target instead of replacing it.
    char *real = ::realpath(path.c_str(), nullptr);
    if (real) {
      std::string resolved(real);
      std::free(real);
      return resolved;
    }
    // A dangling link: follow it one step to where the file will be.
    std::string target(PATH_MAX, '\0');
    ssize_t n = ::readlink(path.c_str(), target.data(), target.size());
    if (n <= 0)
      return path;
    target.resize(static_cast<size_t>(n));
    if (target.front() != '/') {
      size_t slash = path.rfind('/');
      target = (slash == std::string::npos ? std::string(".")
                                           : path.substr(0, slash)) +
               "/" + target;
    }
    return target == path ? path : resolveOutputPath(target);
  }
  // The canonical directory and the file name.
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
  if (dir.empty())
    dir = "/";
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (name.empty() || name == "." || name == "..")
    return path;
  char *real = ::realpath(dir.c_str(), nullptr);
  if (!real)
    return path;
  std::string resolved(real);
  std::free(real);
  return (resolved == "/" ? "" : resolved) + "/" + name;
}

bool aimc::isSameFile(const std::string &a, const std::string &b) {
  std::string ra = resolveOutputPath(a), rb = resolveOutputPath(b);
  if (ra == rb)
    return true;
  struct stat sa, sb;
  return ::stat(ra.c_str(), &sa) == 0 && ::stat(rb.c_str(), &sb) == 0 &&
         sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

bool aimc::writeFileAtomically(const std::string &path, std::string_view bytes,
                               std::string &error) {
  std::string target = resolveOutputPath(path);
  bool isDevice;
  if (!checkOutputTarget(target, isDevice, error))
    return false;
  if (isDevice)
    return writeToDevice(target, bytes, error);
  std::string tempPath = stageFile(target, bytes, error);
  if (tempPath.empty())
    return false;
  return renameInto(tempPath, target, error);
}

bool aimc::writeNpyFile(const std::string &path, const NpyArray &array,
                        std::string &error) {
  std::string reason;
  std::string bytes = serializeNpy(array, reason);
  if (bytes.empty()) {
    error = "cannot write '" + path + "': " + reason;
    return false;
  }
  return writeFileAtomically(path, bytes, error);
}

NpyWriteBatch::~NpyWriteBatch() {
  for (const std::string &tempPath : staged)
    if (!tempPath.empty())
      ::unlink(tempPath.c_str());
}

void NpyWriteBatch::add(std::string path, NpyArray array) {
  pending.emplace_back(std::move(path), std::move(array));
}

bool NpyWriteBatch::commit(std::string &error) {
  // Two outputs naming one file (through "..", symbolic or hard links)
  // would silently lose one result.
  for (size_t i = 0; i < pending.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (isSameFile(pending[i].first, pending[j].first)) {
        error = "output files '" + pending[j].first + "' and '" +
                pending[i].first + "' are the same file";
        return false;
      }
  for (auto &[path, array] : pending) {
    std::string reason;
    std::string bytes = serializeNpy(array, reason);
    if (bytes.empty()) {
      error = "cannot write '" + path + "': " + reason;
      return false; // The destructor removes what was staged.
    }
    std::string target = resolveOutputPath(path);
    bool isDevice;
    if (!checkOutputTarget(target, isDevice, error))
      return false;
    if (isDevice) {
      // Written in place below; nothing to stage.
      deviceBytes.emplace_back(staged.size(), std::move(bytes));
      staged.emplace_back();
    } else {
      std::string tempPath = stageFile(target, bytes, error);
      if (tempPath.empty())
        return false;
      staged.push_back(std::move(tempPath));
    }
    path = std::move(target);
  }
  // Devices first: if one fails (/dev/full), no file has been replaced yet.
  for (auto &[index, bytes] : deviceBytes)
    if (!writeToDevice(pending[index].first, bytes, error))
      return false;
  deviceBytes.clear();
  for (size_t i = 0; i < pending.size(); ++i) {
    if (staged[i].empty())
      continue;
    if (!renameInto(staged[i], pending[i].first, error))
      return false;
    staged[i].clear();
  }
  staged.clear();
  pending.clear();
  return true;
}
