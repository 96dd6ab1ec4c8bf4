#include "app.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <new>
#include <sstream>
#include <stdexcept>

#include "retort/command_context.hpp"
#include "retort/display_text.hpp"
#include "retort/error_text.hpp"

namespace retort::cli {
namespace {

// The context of a run whose process exits next (AppEnvironment::
// process_exits_after): still reachable, so leak checkers stay quiet, and
// never freed.
CommandContext* context_left_for_exit = nullptr;

constexpr const char* k_description =
    "retort: versioned SQL migrations for PostgreSQL, with Alembic's revision graph and "
    "alembic_version table.";

constexpr const char* k_global_footer =
    "Global options, accepted before or after the command:\n"
    "  -c,--config FILE   config file (default: $RETORT_CONFIG, ./retort.yaml, "
    "./config/retort.yaml)\n"
    "  --url URL          database URL (overrides the config file and $DATABASE_URL)\n"
    "  --auth MODE        password (default) or rds-iam: a fresh RDS IAM auth token as the "
    "password of every connection (auth)\n"
    "  --format FORMAT    text (default) or json: one JSON document on stdout (lint: also "
    "sarif)\n"
    "  -q,--quiet         no progress lines\n"
    "  -v,--verbose       full entries in listings, more progress\n"
    "  --no-color         no colors on stderr (also NO_COLOR=1)\n"
    "  --wait[=SECONDS]   retry the first connection until the server accepts it (default 60)\n"
    "  --lock-wait S      wait up to S seconds for another retort run's lock (lock_wait_s)\n"
    "  --lock-strategy S  auto (default), advisory or table: how runs exclude each other "
    "(lock_strategy)\n"
    "  --lock-timeout S   PostgreSQL lock_timeout for migration statements (lock_timeout_s)\n"
    "  --lock-retries N   tries after a step's lock_timeout, with backoff (lock_retries; default "
    "3 with a lock_timeout, else 0)\n"
    "  --statement-timeout S  PostgreSQL statement_timeout (statement_timeout_s)\n"
    "  --lint MODE        error (default), warn or off: lint of the steps upgrade and downgrade "
    "run (lint)";

constexpr const char* k_main_footer =
    "Exit codes: 0 ok; 1 a migration or database failure; 2 bad usage, config or migration "
    "files; 3 `check` found the database behind, ahead or drifted, or lint found problems; "
    "4 the lock was not "
    "obtained in time.\n"
    "Run `retort <command> --help` for a command's options.";

// Drops progress lines for --quiet; everything else passes through.
class QuietFilter final : public Reporter {
 public:
  QuietFilter(Reporter& inner, bool quiet) : m_inner(inner), m_quiet(quiet) {}
  void output(std::string_view line) override { m_inner.output(line); }
  void document(std::string_view text) override { m_inner.document(text); }
  void progress(std::string_view line) override {
    if (!m_quiet) m_inner.progress(line);
  }
  void warning(std::string_view line) override { m_inner.warning(line); }

 private:
  Reporter& m_inner;
  bool m_quiet;
};

// PostgreSQL keeps its timeouts as a 32-bit count of milliseconds; the
// library checks the same bound for the config file and the environment.
constexpr double k_max_option_seconds = 2147483;

void add_global_options(CLI::App& app, GlobalOptions& globals) {
  auto* group = app.add_option_group("Global options", "accepted before or after the command");
  group
      ->add_option("-c,--config", globals.config_file,
                   "Config file (default: $RETORT_CONFIG, ./retort.yaml, ./config/retort.yaml)")
      ->check(not_empty("the path of the YAML file"));
  group
      ->add_option("--url", globals.url,
                   "Database URL; overrides the config file and $DATABASE_URL")
      ->check(not_empty("a database URL"));
  group
      ->add_option("--auth", globals.auth,
                   "password (default), or rds-iam: every connection's password is a fresh RDS "
                   "IAM auth token computed from the AWS credentials (config auth)")
      ->check(CLI::IsMember({"password", "rds-iam"}));
  group
      ->add_option("--format", globals.format,
                   "text, or json: one JSON document on stdout; `lint` also takes sarif")
      ->check(CLI::IsMember({"text", "json", "sarif"}));
  group->add_flag("-q,--quiet", globals.quiet, "No progress lines");
  group->add_flag("-v,--verbose", globals.verbose, "Full entries in listings, more progress");
  group->add_flag("--no-color", globals.no_color, "No colors (also NO_COLOR=1)");
  group
      ->add_option("--wait", globals.wait_s,
                   "Retry the first connection for up to SECONDS until the server accepts it "
                   "(bare --wait: 60)")
      ->expected(0, 1)
      ->default_str("60")
      ->check(CLI::NonNegativeNumber);
  group
      ->add_option("--lock-wait", globals.lock_wait_s,
                   "Seconds to wait for another retort run's lock (config lock_wait_s)")
      ->check(CLI::Range(0.0, k_max_option_seconds));
  group
      ->add_option("--lock-strategy", globals.lock_strategy,
                   "auto: the advisory lock, or the lease table behind a connection pooler; "
                   "advisory; table (config lock_strategy)")
      ->check(CLI::IsMember({"auto", "advisory", "table"}));
  group
      ->add_option("--lock-timeout", globals.lock_timeout_s,
                   "PostgreSQL lock_timeout for migration statements, seconds (0 = off)")
      ->check(CLI::Range(0.0, k_max_option_seconds));
  group
      ->add_option("--lint", globals.lint,
                   "What upgrade and downgrade do with lint findings on the steps they run: "
                   "error (refuse errors; default), warn, off (config lint)")
      ->check(CLI::IsMember({"error", "warn", "off"}));
  group
      ->add_option("--lock-retries", globals.lock_retries,
                   "Tries after a migration step fails on lock_timeout, with a growing pause "
                   "(config lock_retries; default 3 with a lock_timeout, else 0)")
      ->check(CLI::Range(std::size_t{0}, std::size_t{100}));
  group
      ->add_option("--statement-timeout", globals.statement_timeout_s,
                   "PostgreSQL statement_timeout for migration statements, seconds (0 = off)")
      ->check(CLI::Range(0.0, k_max_option_seconds));
}

ContextOptions context_options(const GlobalOptions& globals, const AppEnvironment& environment) {
  ContextOptions options;
  if (!globals.config_file.empty()) options.overrides.config_file = globals.config_file;
  if (!globals.url.empty()) options.overrides.url = globals.url;
  options.environment = environment.environment;
  options.working_dir = environment.working_dir;
  options.format = globals.json()    ? OutputFormat::json
                   : globals.sarif() ? OutputFormat::sarif
                                     : OutputFormat::text;
  options.verbose = globals.verbose;
  options.wait_s = globals.wait_s.value_or(0);
  options.overrides.lock_wait_s = globals.lock_wait_s;
  options.overrides.lock_timeout_s = globals.lock_timeout_s;
  options.overrides.lock_retries = globals.lock_retries;
  options.overrides.statement_timeout_s = globals.statement_timeout_s;
  options.overrides.lock_strategy = globals.lock_strategy;
  options.overrides.auth = globals.auth;
  options.overrides.lint = globals.lint;
  options.hooks = environment.hooks;
  return options;
}

void output_text(Reporter& reporter, const std::string& text) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) reporter.output(line);
}

// The first word that is neither a flag, a global flag's value nor a known
// command: CLI11 only says "A subcommand is required" for `retort frobnicate`.
std::string unknown_command(CLI::App& app, const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-c" || arg == "--config" || arg == "--url" || arg == "--format" ||
        arg == "--lock-wait" || arg == "--lock-timeout" || arg == "--lock-retries" ||
        arg == "--statement-timeout" || arg == "--lock-strategy" || arg == "--auth") {
      ++i;
    } else if (!arg.empty() && arg.front() != '-') {
      auto known = app.get_subcommands([&](const CLI::App* sub) { return sub->check_name(arg); });
      return known.empty() ? arg : std::string();
    }
  }
  return {};
}

// CLI11 gives an option with an optional value the next word, so a bare
// `--wait` would swallow `head` in `upgrade --wait head`: spell it out.
std::vector<std::string> with_explicit_wait(const std::vector<std::string>& args) {
  std::vector<std::string> result = args;
  for (std::size_t i = 0; i < result.size(); ++i) {
    if (result[i] != "--wait") continue;
    bool number_follows = i + 1 < result.size() && !result[i + 1].empty() &&
                          result[i + 1].find_first_not_of("0123456789.") == std::string::npos;
    if (!number_follows) result[i] = "--wait=60";
  }
  return result;
}

// The longest argument accepted: far above any URL, path, revision id or
// message, far below what would make an echo of it a problem. Lambda
// payloads become arguments too.
constexpr std::size_t k_max_argument_bytes = 16 * 1024;

std::optional<Error> too_long_argument(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i].size() <= k_max_argument_bytes) continue;
    return Error(ErrorKind::usage,
                 fmt::format("argument {} is too long: {}; the limit is {} bytes", i + 1,
                             text::quote(args[i], 40), k_max_argument_bytes),
                 std::nullopt,
                 "long values belong in the config file or the environment (DATABASE_URL for "
                 "the database URL)");
  }
  return std::nullopt;
}

std::string selected_command(CLI::App& app) {
  auto selected = app.get_subcommands();
  return selected.empty() ? std::string() : selected.front()->get_name();
}

}  // namespace

// An empty value (`-c ''`, `--url=` from an unset shell variable) is an
// error, not a silent fall-back to the default.
CLI::Validator not_empty(std::string what) {
  return CLI::Validator(
      [what](const std::string& value) {
        return value.empty() ? fmt::format("is empty; give {}", what) : std::string();
      },
      "");
}

CLI::App* add_command(CLI::App& app, const std::string& name, const std::string& description,
                      const std::string& details) {
  auto* command = app.add_subcommand(name, description);
  command->footer(details.empty() ? std::string(k_global_footer)
                                  : details + "\n\n" + k_global_footer);
  return command;
}

std::unique_ptr<CLI::App> build_app(GlobalOptions& globals, Action& action) {
  auto app = std::make_unique<CLI::App>(k_description, "retort");
  // Subcommands created after this pass options they do not know to the
  // app, so global flags work after the subcommand too.
  app->fallthrough();
  app->require_subcommand(1);
  app->footer(k_main_footer);
  add_global_options(*app, globals);
  register_init(*app, action);
  register_revision(*app, action);
  register_merge(*app, action);
  register_upgrade(*app, action);
  register_downgrade(*app, action);
  register_current(*app, action);
  register_history(*app, action);
  register_heads(*app, action);
  register_branches(*app, action);
  register_show(*app, action);
  register_stamp(*app, action);
  register_resolve(*app, action);
  register_check(*app, action);
  register_lint(*app, action);
  register_lambda(*app, action);
  register_version(*app, action);
  return app;
}

AppResult run_app(const std::vector<std::string>& args, Reporter& reporter,
                  const AppEnvironment& environment) {
  AppResult result;
  Action action;
  auto app = build_app(result.globals, action);
  // Parsed first, so that --format json holds for this error too.
  std::optional<Error> too_long = too_long_argument(args);
  std::vector<std::string> reversed = with_explicit_wait(args);
  std::reverse(reversed.begin(), reversed.end());  // CLI11 takes them reversed
  try {
    app->parse(reversed);
  } catch (const CLI::CallForHelp&) {
    output_text(reporter, app->help());
    return result;
  } catch (const CLI::CallForAllHelp&) {
    output_text(reporter, app->help("", CLI::AppFormatMode::All));
    return result;
  } catch (const CLI::ParseError& error) {
    const std::string command = selected_command(*app);
    result.command = command;
    result.exit_code = 2;
    if (too_long) {
      result.error = std::move(too_long);
      return result;
    }
    const std::string unknown = command.empty() ? unknown_command(*app, args) : std::string();
    if (!unknown.empty()) {
      result.error =
          Error(ErrorKind::usage, fmt::format("unknown command {}", text::quote(unknown)), {},
                "run `retort --help` for the commands");
      return result;
    }
    result.error =
        Error(ErrorKind::usage, text::shortened(error.what(), 400), {},
              command.empty() ? "run `retort --help` for the commands and options"
                              : fmt::format("run `retort {} --help` for its usage", command));
    return result;
  }
  result.command = selected_command(*app);
  if (too_long) {
    result.error = std::move(too_long);
    result.exit_code = 2;
    return result;
  }
  if (result.globals.sarif() && result.command != "lint") {
    result.error = Error(ErrorKind::usage, "--format sarif is only for `retort lint`", {},
                         "use --format text or json");
    result.exit_code = 2;
    return result;
  }
  if (environment.on_global_options) environment.on_global_options(result.globals);
  QuietFilter filtered(reporter, result.globals.quiet);
  try {
    if (environment.hooks.authorize) environment.hooks.authorize(result.command);
    auto context = std::make_unique<CommandContext>(context_options(result.globals, environment));
    if (action) action(*context, filtered);
    if (environment.process_exits_after) {
      context_left_for_exit = context.release();
    }
  } catch (const Error& error) {
    result.error = error;
    result.exit_code = exit_code(error.kind());
    // The one place that reads a file for an error: its line, for the caret.
    attach_source_line(*result.error, environment.working_dir);
  } catch (const std::bad_alloc&) {
    // Inputs have size limits where they enter; this is the last resort.
    result.error = Error(ErrorKind::io,
                         "retort ran out of memory: an input (a migration file, the config file, "
                         "a payload or an argument) is too large to process",
                         std::nullopt, "make the input smaller, or give retort more memory");
    result.exit_code = exit_code(ErrorKind::io);
  } catch (const std::length_error&) {
    result.error = Error(ErrorKind::io, "an input is too large for retort to process", std::nullopt,
                         "make the input smaller");
    result.exit_code = exit_code(ErrorKind::io);
  } catch (const std::exception& error) {
    // Not expected: library code turns failures into retort::Error.
    result.error = Error(
        ErrorKind::io, fmt::format("internal error: {}", text::shortened(error.what())),
        std::nullopt, "this is a bug in retort; please report it with the command that failed");
    result.exit_code = exit_code(ErrorKind::io);  // the JSON document says the same
  }
  return result;
}

}  // namespace retort::cli
