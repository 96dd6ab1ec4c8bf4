// One Lambda invocation: payload -> plan -> the CLI command -> a JSON
// summary or an error body (docs/lambda.md "Responses"), and for CloudFormation's
// direct mode the answer PUT to the event's ResponseURL.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/config.hpp"
#include "retort/error.hpp"
#include "retort/invocation_hooks.hpp"
#include "retort/migrate.hpp"
#include "retort/reporter.hpp"

namespace retort::lambda {

struct CommandRequest {
  std::vector<std::string> argv;
  // The handler sets the deadline (the invocation's, less stop_margin()) and
  // authorize (lambda.allowed_commands); the runner passes them to the
  // command and receives the run's result through on_result.
  InvocationHooks hooks;
};

struct CommandOutcome {
  std::string command;              // the subcommand, empty if parsing failed
  std::optional<Error> error;       // set when the command failed
  std::optional<RunResult> run;     // upgrade, downgrade and stamp
  std::vector<std::string> output;  // the lines the command printed
};

// Runs one CLI command in-process (cmd/ gives run_app here). Never throws.
using CommandRunner = std::function<CommandOutcome(const CommandRequest&)>;

struct InvocationContext {
  std::string request_id;
  // Lambda-Runtime-Deadline-Ms; unset means no deadline.
  std::optional<std::chrono::system_clock::time_point> deadline;
};

struct InvocationResponse {
  bool ok = true;
  std::string error_type;  // "Function.MigrationFailed", ... when !ok
  std::string body;        // the JSON summary, or {"errorMessage", "errorType", "stackTrace"}
};

// The Lambda errorType for an error kind ("Function.MigrationFailed", ...).
std::string error_type(ErrorKind kind);

// The error body posted to /error: {"errorMessage": error_text(error) (the
// lines the terminal prints, retort/error_text.hpp), "errorType":
// error_type(kind), "stackTrace": []}. CloudFormation's Reason is
// error_text(error) too.
std::string error_body(const Error& error);

// How long before the deadline the run is stopped: 5 s, or a sixth of the
// time left when that is shorter.
std::chrono::milliseconds stop_margin(std::chrono::milliseconds time_left);

class InvocationHandler {
 public:
  // `physical_resource_id` answers CloudFormation (stable per database, e.g.
  // "retort:shop:public"). `log` gets one line per event, for CloudWatch.
  InvocationHandler(LambdaConfig config, std::string physical_resource_id, CommandRunner runner,
                    Reporter& log);

  // Handles one payload; never throws. In direct CloudFormation mode the
  // answer is PUT before this returns (and by a watchdog before the
  // deadline if the command is still running then).
  InvocationResponse handle(std::string_view payload, const InvocationContext& context);

 private:
  LambdaConfig m_config;
  std::string m_physical_resource_id;
  CommandRunner m_runner;
  Reporter& m_log;
};

// "retort:<database>:<schema>" for the config's URL.
std::string physical_resource_id(const Config& config);

}  // namespace retort::lambda
