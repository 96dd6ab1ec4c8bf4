// A child process that runs while the test talks to it (a server), its
// stdout and stderr captured in files.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace retort::testing {

class BackgroundProcess {
 public:
  // Starts argv (argv[0] searched in PATH); options.stdin_text is ignored.
  BackgroundProcess(const std::vector<std::string>& argv, const ProcessOptions& options = {});
  ~BackgroundProcess();  // kills the process if it still runs
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // Sends `signal` and waits up to `timeout` for the exit. Returns the exit
  // status (128+signal when killed by one), or -1 when it did not exit.
  int stop(int signal, std::chrono::milliseconds timeout);
  bool running();
  std::string out() const;
  std::string err() const;

 private:
  TempDir m_dir;
  pid_t m_pid = -1;
  int m_status = -1;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
int free_port();

// Waits until something accepts connections on 127.0.0.1:port.
bool wait_for_port(int port, std::chrono::milliseconds timeout);

}  // namespace retort::testing
