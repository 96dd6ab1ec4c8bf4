// Database URL handling: SQLAlchemy-style schemes accepted. The URL in a
// message goes through text::quote(), which masks its password.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string_view>

#include "retort/config.hpp"
#include "retort/display_text.hpp"
#include "retort/error.hpp"

namespace retort {
namespace {

std::string lowercase(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string normalize_database_url(const std::string& url) {
  std::string_view text = trim(url);
  if (text.empty()) return {};
  const std::size_t scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) {
    // A libpq keyword/value string ("host=db dbname=app") is passed through.
    if (text.find('=') != std::string_view::npos) return std::string(text);
    throw Error(ErrorKind::config, fmt::format("{} is not a PostgreSQL URL", text::quote(text)), {},
                "write postgresql://user:password@host:port/dbname or a libpq string such as "
                "'host=localhost dbname=app'");
  }
  const std::string scheme = lowercase(text.substr(0, scheme_end));
  const std::string dialect = scheme.substr(0, scheme.find('+'));
  if (dialect != "postgresql" && dialect != "postgres") {
    throw Error(ErrorKind::config,
                fmt::format("unsupported database URL scheme {} in {}", text::quote(scheme, 40),
                            text::quote(text)),
                {},
                "retort talks to PostgreSQL only: use postgresql:// (postgres:// and "
                "postgresql+<driver>:// are accepted too)");
  }
  return "postgresql" + std::string(text.substr(scheme_end));
}

}  // namespace retort
