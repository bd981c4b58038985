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
#include <unistd.h>

using namespace aimc;

namespace {

/// LLVM's wording of a value an option's parser rejects, as the part after
/// the quoted value, and ours. Matched with plain string operations, not
/// std::regex: libstdc++'s regex recurses once per character and overflows
/// the stack on a long value.
struct ValueMessage {
  llvm::StringRef llvmSuffix;
  llvm::StringRef ours;
};

const ValueMessage kValueMessages[] = {
    {" value invalid for integer argument", " is not a valid integer"},
    {" value invalid for long argument", " is not a valid integer"},
    {" value invalid for llong argument", " is not a valid integer"},
    {" value invalid for uint argument", " is not a valid non-negative integer"},
    {" value invalid for ulong argument",
     " is not a valid non-negative integer"},
    {" value invalid for ullong argument",
     " is not a valid non-negative integer"},
    {" value invalid for floating point argument", " is not a number"},
    {" is invalid value for boolean argument! Try 0 or 1",
     " is not a boolean (true, false, 1 or 0)"},
};

/// The longest user value quoted back in a message; longer ones are cut.
constexpr size_t kMaxQuotedValue = 200;

/// `'value'` as quoted in a message, cut to kMaxQuotedValue characters.
std::string quoteValue(llvm::StringRef quoted) {
  llvm::StringRef value = quoted.drop_front().drop_back();
  if (value.size() <= kMaxQuotedValue)
    return quoted.str();
  return ("'" + value.take_front(kMaxQuotedValue) + "...' (" +
          llvm::Twine(value.size()) + " characters)")
      .str();
}

/// Our wording of LLVM's message about a rejected value, or `text` itself.
std::string rewordValueMessage(llvm::StringRef text) {
  llvm::StringRef named = text;
  if (named.consume_front("Cannot find option named ") &&
      named.size() >= 2 && named.starts_with("'") && named.ends_with("'"))
    return "unknown value " + quoteValue(named);
  for (const ValueMessage &message : kValueMessages) {
    if (!text.ends_with(message.llvmSuffix))
      continue;
    llvm::StringRef quoted = text.drop_back(message.llvmSuffix.size());
    if (quoted.size() >= 2 && quoted.starts_with("'") &&
        quoted.ends_with("'"))
      return quoteValue(quoted) + message.ours.str();
  }
  return text.str();
}

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
  text = rewordValueMessage(text);
  if (text.empty())
    return "";
  if (option.empty() && text[0] >= 'A' && text[0] <= 'Z' &&
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
