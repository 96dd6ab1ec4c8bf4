// Setting one Config field from text, shared by the config file, the
// environment and the command line so all three accept the same values and
// report mistakes the same way.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "retort/config.hpp"
#include "retort/error.hpp"

namespace retort::config {

// Where a value came from, for error messages and relative paths.
struct ValueOrigin {
  std::string what;                        // "`lock_wait_s`", "environment variable RETORT_URL"
  std::optional<SourceLocation> location;  // set for values from the config file
  std::filesystem::path base_dir;          // relative paths resolve against this

  // Error(ErrorKind::config) "<what> must be <expectation>, got '<value>'".
  [[noreturn]] void fail(std::string_view expectation, std::string_view value,
                         std::string hint = {}) const;
};

// The keys a config file may contain (besides `aws` and `lambda`), in documentation order.
bool is_scalar_key(std::string_view key);
// Every top-level key, comma-separated, for "unknown key" messages.
std::string known_keys_text();
// The known key closest to `key` (small edit distance), or empty.
std::string closest_key(std::string_view key);

// Sets the field named `key` (one of the scalar keys) from `text`. Paths are
// made absolute against origin.base_dir, URLs normalised, `history_table`
// "false" disables the history table. Throws Error(ErrorKind::config).
void set_value(Config& config, std::string_view key, std::string_view text,
               const ValueOrigin& origin);

// Parsers used for the command line too; nullopt when `text` is invalid.
std::optional<bool> parse_bool(std::string_view text);
// Seconds from 0 to k_max_seconds: PostgreSQL keeps lock_timeout and
// statement_timeout as a 32-bit count of milliseconds (about 24.8 days), and
// no wait of retort's own needs longer.
inline constexpr double k_max_seconds = 2147483;
inline constexpr const char* k_seconds_expectation = "a number of seconds from 0 to 2147483";
std::optional<double> parse_seconds(std::string_view text);
// lock_retries: a whole number from 0 to k_max_lock_retries.
inline constexpr std::size_t k_max_lock_retries = 100;
inline constexpr const char* k_lock_retries_expectation = "a whole number of retries from 0 to 100";
std::optional<std::size_t> parse_lock_retries(std::string_view text);

}  // namespace retort::config
