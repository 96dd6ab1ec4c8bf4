// The terminal Reporter: results on stdout, progress and warnings on stderr,
// and the one place errors are printed for people (or as JSON for CI). Every
// line it writes has its passwords and secrets masked (retort/redact.hpp),
// then its control characters escaped (retort/display_text.hpp).
#pragma once

#include "app.hpp"
#include "retort/error.hpp"
#include "retort/reporter.hpp"

namespace retort::cli {

class TerminalReporter final : public Reporter {
 public:
  // stdout; tabs are kept and a final '\r' (a CRLF file's line) dropped.
  void output(std::string_view line) override;
  // stdout, line by line, escaped but not masked again: masking serialized
  // JSON could break it (a secret "true" in place of a value), and
  // json_output::dump() masked its values before serializing them.
  void document(std::string_view text) override;
  void progress(std::string_view line) override;  // stderr
  void warning(std::string_view line) override;   // stderr, "warning: " prefix

  // Colors the "warning:"/"error:" prefixes; off by default.
  void set_color(bool color) { m_color = color; }
  bool color() const { return m_color; }

  // An error that ended the run: error_text() on stderr (retort/error_text.hpp),
  // or with `json` the error document (error_document()) on stdout.
  void error(const Error& error, bool json);

 private:
  bool m_color = false;
};

// Colors only when stderr is a terminal, TERM is not "dumb", NO_COLOR is
// unset or empty (no-color.org) and --no-color was not given.
bool use_color(bool no_color_flag, const Environment& environment);

}  // namespace retort::cli
