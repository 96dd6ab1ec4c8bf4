// `retort lambda`: the AWS Lambda runtime loop (lambda.md).
//
// SEAM: the handler will read each invocation's payload, map it to an argv
// (lambda.default_command, lambda.allowed_commands) and call run_app() with
// it, exactly as main() does; until the Runtime API client exists this
// command refuses.
#include "retort/commands.hpp"
#include "subcommands.hpp"

namespace retort::cli {
namespace {

struct LambdaOptions {};

void run_lambda(const CommandContext&, const LambdaOptions&, Reporter&) {
  throw Error(ErrorKind::usage, "`lambda` needs the Lambda runtime client, which is not built yet");
}

}  // namespace

void register_lambda(CLI::App& app, Action& action) {
  auto* command = add_command(
      app, "lambda", "Serve AWS Lambda invocations (the container image's default command).",
      "With AWS_LAMBDA_RUNTIME_API set, runs the Lambda Runtime API loop: each payload is an\n"
      "argv for this CLI (an array, {\"argv\": [...]}, or {} for lambda.default_command);\n"
      "commands outside lambda.allowed_commands are refused. Without it, serves the local\n"
      "invoke endpoint on port 8080.");
  on_selected(command, action, std::make_shared<LambdaOptions>(), &run_lambda);
}

}  // namespace retort::cli
