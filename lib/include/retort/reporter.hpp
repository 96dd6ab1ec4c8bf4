// Reporter: how the library talks to the user. The library never prints;
// the CLI's terminal reporter writes to stdout/stderr, tests record.
#pragma once

#include <cstddef>
#include <string_view>

namespace retort {

class Reporter {
 public:
  virtual ~Reporter() = default;

  // One line of a command's result (stdout). Not suppressed by --quiet.
  virtual void output(std::string_view line) = 0;
  // Progress of a long operation, e.g. "Running upgrade a -> b" (stderr);
  // suppressed by --quiet.
  virtual void progress(std::string_view line) = 0;
  // Something the user should know about that is not an error (stderr).
  virtual void warning(std::string_view line) = 0;
  // A command's whole JSON document (--format json, stdout): lines joined by
  // '\n', every string value already masked (retort/redact.hpp). A reporter
  // that masks its lines must not mask these again: masking serialized JSON
  // can break it. By default each line goes through output().
  virtual void document(std::string_view text) {
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      output(text.substr(start, end - start));
      start = end + 1;
    }
  }
};

// A Reporter that drops everything.
class NullReporter final : public Reporter {
 public:
  void output(std::string_view) override {}
  void progress(std::string_view) override {}
  void warning(std::string_view) override {}
};

}  // namespace retort
