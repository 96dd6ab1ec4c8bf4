// The retort command line as a function of (arguments, environment,
// Reporter), so main() and the Lambda handler run the very same commands.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "retort/config.hpp"
#include "retort/error.hpp"
#include "retort/invocation_hooks.hpp"
#include "retort/reporter.hpp"
#include "subcommands.hpp"

namespace retort::cli {

// The global flags, accepted before or after the subcommand.
struct GlobalOptions {
  std::string config_file;  // -c/--config
  std::string url;          // --url
  std::string format = "text";
  bool quiet = false;            // -q: no progress lines
  bool verbose = false;          // -v: full entries in listings, more progress
  bool no_color = false;         // --no-color (NO_COLOR is read by the terminal reporter's owner)
  std::optional<double> wait_s;  // --wait[=SECONDS]
  // --lock-wait, --lock-timeout, --statement-timeout (override the config file)
  std::optional<double> lock_wait_s, lock_timeout_s, statement_timeout_s;
  std::optional<std::size_t> lock_retries;   // --lock-retries N
  std::optional<std::string> lock_strategy;  // --lock-strategy auto|advisory|table
  std::optional<std::string> auth;           // --auth password|rds-iam
  std::optional<std::string> lint;           // --lint error|warn|off

  bool json() const { return format == "json"; }
  bool sarif() const { return format == "sarif"; }
};

// Where the command line runs: the process for main(), an invocation for Lambda.
struct AppEnvironment {
  Environment environment;
  std::filesystem::path working_dir;  // empty: the process's working directory
  // Called once the flags are parsed, before the command runs (main() turns
  // --no-color into the terminal reporter's setting here). May be empty.
  std::function<void(const GlobalOptions&)> on_global_options;
  // Lambda: the invocation's deadline, authorization and result callback,
  // passed to the command's context unchanged. Empty for main().
  InvocationHooks hooks;
  // True when the process exits right after run_app() (main()): a command
  // that succeeded leaves its context (the loaded graph, the connection
  // settings) for the exit to reclaim instead of freeing it piece by piece,
  // which costs milliseconds on a big project.
  bool process_exits_after = false;
};

struct AppResult {
  int exit_code = 0;
  // The error that ended the run, for the caller to print (main) or to post
  // as a Lambda error; empty on success and after --help.
  std::optional<Error> error;
  GlobalOptions globals;  // as parsed (defaults when parsing failed early)
  std::string command;    // the subcommand's name; empty when none was selected
};

// Registers the global flags and every subcommand on a new CLI11 app. The
// selected subcommand stores what to run in `action`.
std::unique_ptr<CLI::App> build_app(GlobalOptions& globals, Action& action);

// Parses `args` (without the program name) and runs the selected command.
// Every error is caught here, once: CLI11 parse errors become
// Error(ErrorKind::usage) with CLI11's message and exit code 2, retort errors
// keep their kind and exit_code(kind). --help text goes to reporter.output.
// Nothing is printed for errors: that is the caller's job.
AppResult run_app(const std::vector<std::string>& args, Reporter& reporter,
                  const AppEnvironment& environment);

}  // namespace retort::cli
