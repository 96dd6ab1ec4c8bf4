// Database URL handling: SQLAlchemy-style schemes accepted, passwords masked.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "retort/config.hpp"
#include "retort/display_text.hpp"
#include "retort/error.hpp"

namespace retort {
namespace {

constexpr std::string_view k_mask = "***";

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

// Masks the value of every `password=...` parameter of a URL query string
// (libpq accepts the password there too). `query` starts after the '?'.
std::string mask_query_passwords(std::string_view query) {
  std::string result;
  std::size_t pos = 0;
  while (pos <= query.size()) {
    std::size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    std::string_view param = query.substr(pos, end - pos);
    if (lowercase(param.substr(0, 9)) == "password=") {
      result += param.substr(0, 9);
      result += k_mask;
    } else {
      result += param;
    }
    if (end < query.size()) result += '&';
    pos = end + 1;
  }
  return result;
}

std::string mask_url(std::string_view url, std::size_t scheme_end) {
  // scheme_end points at "://". Passwords are often written unescaped and
  // may contain '/', '?', '#' or '@', so the user info is taken to end at the
  // last '@': over-masking an odd query string is better than a leak.
  const std::size_t rest_start = scheme_end + 3;
  std::string_view rest = url.substr(rest_start);
  std::string result(url.substr(0, rest_start));
  std::size_t tail_start = 0;
  const std::size_t at = rest.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    const std::size_t colon = userinfo.find(':');
    if (colon != std::string_view::npos) {
      result += userinfo.substr(0, colon + 1);
      result += k_mask;
      result += '@';
      tail_start = at + 1;
    }
  }
  const std::size_t question = rest.find('?', tail_start);
  if (question == std::string_view::npos) {
    result += rest.substr(tail_start);
    return result;
  }
  const std::size_t fragment = rest.find('#', question);
  result += rest.substr(tail_start, question + 1 - tail_start);
  result += mask_query_passwords(rest.substr(question + 1, fragment - question - 1));
  if (fragment != std::string_view::npos) result += rest.substr(fragment);
  return result;
}

// Masks `password = value` in a libpq keyword/value string. Values are
// either a run of non-space characters or single-quoted with backslash escapes.
std::string mask_conninfo(std::string_view conninfo) {
  std::string result;
  std::size_t i = 0;
  while (i < conninfo.size()) {
    const bool at_word_start = i == 0 || is_space(conninfo[i - 1]);
    if (!at_word_start || lowercase(conninfo.substr(i, 8)) != "password") {
      result += conninfo[i++];
      continue;
    }
    std::size_t j = i + 8;
    while (j < conninfo.size() && is_space(conninfo[j])) ++j;
    if (j >= conninfo.size() || conninfo[j] != '=') {
      result += conninfo[i++];
      continue;
    }
    ++j;
    while (j < conninfo.size() && is_space(conninfo[j])) ++j;
    result += conninfo.substr(i, j - i);
    if (j < conninfo.size() && conninfo[j] == '\'') {
      ++j;
      while (j < conninfo.size() && conninfo[j] != '\'') j += conninfo[j] == '\\' ? 2 : 1;
      j = std::min(j + 1, conninfo.size());
    } else {
      while (j < conninfo.size() && !is_space(conninfo[j])) j += conninfo[j] == '\\' ? 2 : 1;
      j = std::min(j, conninfo.size());
    }
    result += k_mask;
    i = j;
  }
  return result;
}

}  // namespace

std::string normalize_database_url(const std::string& url) {
  std::string_view text = trim(url);
  if (text.empty()) return {};
  const std::size_t scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) {
    // A libpq keyword/value string ("host=db dbname=app") is passed through.
    if (text.find('=') != std::string_view::npos) return std::string(text);
    throw Error(
        ErrorKind::config,
        fmt::format("{} is not a PostgreSQL URL", text::quote(mask_password(std::string(text)))),
        {},
        "write postgresql://user:password@host:port/dbname or a libpq string such as "
        "'host=localhost dbname=app'");
  }
  const std::string scheme = lowercase(text.substr(0, scheme_end));
  const std::string dialect = scheme.substr(0, scheme.find('+'));
  if (dialect != "postgresql" && dialect != "postgres") {
    throw Error(ErrorKind::config,
                fmt::format("unsupported database URL scheme {} in {}", text::quote(scheme, 40),
                            text::quote(mask_password(std::string(text)))),
                {},
                "retort talks to PostgreSQL only: use postgresql:// (postgres:// and "
                "postgresql+<driver>:// are accepted too)");
  }
  return "postgresql" + std::string(text.substr(scheme_end));
}

std::string mask_password(const std::string& url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end != std::string::npos) return mask_url(url, scheme_end);
  return mask_conninfo(url);
}

}  // namespace retort
