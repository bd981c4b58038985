//===- CommandLine.h - One-line command-line errors for the tools -*- C++
//-*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The tools parse their flags with llvm::cl, whose errors come out in LLVM's
// own multi-line format ("aimc-run: for the --chips option: 'x' value invalid
// for long argument!", "Try: '.../aimc-run --help'", ...). Every other
// failure of an aimc tool is one "aimc-<tool>: error: ..." line
// (docs/Reliability.md), so parseCommandLine runs llvm::cl's parser with its
// messages captured and reports a bad command line as one such line.
// --help, --version and the other informational flags work as before.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_SUPPORT_COMMANDLINE_H
#define AIMC_SUPPORT_COMMANDLINE_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace aimc {

/// Parses the command line into the registered llvm::cl options, like
/// llvm::cl::ParseCommandLineOptions(argc, argv, overview). On a bad command
/// line, prints "TOOL: error: MESSAGE (see 'TOOL --help')" as a single line
/// on stderr, where MESSAGE joins what the option parser reported, and
/// returns false; the caller exits non-zero.
bool parseCommandLine(int argc, const char *const *argv,
                      llvm::StringRef overview, llvm::StringRef tool);

/// The MESSAGE of parseCommandLine: the option parser's output `messages`
/// (possibly several lines, each perhaps prefixed "PROGRAM: ") as one line:
/// prefixes and pointers to --help removed, "for the --X option: " shortened
/// to "--X: ", LLVM's wording of bad values replaced, parts joined by "; ".
std::string formatCommandLineErrors(llvm::StringRef messages,
                                    llvm::StringRef program);

/// Runs `body` with file descriptor 2 (stderr and llvm::errs()) pointed at a
/// temporary file and returns what was written to it: llvm::cl's option
/// parsers print their errors to llvm::errs() unconditionally. Runs `body`
/// uncaptured if no temporary file can be made.
std::string captureStderr(llvm::function_ref<void()> body);

} // namespace aimc

#endif // AIMC_SUPPORT_COMMANDLINE_H
