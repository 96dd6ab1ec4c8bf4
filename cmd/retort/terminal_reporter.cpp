#include "terminal_reporter.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "retort/commands.hpp"
#include "retort/display_text.hpp"
#include "retort/error_text.hpp"
#include "retort/redact.hpp"

namespace retort::cli {
namespace {

void write_line(std::FILE* stream, std::string_view line) {
  std::fwrite(line.data(), 1, line.size(), stream);
  std::fputc('\n', stream);
}

// Every line is written through here: file names, file contents, server
// messages and the environment reach these lines, and neither a password
// or registered secret (redact.hpp) nor their control characters may reach
// the terminal or the CI log raw (display_text.hpp). `mask` is false only
// for the lines of a JSON document (document()).
void write_escaped(std::FILE* stream, std::string_view prefix, std::string_view line,
                   bool keep_tabs = false, bool mask = true) {
  std::fwrite(prefix.data(), 1, prefix.size(), stream);
  const std::string masked = mask ? redact(line) : std::string(line);
  if (!text::needs_escaping(masked, keep_tabs)) {
    write_line(stream, masked);
  } else {
    write_line(stream, text::escape_controls(masked, keep_tabs));
  }
}

std::string prefix(std::string_view word, const char* color, bool colored) {
  if (!colored) return fmt::format("{}: ", word);
  return fmt::format("\033[{}m{}:\033[0m ", color, word);
}

// Calls `each` with every '\n'-separated line of `text`.
template <class Each>
void for_each_line(std::string_view text, Each&& each) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    each(text.substr(start, end - start));
    start = end + 1;
  }
}

}  // namespace

void TerminalReporter::output(std::string_view line) {
  // A command's result keeps its tabs (the SQL of `--sql`, where psql would
  // read a written-out `\t` as a meta-command) and drops the '\r' of a CRLF
  // migration file's line.
  if (line.ends_with('\r')) line.remove_suffix(1);
  write_escaped(stdout, {}, line, /*keep_tabs=*/true);
}

void TerminalReporter::document(std::string_view text) {
  for_each_line(text, [](std::string_view line) {
    write_escaped(stdout, {}, line, /*keep_tabs=*/true, /*mask=*/false);
  });
}

void TerminalReporter::progress(std::string_view line) {
  std::fflush(stdout);  // keep stdout and stderr in order on a terminal
  write_escaped(stderr, {}, line);
}

void TerminalReporter::warning(std::string_view line) {
  std::fflush(stdout);
  write_escaped(stderr, prefix("warning", "1;33", m_color), line);
}

void TerminalReporter::error(const Error& error, bool json) {
  if (json) {
    // The document's strings escape their control characters (JSON's own
    // escapes): only its layout has line breaks, so it goes out line by line.
    document(error_document(error));
    return;
  }
  std::fflush(stdout);
  // error_text() masks and escapes everything it takes from the error; its
  // only control characters are the line breaks and its own colours. Masked
  // once more here, as every other line: that keeps the masks as they are.
  for_each_line(error_text(error, ErrorTextOptions{.color = m_color}),
                [](std::string_view line) { write_line(stderr, redact(line)); });
}

bool use_color(bool no_color_flag, const Environment& environment) {
  if (no_color_flag || isatty(STDERR_FILENO) == 0) return false;
  auto no_color = environment.find("NO_COLOR");
  if (no_color != environment.end() && !no_color->second.empty()) return false;
  auto term = environment.find("TERM");
  return term == environment.end() || term->second != "dumb";
}

}  // namespace retort::cli
