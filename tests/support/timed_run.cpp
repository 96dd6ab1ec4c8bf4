#include "support/timed_run.hpp"

#include <signal.h>

#include <thread>

#include "support/background_process.hpp"

namespace retort::testing {

TimedResult run_retort_within(const std::vector<std::string>& args, std::chrono::milliseconds limit,
                              const ProcessOptions& options) {
  std::vector<std::string> argv{RETORT_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto started = std::chrono::steady_clock::now();
  BackgroundProcess child(argv, options);
  TimedResult timed;
  while (child.running()) {
    if (std::chrono::steady_clock::now() - started > limit) {
      timed.timed_out = true;
      child.stop(SIGKILL, std::chrono::seconds(5));
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  timed.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  timed.result.exit_code = timed.timed_out ? -1 : child.stop(SIGKILL, std::chrono::seconds(0));
  timed.result.out = child.out();
  timed.result.err = child.err();
  return timed;
}

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

}  // namespace retort::testing
