#include "terminal_reporter.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "retort/commands.hpp"

namespace retort::cli {
namespace {

void write_line(std::FILE* stream, std::string_view line) {
  std::fwrite(line.data(), 1, line.size(), stream);
  std::fputc('\n', stream);
}

std::string prefix(std::string_view word, const char* color, bool colored) {
  if (!colored) return fmt::format("{}: ", word);
  return fmt::format("\033[{}m{}:\033[0m ", color, word);
}

}  // namespace

void TerminalReporter::output(std::string_view line) {
  write_line(stdout, line);
}

void TerminalReporter::progress(std::string_view line) {
  std::fflush(stdout);  // keep stdout and stderr in order on a terminal
  write_line(stderr, line);
}

void TerminalReporter::warning(std::string_view line) {
  std::fflush(stdout);
  write_line(stderr, prefix("warning", "1;33", m_color) + std::string(line));
}

void TerminalReporter::error(const Error& error, bool json) {
  if (json) {
    output(error_document(error));
    return;
  }
  std::fflush(stdout);
  std::string text = prefix("error", "1;31", m_color);
  if (error.location() && !error.location()->file.empty()) {
    text += fmt::format("{}: ", error.location()->to_string());
  }
  text += error.message();
  if (!error.sqlstate().empty()) text += fmt::format(" (SQLSTATE {})", error.sqlstate());
  write_line(stderr, text);
  if (!error.hint().empty()) write_line(stderr, prefix("hint", "1;36", m_color) + error.hint());
}

bool use_color(bool no_color_flag, const Environment& environment) {
  if (no_color_flag || isatty(STDERR_FILENO) == 0) return false;
  auto no_color = environment.find("NO_COLOR");
  if (no_color != environment.end() && !no_color->second.empty()) return false;
  auto term = environment.find("TERM");
  return term == environment.end() || term->second != "dumb";
}

}  // namespace retort::cli
