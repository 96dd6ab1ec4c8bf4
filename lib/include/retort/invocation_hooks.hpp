// InvocationHooks: how the caller of one command run (the Lambda invocation
// handler) bounds it, vets it and receives its result. The same struct travels
// unchanged from lambda::CommandRequest through cli::AppEnvironment to
// ContextOptions; the command line leaves every field empty.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "retort/config.hpp"

namespace retort {

struct RunResult;  // retort/migrate.hpp

struct InvocationHooks {
  // Database work must end by then (RunOptions::deadline). Unset: no deadline.
  std::optional<std::chrono::steady_clock::time_point> deadline;

  // Lambda's resumable mode (RunOptions::resumable). Unset: runs end at the
  // deadline with an error, as on the command line.
  std::optional<ResumableSettings> resumable;

  // Called with the selected command's name once the arguments are parsed,
  // before the command runs; throws Error(ErrorKind::not_allowed) to refuse
  // it. May be empty: every command is allowed.
  std::function<void(const std::string& command)> authorize;

  // Receives the result of each upgrade, downgrade and stamp run that
  // reaches the database (not --sql, not a failed run), for the invocation's
  // summary. May be empty.
  std::function<void(const RunResult& result)> on_result;
};

}  // namespace retort
