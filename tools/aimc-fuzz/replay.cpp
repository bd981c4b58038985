//===- replay.cpp - Replay fuzzer inputs outside libFuzzer ----------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// A main() for a libFuzzer harness: runs LLVMFuzzerTestOneInput on every
// file named on the command line and on every file of every directory named
// there (in name order). Linked with each harness as aimc-<harness>-replay,
// built in every configuration, so that the crash reproducers kept under
// test/Fuzz/Inputs/<harness>/ run in the ordinary test suite (and under
// ASan + UBSan in scripts/run-sanitizers.sh). A reproducer that still
// crashes takes the process down; otherwise prints the number of inputs.
//
//===----------------------------------------------------------------------===//

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace fs = std::filesystem;

int main(int argc, char **argv) {
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    std::error_code ec;
    fs::path arg(argv[i]);
    if (fs::is_directory(arg, ec)) {
      std::vector<fs::path> inDir;
      for (const fs::directory_entry &e : fs::directory_iterator(arg, ec))
        if (e.is_regular_file())
          inDir.push_back(e.path());
      std::sort(inDir.begin(), inDir.end());
      files.insert(files.end(), inDir.begin(), inDir.end());
    } else if (fs::is_regular_file(arg, ec)) {
      files.push_back(arg);
    } else {
      std::fprintf(stderr, "%s: error: '%s' is not a file or directory\n",
                   argv[0], argv[i]);
      return 1;
    }
  }
  for (const fs::path &file : files) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)),
                      std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
      std::fprintf(stderr, "%s: error: cannot read '%s'\n", argv[0],
                   file.c_str());
      return 1;
    }
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.data()),
                           bytes.size());
  }
  std::printf("replayed %zu inputs\n", files.size());
  return 0;
}
