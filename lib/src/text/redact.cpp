// redact() and the process-wide registry of secrets (retort/redact.hpp).
#include "retort/redact.hpp"

#include <algorithm>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <vector>

#include "text/password_spans.hpp"

namespace retort {
namespace {

struct Registry {
  std::shared_mutex mutex;
  std::vector<std::string> secrets;
};

Registry& registry() {
  static Registry instance;
  return instance;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The byte that the percent-escape at `at` stands for, when there is one.
std::optional<char> escaped_byte(std::string_view text, std::size_t at) {
  if (text.size() - at < 3 || text[at] != '%') return std::nullopt;
  const int high = hex_value(text[at + 1]);
  const int low = hex_value(text[at + 2]);
  if (high < 0 || low < 0) return std::nullopt;
  return static_cast<char>(high * 16 + low);
}

// Where `text` may continue after byte `c` was matched at `at`: c itself,
// %XX and %25XX (encoded once more: "%2540" for '@'). Appends the offsets
// after each form.
void advance(std::string_view text, std::size_t at, char c, std::vector<std::size_t>& next) {
  if (at >= text.size()) return;
  if (text[at] == c) next.push_back(at + 1);
  auto byte = escaped_byte(text, at);
  if (!byte) return;
  if (*byte == c) next.push_back(at + 3);
  if (*byte == '%' && text.size() - at >= 5) {
    const std::string twice = "%" + std::string(text.substr(at + 3, 2));
    if (escaped_byte(twice, 0) == c) next.push_back(at + 5);
  }
}

// The end of the longest match of `secret` at `at` (each byte in any of
// its forms), or `at` when there is none. A set of offsets is followed at
// once: "%" in a secret may match "%" or "%25" in the text.
std::size_t match_end(std::string_view text, std::size_t at, std::string_view secret) {
  std::vector<std::size_t> offsets{at};
  std::vector<std::size_t> next;
  for (char c : secret) {
    next.clear();
    for (std::size_t offset : offsets) advance(text, offset, c, next);
    if (next.empty()) return at;
    std::sort(next.begin(), next.end());
    next.erase(std::unique(next.begin(), next.end()), next.end());
    offsets.swap(next);
  }
  return offsets.back();
}

void add_secret_spans(std::string_view text, std::vector<text::Span>& spans) {
  Registry& shared = registry();
  std::shared_lock lock(shared.mutex);
  for (const std::string& secret : shared.secrets) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] != secret.front() && text[i] != '%') continue;
      const std::size_t end = match_end(text, i, secret);
      if (end == i) continue;
      spans.push_back({i, end});
      i = end - 1;
    }
  }
}

// `value` with its percent-escapes decoded; nullopt when one is invalid
// or decodes to NUL, as libpq refuses such a URL.
std::optional<std::string> percent_decoded(std::string_view value) {
  std::string result;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '%') {
      result += value[i];
      continue;
    }
    auto byte = escaped_byte(value, i);
    if (!byte || *byte == '\0') return std::nullopt;
    result += *byte;
    i += 2;
  }
  return result;
}

// A '...' keyword/value value without its quotes and backslash escapes.
std::string unquoted(std::string_view value) {
  value.remove_prefix(1);
  if (value.ends_with('\'')) value.remove_suffix(1);
  std::string result;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size()) ++i;
    result += value[i];
  }
  return result;
}

// The password as written, and its pieces between a raw '/' or '@': libpq
// ends a URL's user info at the first of them and may echo the rest as a
// host or a port. (The pieces of the decoded password are not registered:
// "p%40ss%2Fword" would make "word" a secret.)
void register_with_pieces(std::string_view password) {
  register_secret(password);
  std::size_t start = 0;
  while (start < password.size()) {
    std::size_t end = password.find_first_of("/@", start);
    if (end == std::string_view::npos) end = password.size();
    if (end - start < password.size()) register_secret(password.substr(start, end - start));
    start = end + 1;
  }
}

}  // namespace

std::string redact(std::string_view text) {
  std::vector<text::Span> spans = text::password_spans(text, text::ScanMode::free_text);
  add_secret_spans(text, spans);
  if (spans.empty()) return std::string(text);
  text::merge_spans(spans);
  std::string result;
  result.reserve(text.size());
  std::size_t copied = 0;
  for (const text::Span& span : spans) {
    result.append(text, copied, span.begin - copied);
    result += k_redacted;
    copied = span.end;
  }
  result.append(text, copied);
  return result;
}

void register_secret(std::string_view value) {
  if (value.size() < k_min_secret_bytes) return;
  Registry& shared = registry();
  std::unique_lock lock(shared.mutex);
  if (std::find(shared.secrets.begin(), shared.secrets.end(), value) != shared.secrets.end())
    return;
  shared.secrets.emplace_back(value);
}

void register_connection_secrets(std::string_view value) {
  for (const text::Span& span : text::password_spans(value, text::ScanMode::whole_value)) {
    const std::string_view password = value.substr(span.begin, span.end - span.begin);
    if (password == k_redacted) continue;
    register_with_pieces(password);
    if (password.starts_with('\'')) register_secret(unquoted(password));
    if (auto decoded = percent_decoded(password)) register_secret(*decoded);
  }
}

void forget_secrets() {
  Registry& shared = registry();
  std::unique_lock lock(shared.mutex);
  shared.secrets.clear();
}

}  // namespace retort
