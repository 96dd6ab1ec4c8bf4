// retort's entry point: builds the environment and delegates to run_app().
#include <filesystem>
#include <system_error>

#include "app.hpp"
#include "terminal_reporter.hpp"

int main(int argc, char** argv) {
  using namespace retort;
  cli::TerminalReporter reporter;
  cli::AppEnvironment environment;
  environment.environment = environment_from_process();
  std::error_code ignored;
  environment.working_dir = std::filesystem::current_path(ignored);
  environment.process_exits_after = true;
  reporter.set_color(cli::use_color(false, environment.environment));
  environment.on_global_options = [&](const cli::GlobalOptions& globals) {
    reporter.set_color(cli::use_color(globals.no_color, environment.environment));
  };
  const auto result = cli::run_app({argv + 1, argv + argc}, reporter, environment);
  // In JSON mode `check` and `lint` have already printed their document
  // (and in SARIF mode `lint` its log); a second document would break
  // consumers that parse stdout.
  bool documented = (result.globals.json() || result.globals.sarif()) && result.error &&
                    (result.error->kind() == ErrorKind::check_failed ||
                     result.error->kind() == ErrorKind::lint_failed);
  if (result.error && !documented) reporter.error(*result.error, result.globals.json());
  return result.exit_code;
}
