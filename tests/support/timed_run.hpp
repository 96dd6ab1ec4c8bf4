// Running the retort binary with a time limit, for inputs that could make it
// hang (a FIFO, a COPY, a server that never answers): a run past the limit
// is killed and reported as timed out instead of blocking the suite.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace retort::testing {

struct TimedResult {
  ProcessResult result;    // exit_code is -1 when the run was killed
  bool timed_out = false;  // still running at the limit, then killed
  double seconds = 0;      // how long it ran
};

// Runs `retort args...` with stdin on /dev/null, environment from `options`
// (options.stdin_text is ignored), for at most `limit`.
TimedResult run_retort_within(const std::vector<std::string>& args, std::chrono::milliseconds limit,
                              const ProcessOptions& options = {});

// The first line of `text` (stderr's headline, for "one line that says it all").
std::string first_line(const std::string& text);

}  // namespace retort::testing
