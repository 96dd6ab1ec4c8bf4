// Running a child process (the retort binary, psql, ...) and capturing its output.
#pragma once

#include <spawn.h>
#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace retort::testing {

struct ProcessResult {
  int exit_code = -1;  // the exit status, or 128+signal when killed by a signal
  std::string out;     // everything written to stdout
  std::string err;     // everything written to stderr
};

struct ProcessOptions {
  std::filesystem::path cwd;               // empty: inherit
  std::map<std::string, std::string> env;  // added to (or overriding) the inherited environment
  std::vector<std::string> unset_env;      // removed from the inherited environment
  std::string stdin_text;                  // fed to the child's stdin
};

// The inherited environment with options.unset_env removed and options.env
// applied, as NAME=VALUE entries for posix_spawn.
std::vector<std::string> child_environment(const ProcessOptions& options);

// Starts argv[0] (searched in PATH when it has no '/') with `actions` (file
// descriptors, working directory) and child_environment(options). Returns
// posix_spawnp's error code (0 on success) and sets `pid`.
int spawn_child(const std::vector<std::string>& argv, const ProcessOptions& options,
                const posix_spawn_file_actions_t& actions, pid_t& pid);

// Runs argv[0] (searched in PATH when it has no '/') and waits for it.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// Runs the retort binary built with the tests, with the given arguments.
ProcessResult run_retort(const std::vector<std::string>& args, const ProcessOptions& options = {});

}  // namespace retort::testing
