// Reporter: how the library talks to the user. The library never prints;
// the CLI's terminal reporter writes to stdout/stderr, tests record.
#pragma once

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
};

// A Reporter that drops everything.
class NullReporter final : public Reporter {
 public:
  void output(std::string_view) override {}
  void progress(std::string_view) override {}
  void warning(std::string_view) override {}
};

}  // namespace retort
