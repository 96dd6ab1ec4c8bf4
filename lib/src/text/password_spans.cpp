#include "text/password_spans.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include "retort/redact.hpp"

namespace retort::text {
namespace {

// Keys whose value is a secret, lower case. A key is matched when the text
// before '=' ends with it ("PGPASSWORD", "db_password").
constexpr std::array<std::string_view, 3> k_secret_keys = {"password", "x-amz-signature",
                                                           "x-amz-security-token"};

// The word documentation writes in place of a URL's password.
constexpr std::string_view k_placeholder = "password";

bool is_space(char c) {
  // Whitespace and the other C0 controls: none belongs inside a URL as written.
  return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F;
}

bool is_quote(char c) {
  return c == '"' || c == '\'' || c == '`';
}

bool is_scheme_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' || c == '.';
}

// ASCII lower case: the keys are ASCII, and a byte outside it matches none
// of them (no locale lookup per character: every output line is scanned).
char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_ignoring_case(std::string_view text, std::size_t at, std::string_view lower) {
  if (text.size() - at < lower.size()) return false;
  for (std::size_t i = 0; i < lower.size(); ++i) {
    if (ascii_lower(text[at + i]) != lower[i]) return false;
  }
  return true;
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

// The start of the next URL's scheme at or after `from` (its "://" when it
// has no scheme), or the size of the text.
std::size_t next_url_start(std::string_view text, std::size_t from) {
  const std::size_t separator = text.find("://", from);
  if (separator == std::string_view::npos) return text.size();
  std::size_t start = separator;
  while (start > from && is_scheme_char(text[start - 1])) --start;
  return start;
}

// The password of the URL whose "://" is at `separator`, and where the URL
// ends: at the next URL, and in free text at the first whitespace.
struct UrlScan {
  std::optional<Span> password;
  std::size_t end = 0;
};

UrlScan scan_url(std::string_view text, std::size_t separator, ScanMode mode) {
  const std::size_t start = separator + 3;
  std::size_t end = std::min(next_url_start(text, start), text.size());
  if (mode == ScanMode::free_text) {
    const auto space = std::find_if(text.begin() + static_cast<long>(start),
                                    text.begin() + static_cast<long>(end), is_space);
    end = static_cast<std::size_t>(space - text.begin());
  }
  const std::string_view url = text.substr(start, end - start);
  UrlScan scan{std::nullopt, end};
  const std::size_t at = url.rfind('@');
  if (at != std::string_view::npos) {
    // user:password@host; the user ends at the first ':'.
    const std::size_t colon = url.substr(0, at).find(':');
    if (colon == std::string_view::npos) return scan;
    // `user:password@host` in a hint or a template is no password.
    if (at - colon - 1 == k_placeholder.size() &&
        equals_ignoring_case(url, colon + 1, k_placeholder))
      return scan;
    scan.password = Span{start + colon + 1, start + at};
    return scan;
  }
  // No '@': `host:port` is no password, anything else after a ':' may be
  // the start of one (a URL cut short, `user:pass` without its host).
  std::size_t authority_end = url.find_first_of("/?#\"'`");
  if (authority_end == std::string_view::npos) authority_end = url.size();
  std::string_view authority = url.substr(0, std::min(authority_end, url.find('[')));
  authority = authority.substr(0, authority.find(','));  // a host list: the first host
  const std::size_t colon = authority.find(':');
  if (colon != std::string_view::npos && !all_digits(authority.substr(colon + 1)) &&
      colon + 1 < authority.size()) {
    scan.password = Span{start + colon + 1, start + authority_end};
  }
  return scan;
}

// The end of the value that starts at `begin`: in a keyword/value string a
// '...' value with backslash escapes, else up to whitespace or a quote (the
// end of the JSON or SQL string around it), and in a URL's query also up to
// '&' or '#'. The first character always belongs to the value unless it
// ends it: `password="x"` is the value `"x"` to libpq.
std::size_t value_end(std::string_view text, std::size_t begin, bool in_query) {
  std::size_t i = begin;
  if (!in_query && i < text.size() && text[i] == '\'') {
    ++i;
    while (i < text.size() && text[i] != '\'') i += text[i] == '\\' ? 2 : 1;
    return std::min(i + 1, text.size());
  }
  auto ends_value = [&](char c) { return is_space(c) || (in_query && (c == '&' || c == '#')); };
  while (i < text.size() && !ends_value(text[i]) && (i == begin || !is_quote(text[i]))) {
    i += !in_query && text[i] == '\\' ? 2 : 1;
  }
  return std::min(i, text.size());
}

// The value of the secret key at [key_begin, key_end), when one follows:
// `key=value`, `key: value` (YAML), `"key": "value"` (JSON). A
// double-quoted value is the text inside its quotes.
std::optional<Span> key_value(std::string_view text, std::size_t key_begin, std::size_t key_end) {
  auto skip_blanks = [&](std::size_t i) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    return i;
  };
  std::size_t i = key_end;
  if (i < text.size() && is_quote(text[i])) ++i;
  i = skip_blanks(i);
  if (i >= text.size() || (text[i] != '=' && text[i] != ':')) return std::nullopt;
  if (text.substr(i).starts_with("://")) return std::nullopt;  // a URL's scheme
  i = skip_blanks(i + 1);
  if (i < text.size() && text[i] == '"') {
    std::size_t end = i + 1;
    while (end < text.size() && text[end] != '"') end += text[end] == '\\' ? 2 : 1;
    end = std::min(end, text.size());
    if (end == i + 1) return std::nullopt;
    return Span{i + 1, end};
  }
  std::size_t word = key_begin;
  while (word > 0 && (std::isalnum(static_cast<unsigned char>(text[word - 1])) != 0 ||
                      text[word - 1] == '_' || text[word - 1] == '-')) {
    --word;
  }
  const bool in_query = word > 0 && (text[word - 1] == '?' || text[word - 1] == '&');
  const std::size_t end = value_end(text, i, in_query);
  if (end == i) return std::nullopt;
  return Span{i, end};
}

void add_span(std::string_view text, Span span, std::vector<Span>& spans) {
  if (span.begin >= span.end) return;
  if (text.substr(span.begin).starts_with(k_redacted)) span.end = span.begin + k_redacted.size();
  spans.push_back(span);
}

}  // namespace

std::vector<Span> password_spans(std::string_view text, ScanMode mode) {
  std::vector<Span> spans;
  for (std::size_t separator = text.find("://"); separator != std::string_view::npos;) {
    const UrlScan scan = scan_url(text, separator, mode);
    if (scan.password) add_span(text, *scan.password, spans);
    separator = text.find("://", std::max(scan.end, separator + 3));
  }
  if (mode == ScanMode::whole_value && text.find("://") == std::string_view::npos &&
      text.find('=') == std::string_view::npos) {
    // `user:password@host`, a URL without its scheme.
    const std::size_t at = text.rfind('@');
    const std::size_t colon = text.find(':');
    if (at != std::string_view::npos && colon < at) add_span(text, {colon + 1, at}, spans);
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char first = ascii_lower(text[i]);
    for (std::string_view key : k_secret_keys) {
      if (first != key.front() || !equals_ignoring_case(text, i, key)) continue;
      if (auto value = key_value(text, i, i + key.size())) add_span(text, *value, spans);
    }
  }
  merge_spans(spans);
  return spans;
}

void merge_spans(std::vector<Span>& spans) {
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  std::vector<Span> merged;
  for (const Span& span : spans) {
    if (!merged.empty() && span.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, span.end);
    } else {
      merged.push_back(span);
    }
  }
  spans = std::move(merged);
}

}  // namespace retort::text
