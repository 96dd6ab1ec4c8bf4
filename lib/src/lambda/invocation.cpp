#include "retort/lambda/invocation.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "commands/json_output.hpp"
#include "lambda/cloudformation.hpp"
#include "lambda/summary.hpp"
#include "retort/error_text.hpp"
#include "retort/lambda/payload.hpp"
#include "retort/redact.hpp"
#include "text/redact_json.hpp"

namespace retort::lambda {
namespace {

using SystemClock = std::chrono::system_clock;
using SteadyClock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// The lock_timeout failures an error body names: the last ones.
constexpr std::size_t k_lock_events_kept = 5;

// The invocation's deadline on the steady clock, and the point where the
// run is stopped (stop_margin() before it).
struct Timing {
  std::optional<SteadyClock::time_point> deadline;
  std::optional<SteadyClock::time_point> stop_at;
  std::optional<SteadyClock::time_point> answer_by;  // CloudFormation's watchdog
};

Timing timing(const InvocationContext& context) {
  Timing result;
  if (!context.deadline) return result;
  auto left = std::chrono::duration_cast<milliseconds>(*context.deadline - SystemClock::now());
  left = std::max(left, milliseconds(0));
  result.deadline = SteadyClock::now() + left;
  result.stop_at = *result.deadline - stop_margin(left);
  result.answer_by = *result.deadline - stop_margin(left) / 2;
  return result;
}

void authorize(const LambdaConfig& config, const std::string& command) {
  const auto& allowed = config.allowed_commands;
  if (command != "lambda" && std::find(allowed.begin(), allowed.end(), command) != allowed.end())
    return;
  throw Error(ErrorKind::not_allowed,
              fmt::format("`{}` is not allowed in Lambda invocations", command), std::nullopt,
              fmt::format("allowed: {}; lambda.allowed_commands in the function's config "
                          "decides",
                          fmt::join(allowed, ", ")));
}

// The database name of a libpq URL or key=value string ("" when unknown).
std::string database_name(const std::string& url) {
  // key=value conninfo, or a URL's ?dbname= parameter
  auto key = url.find("dbname=");
  if (key != std::string::npos &&
      (key == 0 || url[key - 1] == ' ' || url[key - 1] == '?' || url[key - 1] == '&')) {
    auto start = key + 7;
    return url.substr(start, url.find_first_of(" &", start) - start);
  }
  if (url.find("://") != std::string::npos) {
    // The path starts after the user info, whose password may hold a '/'.
    auto host = url.find("://") + 3;
    auto at = url.rfind('@', url.find('?', host));
    if (at != std::string::npos && at > host) host = at + 1;
    auto path = url.find('/', host);
    if (path == std::string::npos) return {};
    return url.substr(path + 1, url.find('?', path) - path - 1);
  }
  return {};
}

// Registers the password of the argv's --url values before the argv is
// logged: whole, a raw space in it would end the URL in the joined line.
// Only --url's: another argument (a target such as `branch:rev@head`) is
// no URL, and registering a part of it would mask that part everywhere.
void register_url_arguments(const std::vector<std::string>& argv) {
  for (std::size_t i = 0; i < argv.size(); ++i) {
    if (argv[i] == "--url" && i + 1 < argv.size()) {
      register_connection_secrets(argv[i + 1]);
    } else if (argv[i].starts_with("--url=")) {
      register_connection_secrets(std::string_view(argv[i]).substr(6));
    }
  }
}

CloudFormationAnswer answer_for(const CommandOutcome& outcome) {
  return CloudFormationAnswer{!outcome.error,
                              outcome.error ? error_text(*outcome.error)
                                            : fmt::format("retort {} succeeded", outcome.command),
                              cloudformation_data(outcome.run)};
}

}  // namespace

std::string error_type(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage:
    case ErrorKind::target:
      return "Function.InvalidArguments";
    case ErrorKind::config:
      return "Function.ConfigInvalid";
    case ErrorKind::migration_file:
    case ErrorKind::graph:
      return "Function.MigrationFilesInvalid";
    case ErrorKind::database:
      return "Function.DatabaseError";
    case ErrorKind::migration:
      return "Function.MigrationFailed";
    case ErrorKind::check_failed:
      return "Function.CheckFailed";
    case ErrorKind::lint_failed:
      return "Function.LintFailed";
    case ErrorKind::lock_timeout:
      return "Function.LockTimeout";
    case ErrorKind::io:
      return "Function.IoError";
    case ErrorKind::payload:
      return "Function.InvalidPayload";
    case ErrorKind::not_allowed:
      return "Function.CommandNotAllowed";
    case ErrorKind::deadline:
      return "Function.DeadlineExceeded";
    case ErrorKind::credentials:
      return "Function.CredentialsError";
    case ErrorKind::step_too_long:
      return "Function.StepTooLong";
  }
  return "Function.Error";
}

std::string error_body(const Error& error) {
  nlohmann::ordered_json body;
  body["errorMessage"] = error_text(error);
  body["errorType"] = error_type(error.kind());
  body["stackTrace"] = nlohmann::json::array();
  if (!error.lock_timeouts().empty()) {
    // docs/lambda.md "Responses": what the migration waited for.
    body["lockRetries"] = retries_made(error.lock_timeouts());
    body["lockTimeouts"] = json_output::lock_timeouts(error.lock_timeouts(), k_lock_events_kept);
  }
  text::redact_strings(body);
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

milliseconds stop_margin(milliseconds time_left) {
  return std::min(milliseconds(5000), time_left / 6);
}

InvocationHandler::InvocationHandler(LambdaConfig config, std::string physical_resource_id,
                                     CommandRunner runner, Reporter& log)
    : m_config(std::move(config)),
      m_physical_resource_id(std::move(physical_resource_id)),
      m_runner(std::move(runner)),
      m_log(log) {}

InvocationResponse InvocationHandler::handle(std::string_view payload,
                                             const InvocationContext& context) {
  const auto started = SteadyClock::now();
  const Timing times = timing(context);
  CommandOutcome outcome;
  InvocationPlan plan;
  try {
    plan = parse_payload(payload, m_config);
  } catch (const Error& error) {
    outcome.error = error;
  }
  std::optional<CloudFormationResponder> responder;
  if (plan.cloudformation && plan.cloudformation->direct) {
    responder.emplace(*plan.cloudformation, m_physical_resource_id, m_log);
    if (times.answer_by) responder->watch_deadline(*times.answer_by);
  }
  if (!outcome.error && plan.argv.empty()) {
    m_log.progress(fmt::format("Nothing to run: {}", plan.skip_reason));
  } else if (!outcome.error) {
    register_url_arguments(plan.argv);
    m_log.progress(redact(fmt::format("Running retort {}", fmt::join(plan.argv, " "))));
    CommandRequest request;
    request.argv = plan.argv;
    request.hooks.deadline = times.stop_at;
    // CloudFormation reads one answer per event: an incomplete run would be
    // a SUCCESS over a database left behind, so its events never resume.
    if (m_config.resumable && !plan.cloudformation)
      request.hooks.resumable = m_config.resumable_settings;
    request.hooks.authorize = [this](const std::string& command) { authorize(m_config, command); };
    outcome = m_runner(request);
  }
  const double duration_ms =
      std::chrono::duration<double, std::milli>(SteadyClock::now() - started).count();

  if (responder) {
    auto failure = responder->answer(answer_for(outcome));
    if (failure) {
      Error error(ErrorKind::io, fmt::format("could not answer CloudFormation: {}", *failure));
      return InvocationResponse{false, error_type(error.kind()), error_body(error)};
    }
  }
  if (outcome.error && !responder) {
    m_log.warning(redact(fmt::format("retort failed: {}", outcome.error->what())));
    return InvocationResponse{false, error_type(outcome.error->kind()), error_body(*outcome.error)};
  }
  SummaryFields fields{plan, outcome, duration_ms, m_physical_resource_id, {}};
  if (responder) fields.cloudformation_status = responder->sent_status();
  return InvocationResponse{true, {}, summary_json(fields)};
}

std::string physical_resource_id(const Config& config) {
  std::string database = database_name(config.url);
  return fmt::format("retort:{}:{}", database.empty() ? "default" : database,
                     config.version_table_schema);
}

}  // namespace retort::lambda
