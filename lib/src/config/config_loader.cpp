// load_config: finding the file, then defaults < file < environment < flags.
#include <fmt/format.h>

#include <array>
#include <set>

#include "config/config_file.hpp"
#include "config/config_values.hpp"
#include "retort/config.hpp"
#include "retort/display_text.hpp"
#include "retort/error.hpp"
#include "retort/redact.hpp"

extern char** environ;

namespace retort {
namespace {

struct EnvironmentVariable {
  std::string_view name;
  std::string_view key;
};

// In precedence order: for `url` the first one set wins.
constexpr std::array<EnvironmentVariable, 24> k_environment_variables = {{
    {"RETORT_URL", "url"},
    {"DATABASE_URL", "url"},
    {"DB_URL", "url"},
    {"RETORT_AUTH", "auth"},
    {"RETORT_SSLMODE", "sslmode"},
    {"RETORT_SSLROOTCERT", "sslrootcert"},
    {"RETORT_PASSWORD_SECRET", "password_secret"},
    {"RETORT_URL_SECRET", "url_secret"},
    {"RETORT_PASSWORD_PARAMETER", "password_parameter"},
    {"RETORT_SCRIPT_LOCATION", "script_location"},
    {"RETORT_VERSION_TABLE", "version_table"},
    {"RETORT_VERSION_TABLE_SCHEMA", "version_table_schema"},
    {"RETORT_HISTORY_TABLE", "history_table"},
    {"RETORT_TRANSACTION_PER_MIGRATION", "transaction_per_migration"},
    {"RETORT_LOCK_WAIT_S", "lock_wait_s"},
    {"RETORT_LOCK_TIMEOUT_S", "lock_timeout_s"},
    {"RETORT_LOCK_RETRIES", "lock_retries"},
    {"RETORT_STATEMENT_TIMEOUT_S", "statement_timeout_s"},
    {"RETORT_LOCK_STRATEGY", "lock_strategy"},
    {"RETORT_LOCK_LEASE_S", "lock_lease_s"},
    {"RETORT_LINT", "lint"},
    {"RETORT_POSTGRES_VERSION", "postgres_version"},
    {"RETORT_FILE_TEMPLATE", "file_template"},
    {"RETORT_TRUNCATE_SLUG_LENGTH", "truncate_slug_length"},
}};

// An empty variable counts as unset (`DATABASE_URL= retort ...`).
const std::string* lookup(const Environment& environment, std::string_view name) {
  auto found = environment.find(std::string(name));
  if (found == environment.end() || found->second.empty()) return nullptr;
  return &found->second;
}

const char* file_type_name(std::filesystem::file_type type) {
  switch (type) {
    case std::filesystem::file_type::directory:
      return "a directory";
    case std::filesystem::file_type::fifo:
      return "a FIFO";
    case std::filesystem::file_type::socket:
      return "a socket";
    case std::filesystem::file_type::character:
      return "a character device";
    case std::filesystem::file_type::block:
      return "a block device";
    default:
      return "not a regular file";
  }
}

// Only a regular file (or a link to one) is read: a FIFO would block the
// read for ever and a device such as /dev/zero never ends.
std::filesystem::path explicit_config_file(const std::filesystem::path& given,
                                           const std::filesystem::path& working_dir,
                                           std::string_view source) {
  if (given.empty()) {
    throw Error(ErrorKind::config, fmt::format("{} is empty", source), {},
                fmt::format("give {} the path of the YAML file, e.g. config/retort.yaml", source));
  }
  const auto path = (working_dir / given).lexically_normal();
  const std::string shown = text::shortened(path.string());
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (status.type() == std::filesystem::file_type::not_found) {
    throw Error(ErrorKind::config, fmt::format("config file {} does not exist", shown), {},
                fmt::format("check {}, or run `retort init` to create config/retort.yaml", source));
  }
  if (error) {
    // A link loop (ELOOP), a directory on the way that cannot be searched, ...
    throw Error(ErrorKind::config,
                fmt::format("config file {} cannot be opened: {}", shown, error.message()), {},
                fmt::format("check {} and the links and permissions on its path", source));
  }
  if (status.type() != std::filesystem::file_type::regular) {
    throw Error(ErrorKind::config,
                fmt::format("config file {} is {}", shown, file_type_name(status.type())), {},
                fmt::format("{} must name the YAML file, e.g. config/retort.yaml", source));
  }
  return path;
}

// --config, else $RETORT_CONFIG, else ./retort.yaml, else ./config/retort.yaml.
std::filesystem::path find_config_file(const ConfigOverrides& overrides,
                                       const Environment& environment,
                                       const std::filesystem::path& working_dir) {
  if (overrides.config_file) {
    return explicit_config_file(*overrides.config_file, working_dir, "-c/--config");
  }
  if (const auto* from_env = lookup(environment, "RETORT_CONFIG")) {
    return explicit_config_file(*from_env, working_dir, "$RETORT_CONFIG");
  }
  for (const char* candidate : {"retort.yaml", "config/retort.yaml"}) {
    const auto path = working_dir / candidate;
    std::error_code ignored;
    if (std::filesystem::is_regular_file(path, ignored)) return path;
  }
  return {};
}

// The keys the environment or the command line will set.
std::set<std::string> overridden_keys(const ConfigOverrides& overrides,
                                      const Environment& environment) {
  std::set<std::string> keys;
  for (const auto& variable : k_environment_variables) {
    if (lookup(environment, variable.name) != nullptr) keys.emplace(variable.key);
  }
  if (overrides.url) keys.emplace("url");
  if (overrides.script_location) keys.emplace("script_location");
  if (overrides.lock_wait_s) keys.emplace("lock_wait_s");
  if (overrides.lock_timeout_s) keys.emplace("lock_timeout_s");
  if (overrides.lock_retries) keys.emplace("lock_retries");
  if (overrides.statement_timeout_s) keys.emplace("statement_timeout_s");
  if (overrides.transaction_per_migration) keys.emplace("transaction_per_migration");
  if (overrides.lock_strategy) keys.emplace("lock_strategy");
  if (overrides.auth) keys.emplace("auth");
  if (overrides.lint) keys.emplace("lint");
  return keys;
}

void apply_environment(const Environment& environment, const std::filesystem::path& working_dir,
                       Config& config) {
  std::set<std::string_view> done;
  for (const auto& variable : k_environment_variables) {
    const auto* value = lookup(environment, variable.name);
    if (value == nullptr || !done.insert(variable.key).second) continue;
    config::ValueOrigin origin{
        fmt::format("environment variable {}", variable.name), {}, working_dir};
    config::set_value(config, variable.key, *value, origin);
  }
}

void apply_overrides(const ConfigOverrides& overrides, const std::filesystem::path& working_dir,
                     Config& config) {
  if (overrides.url) {
    config::set_value(config, "url", *overrides.url, {"--url", {}, working_dir});
  }
  if (overrides.script_location) {
    config.script_location = (working_dir / *overrides.script_location).lexically_normal();
  }
  auto seconds = [](std::optional<double> value, std::string_view flag, double& field) {
    if (!value) return;
    if (!(*value >= 0 && *value <= config::k_max_seconds)) {
      config::ValueOrigin{std::string(flag), {}, {}}.fail(config::k_seconds_expectation,
                                                          fmt::format("{}", *value));
    }
    field = *value;
  };
  seconds(overrides.lock_wait_s, "--lock-wait", config.lock_wait_s);
  seconds(overrides.lock_timeout_s, "--lock-timeout", config.lock_timeout_s);
  seconds(overrides.statement_timeout_s, "--statement-timeout", config.statement_timeout_s);
  if (overrides.lock_retries) {
    if (*overrides.lock_retries > config::k_max_lock_retries) {
      config::ValueOrigin{"--lock-retries", {}, {}}.fail(config::k_lock_retries_expectation,
                                                         std::to_string(*overrides.lock_retries));
    }
    config.lock_retries = *overrides.lock_retries;
  }
  if (overrides.transaction_per_migration) {
    config.transaction_per_migration = *overrides.transaction_per_migration;
  }
  if (overrides.lock_strategy) {
    config::set_value(config, "lock_strategy", *overrides.lock_strategy,
                      {"--lock-strategy", {}, working_dir});
  }
  if (overrides.auth)
    config::set_value(config, "auth", *overrides.auth, {"--auth", {}, working_dir});
  if (overrides.lint)
    config::set_value(config, "lint", *overrides.lint, {"--lint", {}, working_dir});
}

}  // namespace

std::size_t effective_lock_retries(const Config& config) {
  if (config.lock_retries) return *config.lock_retries;
  return config.lock_timeout_s > 0 ? k_default_lock_retries : 0;
}

Environment environment_from_process() {
  Environment result;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    const auto eq = text.find('=');
    if (eq == std::string_view::npos) continue;
    result.emplace(std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)));
  }
  return result;
}

void register_environment_secrets(const Environment& environment) {
  for (const char* name : {"PGPASSWORD", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                           "AWS_CONTAINER_AUTHORIZATION_TOKEN"}) {
    if (const auto* value = lookup(environment, name)) register_secret(*value);
  }
  for (const auto& variable : k_environment_variables) {
    if (variable.key != "url") continue;
    if (const auto* value = lookup(environment, variable.name)) {
      register_connection_secrets(*value);
    }
  }
}

Config load_config(const ConfigOverrides& overrides, const Environment& environment,
                   const std::filesystem::path& working_dir) {
  register_environment_secrets(environment);
  const auto base = std::filesystem::absolute(working_dir).lexically_normal();
  Config config;
  config.script_location = base / "migrations";
  config.config_file = find_config_file(overrides, environment, base);
  if (!config.config_file.empty()) {
    config::read_config_file(config.config_file, environment,
                             overridden_keys(overrides, environment), config);
  }
  apply_environment(environment, base, config);
  apply_overrides(overrides, base, config);
  return config;
}

}  // namespace retort
