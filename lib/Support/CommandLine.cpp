//===- CommandLine.cpp - One-line command-line errors for the tools -------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// llvm::cl::ParseCommandLineOptions writes some errors to the stream it is
// given (unknown arguments, missing positionals), but an option that rejects
// its value reports through llvm::cl::Option::error, which always writes to
// llvm::errs(). parseCommandLine therefore points file descriptor 2 at a
// temporary file for the duration of the parse (captureStderr) and reads
// both back.
//
//===----------------------------------------------------------------------===//

#include "aimc/Support/CommandLine.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <regex>
#include <unistd.h>

using namespace aimc;

namespace {

/// LLVM's wording of a value an option's parser rejects, and ours.
struct ValueMessage {
  const char *pattern;
  const char *replacement;
};

const ValueMessage kValueMessages[] = {
    {R"(^('.*') value invalid for (integer|long|llong) argument$)",
     "$1 is not a valid integer"},
    {R"(^('.*') value invalid for (uint|ulong|ullong) argument$)",
     "$1 is not a valid non-negative integer"},
    {R"(^('.*') value invalid for floating point argument$)",
     "$1 is not a number"},
    {R"(^('.*') is invalid value for boolean argument! Try 0 or 1$)",
     "$1 is not a boolean (true, false, 1 or 0)"},
    {R"(^Cannot find option named ('.*')$)", "unknown value $1"},
};

/// One line of the option parser's output, reworded; empty to drop it.
std::string rewordLine(llvm::StringRef line, llvm::StringRef program) {
  line = line.trim();
  if (!program.empty() && line.consume_front(program))
    line = line.drop_while([](char c) { return c == ':' || c == ' '; });
  // "Unknown command line argument '--x'.  Try: 'PATH --help'",
  // "Must specify at least 1 positional argument: See: PATH --help".
  for (llvm::StringRef pointer : {".  Try: ", ": See: ", " See: "}) {
    size_t at = line.find(pointer);
    if (at != llvm::StringRef::npos)
      line = line.take_front(at);
  }
  line = line.trim();
  std::string option;
  if (line.consume_front("for the ")) {
    size_t end = line.find(" option: ");
    if (end != llvm::StringRef::npos) {
      option = (line.take_front(end) + ": ").str();
      line = line.drop_front(end + llvm::StringRef(" option: ").size());
    }
  }
  std::string text = line.rtrim('!').str();
  for (const ValueMessage &message : kValueMessages) {
    std::regex pattern(message.pattern);
    if (std::regex_match(text, pattern)) {
      text = std::regex_replace(text, pattern, message.replacement);
      break;
    }
  }
  if (text.empty())
    return "";
  if (option.empty() && !text.empty() && text[0] >= 'A' && text[0] <= 'Z' &&
      !(text.size() > 1 && text[1] >= 'A' && text[1] <= 'Z'))
    text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return option + text;
}

/// Reads the whole of `file` from its start.
std::string readAll(std::FILE *file) {
  std::string text;
  std::rewind(file);
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file)) > 0)
    text.append(buffer, n);
  return text;
}

} // namespace

std::string aimc::formatCommandLineErrors(llvm::StringRef messages,
                                          llvm::StringRef program) {
  llvm::SmallVector<llvm::StringRef> lines;
  messages.split(lines, '\n', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  llvm::SmallVector<std::string> parts;
  for (llvm::StringRef line : lines)
    if (std::string part = rewordLine(line, program); !part.empty())
      parts.push_back(std::move(part));
  if (parts.empty())
    return "invalid command line";
  return llvm::join(parts, "; ");
}

std::string aimc::captureStderr(llvm::function_ref<void()> body) {
  llvm::errs().flush();
  std::fflush(stderr);
  std::FILE *capture = std::tmpfile();
  int savedStderr = capture ? ::dup(STDERR_FILENO) : -1;
  bool redirected =
      savedStderr >= 0 && ::dup2(::fileno(capture), STDERR_FILENO) >= 0;
  body();
  std::string captured;
  if (redirected) {
    llvm::errs().flush();
    std::fflush(stderr);
    ::dup2(savedStderr, STDERR_FILENO);
    captured = readAll(capture);
  }
  if (savedStderr >= 0)
    ::close(savedStderr);
  if (capture)
    std::fclose(capture);
  return captured;
}

bool aimc::parseCommandLine(int argc, const char *const *argv,
                            llvm::StringRef overview, llvm::StringRef tool) {
  std::string direct;
  llvm::raw_string_ostream directStream(direct);
  bool ok = false;
  std::string messages = captureStderr([&] {
    // With a stream, the parser returns false on errors instead of exiting.
    ok = llvm::cl::ParseCommandLineOptions(argc, argv, overview, &directStream);
  });
  messages += direct;
  if (ok) {
    // Warnings of a successful parse, if any, as the parser wrote them.
    llvm::errs() << messages;
    return true;
  }
  llvm::StringRef program =
      argc > 0 ? llvm::sys::path::filename(argv[0]) : llvm::StringRef(tool);
  llvm::errs() << tool
               << ": error: " << formatCommandLineErrors(messages, program)
               << " (see '" << tool << " --help')\n";
  return false;
}
