//===- aimc-options-doc.cpp - The reference table of the run options ------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
//   aimc-options-doc OUTPUT.md
//
// Writes docs/Tools/RunOptions.md, the table of every option of compiling
// and running, generated from aimc/Runner/RunOptions.def (the build writes
// it to build/docs/; the test aimc-docs-up-to-date compares it with the
// committed copy).
//
//===----------------------------------------------------------------------===//

#include "aimc/Runner/RunOptions.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

int main(int argc, char **argv) {
  if (argc != 2) {
    llvm::errs() << "usage: aimc-options-doc OUTPUT.md\n";
    return EXIT_FAILURE;
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  aimc::printRunOptionsMarkdown(os);
  std::error_code error;
  llvm::raw_fd_ostream out(argv[1], error, llvm::sys::fs::OF_Text);
  if (error) {
    llvm::errs() << "aimc-options-doc: error: cannot write '" << argv[1]
                 << "': " << error.message() << "\n";
    return EXIT_FAILURE;
  }
  out << text;
  out.close();
  if (out.has_error()) {
    llvm::errs() << "aimc-options-doc: error: cannot write '" << argv[1]
                 << "': " << out.error().message() << "\n";
    out.clear_error();
    return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}
