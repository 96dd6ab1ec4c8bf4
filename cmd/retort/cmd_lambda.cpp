// `retort lambda`: the AWS Lambda entry point (docs/lambda.md). Each invocation's
// payload becomes an argv for run_app(), the very function main() calls.
#include <csignal>
#include <cstdlib>

#include "app.hpp"
#include "retort/commands.hpp"
#include "retort/error_text.hpp"
#include "retort/lambda/invocation.hpp"
#include "retort/lambda/runtime.hpp"
#include "subcommands.hpp"

namespace retort::cli {
namespace {

struct LambdaOptions {
  std::string listen = "0.0.0.0:8080";
};

volatile std::sig_atomic_t g_stop_requested = 0;

extern "C" void request_stop(int) {
  g_stop_requested = 1;
}

// Records what a command prints for the invocation's summary and copies
// every line to the function's log.
class InvocationReporter final : public Reporter {
 public:
  explicit InvocationReporter(Reporter& log) : m_log(log) {}
  void output(std::string_view line) override {
    m_lines.emplace_back(line);
    m_log.progress(line);
  }
  void progress(std::string_view line) override { m_log.progress(line); }
  void warning(std::string_view line) override { m_log.warning(line); }
  std::vector<std::string>& lines() { return m_lines; }

 private:
  Reporter& m_log;
  std::vector<std::string> m_lines;
};

lambda::CommandRunner command_runner(const CommandContext& context, Reporter& log) {
  Environment environment = context.environment();
  // Invocations without --config use the config the function started with.
  if (!context.config().config_file.empty())
    environment["RETORT_CONFIG"] = context.config().config_file.string();
  std::filesystem::path working_dir = context.working_dir();
  return [environment, working_dir, &log](const lambda::CommandRequest& request) {
    InvocationReporter reporter(log);
    lambda::CommandOutcome outcome;
    AppEnvironment app;
    app.environment = environment;
    app.working_dir = working_dir;
    app.hooks = request.hooks;
    app.hooks.on_result = [&outcome](const RunResult& result) { outcome.run = result; };
    AppResult result = run_app(request.argv, reporter, app);
    outcome.command = result.command;
    outcome.error = result.error;
    outcome.output = std::move(reporter.lines());
    return outcome;
  };
}

void run_lambda(const CommandContext& context, const LambdaOptions& options, Reporter& log) {
  auto api = context.environment().find("AWS_LAMBDA_RUNTIME_API");
  const bool on_lambda = api != context.environment().end() && !api->second.empty();
  Config config;
  try {
    config = context.config();
  } catch (const Error& error) {
    if (on_lambda) {
      Error shown = error;  // run_app attaches the line for the terminal; this goes to AWS first
      attach_source_line(shown, context.working_dir());
      lambda::report_init_error(api->second, shown, log);
    }
    throw;
  }
  lambda::InvocationHandler handler(config.lambda, lambda::physical_resource_id(config),
                                    command_runner(context, log), log);
  if (on_lambda) {
    lambda::run_runtime_loop(api->second, handler, log);
    return;
  }
  std::signal(SIGTERM, request_stop);
  std::signal(SIGINT, request_stop);
  lambda::LocalEndpointOptions local;
  std::tie(local.host, local.port) = lambda::parse_listen_address(options.listen);
  auto timeout = context.environment().find("AWS_LAMBDA_FUNCTION_TIMEOUT");
  if (timeout != context.environment().end()) {
    local.function_timeout_s = std::atof(timeout->second.c_str());
    if (local.function_timeout_s <= 0) local.function_timeout_s = 300;
  }
  local.should_stop = [] { return g_stop_requested != 0; };
  lambda::serve_local_endpoint(local, handler, log);
}

}  // namespace

void register_lambda(CLI::App& app, Action& action) {
  auto options = std::make_shared<LambdaOptions>();
  auto* command = add_command(
      app, "lambda", "Serve AWS Lambda invocations (the container image's default command).",
      "With AWS_LAMBDA_RUNTIME_API set (on AWS Lambda), runs the Runtime API loop. Without it,\n"
      "serves the local invoke endpoint POST /2015-03-31/functions/function/invocations,\n"
      "as the AWS emulator does: docker run -p 9000:8080 IMAGE, then\n"
      "  curl http://localhost:9000/2015-03-31/functions/function/invocations -d '{}'\n"
      "Payloads: a JSON array of arguments ([\"upgrade\", \"head\"]), {\"argv\": [...]}, {} or\n"
      "null for lambda.default_command, or a CloudFormation custom-resource event. Commands\n"
      "outside lambda.allowed_commands are refused. AWS_LAMBDA_FUNCTION_TIMEOUT (seconds,\n"
      "default 300) sets the local endpoint's deadline.");
  command->add_option("--listen", options->listen,
                      "Local endpoint address, HOST:PORT (default 0.0.0.0:8080)");
  on_selected(command, action, options, &run_lambda);
}

}  // namespace retort::cli
