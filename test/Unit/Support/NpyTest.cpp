//===- NpyTest.cpp - Tests of the .npy reader and writer ------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Support/Npy.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <sstream>

using namespace aimc;

namespace {

/// Builds an .npy file from a header dict and raw data, the way numpy lays
/// it out (version 1.0, header padded to 64 bytes, '\n' terminated).
std::string makeNpy(const std::string &dict, const std::string &data,
                    int major = 1) {
  size_t lengthSize = major == 1 ? 2 : 4;
  size_t prefix = 8 + lengthSize;
  size_t total = (prefix + dict.size() + 1 + 63) / 64 * 64;
  std::string header =
      dict + std::string(total - prefix - dict.size() - 1, ' ');
  header += '\n';
  std::string out("\x93NUMPY", 6);
  out += static_cast<char>(major);
  out += '\0';
  for (size_t i = 0; i < lengthSize; ++i)
    out += static_cast<char>((header.size() >> (8 * i)) & 0xff);
  return out + header + data;
}

std::string floatBytes(std::vector<float> values) {
  return std::string(reinterpret_cast<const char *>(values.data()),
                     values.size() * sizeof(float));
}

/// A fresh directory under the test's temporary directory.
class NpyFileTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::string base = ::testing::TempDir() + "aimc-npy-XXXXXX";
    ASSERT_NE(::mkdtemp(base.data()), nullptr);
    dir = base;
  }
  void TearDown() override {
    for (const std::string &name : listDir())
      ::unlink((dir + "/" + name).c_str());
    ::rmdir(dir.c_str());
  }
  std::vector<std::string> listDir() const {
    std::vector<std::string> names;
    if (DIR *d = ::opendir(dir.c_str())) {
      while (dirent *entry = ::readdir(d)) {
        std::string name = entry->d_name;
        if (name != "." && name != "..")
          names.push_back(name);
      }
      ::closedir(d);
    }
    return names;
  }
  void writeRaw(const std::string &path, const std::string &bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
  }
  std::string dir;
};

} // namespace

//===----------------------------------------------------------------------===//
// Round trips
//===----------------------------------------------------------------------===//

template <typename T> void expectRoundTrip(std::vector<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  std::vector<T> values;
  for (int64_t i = 0; i < n; ++i)
    values.push_back(static_cast<T>(i * 3 - 7) / static_cast<T>(2));
  NpyArray array = NpyArray::fromValues(shape, values);
  std::string error;
  std::string bytes = serializeNpy(array, error);
  ASSERT_FALSE(bytes.empty()) << error;
  // The data starts 64-byte aligned, as numpy requires.
  std::optional<NpyHeader> header = parseNpyHeader(bytes, error);
  ASSERT_TRUE(header) << error;
  EXPECT_EQ(header->dataOffset % 64, 0u);
  std::optional<NpyArray> back = parseNpy(bytes, error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(back->dtype, NpyDTypeOf<T>::value);
  EXPECT_EQ(back->shape, shape);
  EXPECT_EQ(back->values<T>(), values);
}

TEST(NpyRoundTrip, Float32Matrix) { expectRoundTrip<float>({3, 4}); }
TEST(NpyRoundTrip, Float64Vector) { expectRoundTrip<double>({5}); }
TEST(NpyRoundTrip, Int64Rank3) { expectRoundTrip<int64_t>({2, 3, 2}); }
TEST(NpyRoundTrip, Int32Rank5) { expectRoundTrip<int32_t>({1, 2, 1, 3, 2}); }
TEST(NpyRoundTrip, Float32Scalar) { expectRoundTrip<float>({}); }
TEST(NpyRoundTrip, EmptyArray) { expectRoundTrip<double>({0, 3}); }

TEST(NpyRoundTrip, HugeRankUsesVersion2) {
  // 25000 dimensions of size 1 need a header longer than 65535 bytes.
  std::vector<int64_t> shape(25000, 1);
  NpyArray array = NpyArray::fromValues<float>(shape, {42.0f});
  std::string error;
  std::string bytes = serializeNpy(array, error);
  ASSERT_FALSE(bytes.empty()) << error;
  EXPECT_EQ(bytes[6], 2);
  std::optional<NpyArray> back = parseNpy(bytes, error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(back->shape.size(), 25000u);
  EXPECT_EQ(back->values<float>(), std::vector<float>{42.0f});
}

TEST(NpyRoundTrip, SerializedHeaderText) {
  NpyArray array = NpyArray::fromValues<int32_t>({7}, {1, 2, 3, 4, 5, 6, 7});
  std::string error;
  std::string bytes = serializeNpy(array, error);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  EXPECT_NE(bytes.find("{'descr': '<i4', 'fortran_order': False, "
                       "'shape': (7,), }"),
            std::string::npos);
  // 10 prefix bytes + 58 dict bytes + '\n' round up to 128.
  EXPECT_EQ(bytes.size(), 128u + 7 * 4);
  EXPECT_EQ(bytes[127], '\n');
  EXPECT_EQ(bytes[126], ' ');
}

TEST(NpyRoundTrip, InconsistentArrayIsRejected) {
  NpyArray array(NpyDType::Float32, {2, 2});
  array.bytes.resize(12);
  std::string error;
  EXPECT_TRUE(serializeNpy(array, error).empty());
  EXPECT_NE(error.find("holds 12 bytes, its shape needs 16"), std::string::npos)
      << error;
}

//===----------------------------------------------------------------------===//
// Header parsing edge cases
//===----------------------------------------------------------------------===//

TEST(NpyHeaderParse, NumpyWrittenHeader) {
  // Bytes numpy 1.24 writes for np.arange(6, dtype='<f4').reshape(2, 3):
  // a 118-byte header padded to 128 bytes in total.
  std::string dict =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  std::string header = dict + std::string(118 - dict.size() - 1, ' ') + "\n";
  std::string bytes = std::string("\x93NUMPY\x01\x00\x76\x00", 10) + header +
                      floatBytes({0, 1, 2, 3, 4, 5});
  std::string error;
  std::optional<NpyArray> array = parseNpy(bytes, error);
  ASSERT_TRUE(array) << error;
  EXPECT_EQ(array->describe(), "float32[2x3]");
  EXPECT_EQ(array->values<float>(), (std::vector<float>{0, 1, 2, 3, 4, 5}));
}

TEST(NpyHeaderParse, KeyOrderQuotesAndSpacing) {
  std::string error;
  std::optional<NpyArray> array =
      parseNpy(makeNpy("{ \"shape\" :(2 ,2L,) ,\"fortran_order\":False,"
                       "'descr':'=f4'}",
                       floatBytes({1, 2, 3, 4})),
               error);
  ASSERT_TRUE(array) << error;
  EXPECT_EQ(array->shape, (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(array->dtype, NpyDType::Float32);
}

TEST(NpyHeaderParse, Versions2And3) {
  for (int major : {2, 3}) {
    std::string error;
    std::optional<NpyArray> array = parseNpy(
        makeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }",
                floatBytes({9}), major),
        error);
    ASSERT_TRUE(array) << "version " << major << ": " << error;
    EXPECT_EQ(array->values<float>(), std::vector<float>{9});
  }
}

TEST(NpyHeaderParse, ScalarShape) {
  std::string error;
  std::optional<NpyArray> array = parseNpy(
      makeNpy("{'descr': '<i8', 'fortran_order': False, 'shape': (), }",
              std::string("\x05\0\0\0\0\0\0\0", 8)),
      error);
  ASSERT_TRUE(array) << error;
  EXPECT_EQ(array->rank(), 0);
  EXPECT_EQ(array->values<int64_t>(), std::vector<int64_t>{5});
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

namespace {
std::string parseError(const std::string &bytes) {
  std::string error;
  EXPECT_FALSE(parseNpy(bytes, error));
  return error;
}
std::string headerError(const std::string &dict) {
  return parseError(makeNpy(dict, ""));
}
} // namespace

TEST(NpyErrors, BadMagic) {
  EXPECT_EQ(parseError("PK\x03\x04 this is a zip"),
            "not an .npy file (bad magic string)");
  EXPECT_EQ(parseError(""), "not an .npy file (bad magic string)");
}

TEST(NpyErrors, UnsupportedVersion) {
  std::string bytes = makeNpy("{}", "");
  bytes[6] = 4;
  EXPECT_EQ(parseError(bytes),
            "unsupported .npy format version 4.0 (expected 1.0, 2.0 or 3.0)");
}

TEST(NpyErrors, TruncatedPrefixAndHeader) {
  EXPECT_EQ(parseError(std::string("\x93NUMPY", 6)),
            "truncated .npy file: missing the format version");
  EXPECT_EQ(parseError(std::string("\x93NUMPY\x01\x00\x10", 9)),
            "truncated .npy file: missing the header length");
  EXPECT_EQ(parseError(std::string("\x93NUMPY\x01\x00\x76\x00{'descr'", 18)),
            "truncated .npy file: header of 118 bytes but only 8 bytes follow");
}

TEST(NpyErrors, TruncatedData) {
  std::string bytes =
      makeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
              floatBytes({1, 2, 3, 4, 5}));
  EXPECT_EQ(parseError(bytes), "truncated .npy file: float32 array of shape "
                               "(2x3) needs 24 data bytes, found 20");
}

TEST(NpyErrors, TrailingData) {
  std::string bytes =
      makeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }",
              floatBytes({1, 2}));
  EXPECT_EQ(parseError(bytes), "corrupt .npy file: 4 unexpected bytes after "
                               "the 4 data bytes");
}

TEST(NpyErrors, FortranOrder) {
  EXPECT_NE(headerError("{'descr': '<f4', 'fortran_order': True, "
                        "'shape': (2, 3), }")
                .find("Fortran-order arrays are not supported"),
            std::string::npos);
}

TEST(NpyErrors, BigEndian) {
  EXPECT_NE(headerError("{'descr': '>f8', 'fortran_order': False, "
                        "'shape': (2,), }")
                .find("big-endian dtype '>f8' is not supported"),
            std::string::npos);
}

TEST(NpyErrors, UnsupportedDTypes) {
  for (const char *descr : {"<f2", "|u1", "|b1", "<c8", "<U3", "<i2", "f4"}) {
    std::string error = headerError(std::string("{'descr': '") + descr +
                                    "', 'fortran_order': False, "
                                    "'shape': (2,), }");
    EXPECT_NE(error.find(std::string("unsupported dtype '") + descr + "'"),
              std::string::npos)
        << error;
  }
  EXPECT_NE(headerError("{'descr': [('a', '<f4')], 'fortran_order': False, "
                        "'shape': (2,), }")
                .find("structured arrays are not supported"),
            std::string::npos);
}

TEST(NpyErrors, MalformedHeaders) {
  struct Case {
    const char *dict;
    const char *message;
  } cases[] = {
      {"'descr': '<f4'", "expected '{' at offset 0"},
      {"{'descr': '<f4', 'fortran_order': False}", "missing key 'shape'"},
      {"{'fortran_order': False, 'shape': (1,)}", "missing key 'descr'"},
      {"{'descr': '<f4', 'shape': (1,)}", "missing key 'fortran_order'"},
      {"{'descr': '<f4', 'descr': '<f4'}", "duplicate key 'descr'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}",
       "unexpected key 'x'"},
      {"{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}",
       "'fortran_order' must be True or False"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': [1]}",
       "'shape' must be a tuple of non-negative integers"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}",
       "'shape' must be a tuple of non-negative integers"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (1 2)}",
       "expected ',' or ')' in 'shape'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': "
       "(99999999999999999999,)}",
       "dimension too large in 'shape'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': "
       "(4294967296, 4294967296)}",
       "shape (4294967296x4294967296) is too large"},
      {"{'descr': '<f4' 'fortran_order': False}",
       "expected ',' or '}' after the value of 'descr'"},
      {"{'descr: '<f4'}", "expected ':' at offset"},
      {"{descr: '<f4'}", "expected a dictionary key at offset 1"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} x",
       "unexpected text after the closing '}'"},
  };
  for (const Case &c : cases) {
    std::string error = headerError(c.dict);
    EXPECT_EQ(error.rfind("malformed .npy header: ", 0), 0u) << error;
    EXPECT_NE(error.find(c.message), std::string::npos)
        << "header " << c.dict << " gave: " << error;
  }
}

//===----------------------------------------------------------------------===//
// Files
//===----------------------------------------------------------------------===//

TEST_F(NpyFileTest, WriteThenRead) {
  std::string path = dir + "/a.npy";
  NpyArray array = NpyArray::fromValues<double>({2, 2}, {1.5, -2, 3, 4});
  std::string error;
  ASSERT_TRUE(writeNpyFile(path, array, error)) << error;
  std::optional<NpyArray> back = readNpyFile(path, error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(back->values<double>(), array.values<double>());
  // Only the destination exists: the temporary file was renamed.
  EXPECT_EQ(listDir(), std::vector<std::string>{"a.npy"});
  struct stat info;
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_NE(info.st_mode & S_IRGRP, 0u) << "not a 0600 mkstemp leftover";
}

TEST_F(NpyFileTest, MissingFile) {
  std::string error;
  EXPECT_FALSE(readNpyFile(dir + "/missing.npy", error));
  EXPECT_EQ(error,
            "cannot open '" + dir + "/missing.npy': No such file or directory");
}

TEST_F(NpyFileTest, DirectoryIsNotAFile) {
  std::string error;
  EXPECT_FALSE(readNpyFile(dir, error));
  EXPECT_NE(error.find("not a regular file"), std::string::npos) << error;
}

TEST_F(NpyFileTest, FifoIsRefusedWithoutBlocking) {
  // Opening a FIFO for reading used to wait for a writer forever.
  std::string path = dir + "/fifo.npy";
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  std::string error;
  EXPECT_FALSE(readNpyFile(path, error));
  EXPECT_NE(error.find("not a regular file"), std::string::npos) << error;
}

TEST_F(NpyFileTest, SameFileThroughDotDotAndLinks) {
  std::string name = dir.substr(dir.rfind('/') + 1);
  std::string a = dir + "/a.npy", viaDotDot = dir + "/../" + name + "/a.npy";
  EXPECT_TRUE(isSameFile(a, viaDotDot)); // a.npy need not exist
  EXPECT_FALSE(isSameFile(a, dir + "/b.npy"));
  NpyArray array = NpyArray::fromValues<float>({2}, {1, 2});
  std::string error;
  ASSERT_TRUE(writeNpyFile(a, array, error)) << error;
  ASSERT_EQ(::symlink("a.npy", (dir + "/link.npy").c_str()), 0);
  ASSERT_EQ(::link(a.c_str(), (dir + "/hard.npy").c_str()), 0);
  EXPECT_TRUE(isSameFile(a, dir + "/link.npy"));
  EXPECT_TRUE(isSameFile(dir + "/hard.npy", a));
  EXPECT_EQ(resolveOutputPath(dir + "/link.npy"), resolveOutputPath(a));

  // A batch naming one file twice writes nothing.
  NpyWriteBatch batch;
  batch.add(dir + "/new.npy", array);
  batch.add(dir + "/../" + name + "/new.npy", array);
  EXPECT_FALSE(batch.commit(error));
  EXPECT_NE(error.find("are the same file"), std::string::npos) << error;
  struct stat info;
  EXPECT_NE(::stat((dir + "/new.npy").c_str(), &info), 0);
}

TEST_F(NpyFileTest, WritingThroughASymlinkKeepsTheLink) {
  std::string target = dir + "/target.npy", link = dir + "/link.npy";
  ASSERT_EQ(::symlink("target.npy", link.c_str()), 0); // dangling first
  NpyArray array = NpyArray::fromValues<float>({2}, {3, 4});
  std::string error;
  ASSERT_TRUE(writeNpyFile(link, array, error)) << error;
  struct stat info;
  ASSERT_EQ(::lstat(link.c_str(), &info), 0);
  EXPECT_TRUE(S_ISLNK(info.st_mode));
  std::optional<NpyArray> back = readNpyFile(target, error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(back->values<float>(), array.values<float>());
  NpyWriteBatch batch;
  batch.add(link, NpyArray::fromValues<float>({1}, {5}));
  ASSERT_TRUE(batch.commit(error)) << error;
  ASSERT_EQ(::lstat(link.c_str(), &info), 0);
  EXPECT_TRUE(S_ISLNK(info.st_mode));
  EXPECT_EQ(readNpyFile(target, error)->values<float>(), std::vector<float>{5});
}

TEST_F(NpyFileTest, ReadErrorNamesTheFile) {
  std::string path = dir + "/bad.npy";
  writeRaw(path, "hello");
  std::string error;
  EXPECT_FALSE(readNpyFile(path, error));
  EXPECT_EQ(error, "'" + path + "': not an .npy file (bad magic string)");
}

TEST_F(NpyFileTest, FailedWriteLeavesNothing) {
  std::string error;
  NpyArray array = NpyArray::fromValues<float>({1}, {1});
  EXPECT_FALSE(writeNpyFile(dir + "/no-such-dir/out.npy", array, error));
  EXPECT_NE(error.find("cannot create a temporary file"), std::string::npos)
      << error;
  // A directory is refused before anything is staged.
  ASSERT_EQ(::mkdir((dir + "/sub").c_str(), 0755), 0);
  EXPECT_FALSE(writeNpyFile(dir + "/sub", array, error));
  EXPECT_NE(error.find("cannot write '" + dir + "/sub'"), std::string::npos)
      << error;
  EXPECT_EQ(listDir(), std::vector<std::string>{"sub"});
  ::rmdir((dir + "/sub").c_str());
}

TEST_F(NpyFileTest, DevicesAreWrittenInPlaceNotReplaced) {
  // aimc-run --output=/dev/full renamed its temporary over the device node,
  // so that (as root) /dev/full became a regular file. Private device nodes
  // stand in for /dev/null and /dev/full, so that a regression cannot
  // replace the system's.
  std::string null = dir + "/null", full = dir + "/full";
  if (::mknod(null.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0 ||
      ::mknod(full.c_str(), S_IFCHR | 0666, makedev(1, 7)) != 0)
    GTEST_SKIP() << "cannot create device nodes: " << std::strerror(errno);
  int probe = ::open(null.c_str(), O_WRONLY);
  if (probe < 0)
    GTEST_SKIP() << "device nodes unusable here (nodev): "
                 << std::strerror(errno);
  ::close(probe);
  auto isDevice = [](const std::string &path) {
    struct stat info;
    return ::lstat(path.c_str(), &info) == 0 && S_ISCHR(info.st_mode);
  };
  NpyArray array = NpyArray::fromValues<float>({2}, {1, 2});
  std::string error;
  EXPECT_TRUE(writeNpyFile(null, array, error)) << error;
  EXPECT_TRUE(isDevice(null));
  EXPECT_FALSE(writeNpyFile(full, array, error));
  EXPECT_EQ(error, "cannot write '" + full + "': No space left on device");
  EXPECT_TRUE(isDevice(full));
  {
    // In a batch: the device fails before any file is renamed into place.
    NpyWriteBatch batch;
    batch.add(dir + "/a.npy", array);
    batch.add(full, array);
    EXPECT_FALSE(batch.commit(error));
    EXPECT_NE(error.find("No space left on device"), std::string::npos)
        << error;
  }
  {
    NpyWriteBatch batch;
    batch.add(dir + "/b.npy", array);
    batch.add(null, array);
    EXPECT_TRUE(batch.commit(error)) << error;
  }
  EXPECT_TRUE(isDevice(null));
  EXPECT_TRUE(isDevice(full));
  std::vector<std::string> names = listDir();
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"b.npy", "full", "null"}));
}

TEST_F(NpyFileTest, FifoOutputIsRefusedWithoutBlocking) {
  std::string fifo = dir + "/out.npy";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string error;
  EXPECT_FALSE(
      writeNpyFile(fifo, NpyArray::fromValues<float>({1}, {1}), error));
  EXPECT_EQ(error, "cannot write '" + fifo +
                       "': not a regular file (directories, FIFOs and "
                       "sockets are refused)");
  struct stat info;
  ASSERT_EQ(::lstat(fifo.c_str(), &info), 0);
  EXPECT_TRUE(S_ISFIFO(info.st_mode));
  EXPECT_EQ(listDir(), std::vector<std::string>{"out.npy"});
}

TEST_F(NpyFileTest, FailedWriteKeepsOldContents) {
  std::string path = dir + "/keep.npy";
  std::string error;
  ASSERT_TRUE(writeNpyFile(path, NpyArray::fromValues<float>({1}, {7}), error));
  NpyArray broken(NpyDType::Float32, {4});
  broken.bytes.resize(3);
  EXPECT_FALSE(writeNpyFile(path, broken, error));
  std::optional<NpyArray> back = readNpyFile(path, error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(back->values<float>(), std::vector<float>{7});
}

TEST_F(NpyFileTest, BatchIsAllOrNothing) {
  NpyArray good = NpyArray::fromValues<int64_t>({2}, {1, 2});
  NpyArray broken(NpyDType::Float32, {4});
  broken.bytes.resize(3);
  {
    NpyWriteBatch batch;
    batch.add(dir + "/x.npy", good);
    batch.add(dir + "/y.npy", broken);
    std::string error;
    EXPECT_FALSE(batch.commit(error));
    EXPECT_NE(error.find("cannot write '" + dir + "/y.npy'"), std::string::npos)
        << error;
  }
  EXPECT_TRUE(listDir().empty());
  {
    NpyWriteBatch batch;
    batch.add(dir + "/x.npy", good);
    batch.add(dir + "/z.npy", good);
    std::string error;
    EXPECT_TRUE(batch.commit(error)) << error;
  }
  std::vector<std::string> names = listDir();
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"x.npy", "z.npy"}));
}
