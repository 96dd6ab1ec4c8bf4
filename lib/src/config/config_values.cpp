#include "config/config_values.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "retort/display_text.hpp"
#include "retort/redact.hpp"
#include "text/edit_distance.hpp"

namespace retort::config {
namespace {

constexpr std::array<std::string_view, 22> k_scalar_keys = {"script_location",
                                                            "url",
                                                            "auth",
                                                            "sslmode",
                                                            "sslrootcert",
                                                            "password_secret",
                                                            "url_secret",
                                                            "password_parameter",
                                                            "version_table",
                                                            "version_table_schema",
                                                            "history_table",
                                                            "transaction_per_migration",
                                                            "lock_wait_s",
                                                            "lock_timeout_s",
                                                            "lock_retries",
                                                            "statement_timeout_s",
                                                            "lock_strategy",
                                                            "lock_lease_s",
                                                            "lint",
                                                            "postgres_version",
                                                            "file_template",
                                                            "truncate_slug_length"};

constexpr std::size_t k_max_identifier = 63;  // PostgreSQL's NAMEDATALEN - 1

std::string lowercase(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

std::string identifier(std::string_view text, const ValueOrigin& origin) {
  if (text.empty() || text.size() > k_max_identifier) {
    origin.fail("a PostgreSQL identifier of 1-63 bytes", text);
  }
  return std::string(text);
}

double seconds(std::string_view text, const ValueOrigin& origin) {
  auto value = parse_seconds(text);
  if (!value) origin.fail(k_seconds_expectation, text);
  return *value;
}

}  // namespace

void ValueOrigin::fail(std::string_view expectation, std::string_view value,
                       std::string hint) const {
  throw Error(ErrorKind::config,
              fmt::format("{} must be {}, got {}", what, expectation, text::quote(value)), location,
              std::move(hint));
}

bool is_scalar_key(std::string_view key) {
  return std::find(k_scalar_keys.begin(), k_scalar_keys.end(), key) != k_scalar_keys.end();
}

std::string known_keys_text() {
  std::string result;
  for (auto key : k_scalar_keys) result += fmt::format("{}, ", key);
  return result + "aws, lambda";
}

std::string closest_key(std::string_view key) {
  std::vector<std::string_view> candidates(k_scalar_keys.begin(), k_scalar_keys.end());
  candidates.push_back("aws");
  candidates.push_back("lambda");
  return text::closest_match(key, candidates);
}

std::optional<bool> parse_bool(std::string_view text) {
  const std::string value = lowercase(text);
  if (value == "true" || value == "yes" || value == "on" || value == "1") return true;
  if (value == "false" || value == "no" || value == "off" || value == "0") return false;
  return std::nullopt;
}

std::optional<double> parse_seconds(std::string_view text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value) || value < 0 || value > k_max_seconds) {
    return std::nullopt;
  }
  return value;
}

void set_value(Config& config, std::string_view key, std::string_view text,
               const ValueOrigin& origin) {
  if (key == "script_location") {
    if (text.empty()) origin.fail("a directory", text);
    config.script_location = (origin.base_dir / std::filesystem::path(text)).lexically_normal();
  } else if (key == "url") {
    register_connection_secrets(text);  // before any message can echo it
    try {
      config.url = normalize_database_url(std::string(text));
    } catch (const Error& error) {
      throw Error(ErrorKind::config, fmt::format("{}: {}", origin.what, error.message()),
                  origin.location, error.hint());
    }
  } else if (key == "auth") {
    if (text == "password") {
      config.auth = AuthMode::password;
    } else if (text == "rds-iam") {
      config.auth = AuthMode::rds_iam;
    } else {
      origin.fail("password or rds-iam", text,
                  "rds-iam: every connection's password is a fresh RDS IAM auth token");
    }
  } else if (key == "sslmode") {
    static constexpr std::array<std::string_view, 6> k_modes = {
        "disable", "allow", "prefer", "require", "verify-ca", "verify-full"};
    if (std::find(k_modes.begin(), k_modes.end(), text) == k_modes.end()) {
      origin.fail("one of disable, allow, prefer, require, verify-ca, verify-full", text);
    }
    config.sslmode = std::string(text);
  } else if (key == "sslrootcert") {
    if (text.empty()) origin.fail("the path of a PEM file of CA certificates", text);
    config.sslrootcert = (origin.base_dir / std::filesystem::path(text)).lexically_normal();
  } else if (key == "password_secret" || key == "url_secret" || key == "password_parameter") {
    if (text.empty() || text.size() > 2048) {
      origin.fail(key == "password_parameter" ? "an SSM parameter name or ARN"
                                              : "a Secrets Manager secret name or ARN",
                  text);
    }
    std::string& field = key == "password_secret" ? config.password_secret
                         : key == "url_secret"    ? config.url_secret
                                                  : config.password_parameter;
    field = std::string(text);
  } else if (key == "version_table") {
    config.version_table = identifier(text, origin);
  } else if (key == "version_table_schema") {
    config.version_table_schema = identifier(text, origin);
  } else if (key == "history_table") {
    config.history_table = text == "false" ? std::string() : identifier(text, origin);
  } else if (key == "transaction_per_migration") {
    auto value = parse_bool(text);
    if (!value) origin.fail("true or false", text);
    config.transaction_per_migration = *value;
  } else if (key == "lock_wait_s") {
    config.lock_wait_s = seconds(text, origin);
  } else if (key == "lock_timeout_s") {
    config.lock_timeout_s = seconds(text, origin);
  } else if (key == "lock_retries") {
    auto value = parse_lock_retries(text);
    if (!value) origin.fail(k_lock_retries_expectation, text);
    config.lock_retries = *value;
  } else if (key == "statement_timeout_s") {
    config.statement_timeout_s = seconds(text, origin);
  } else if (key == "lock_strategy") {
    if (text == "auto") {
      config.lock_strategy = LockStrategy::automatic;
    } else if (text == "advisory") {
      config.lock_strategy = LockStrategy::advisory;
    } else if (text == "table") {
      config.lock_strategy = LockStrategy::table;
    } else {
      origin.fail("auto, advisory or table", text);
    }
  } else if (key == "lint") {
    if (text == "error") {
      config.lint = LintMode::error;
    } else if (text == "warn") {
      config.lint = LintMode::warn;
    } else if (text == "off") {
      config.lint = LintMode::off;
    } else {
      origin.fail("error, warn or off", text);
    }
  } else if (key == "postgres_version") {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 9 ||
        value > 99) {
      origin.fail("a PostgreSQL major version such as 16", text);
    }
    config.postgres_version = value;
  } else if (key == "lock_lease_s") {
    config.lock_lease_s = seconds(text, origin);
    if (config.lock_lease_s < 3) origin.fail("at least 3 seconds", text);
  } else if (key == "file_template") {
    if (text.empty()) origin.fail("a file name template such as \"{rev}_{slug}\"", text);
    config.file_template = std::string(text);
  } else if (key == "truncate_slug_length") {
    std::size_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
      origin.fail("a whole number of characters", text);
    }
    config.truncate_slug_length = value == 0 ? 40 : value;  // 0 means the default, as in Alembic
  }
}

std::optional<std::size_t> parse_lock_retries(std::string_view text) {
  std::size_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      value > k_max_lock_retries) {
    return std::nullopt;
  }
  return value;
}

}  // namespace retort::config
