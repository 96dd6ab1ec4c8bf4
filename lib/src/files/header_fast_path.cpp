// The fast header reader: handles `key: value` lines whose value is empty, a
// null word, a plain scalar, a one-line quoted scalar without escapes, or a
// one-line `[a, b]` list of plain items. Anything else defers to yaml-cpp,
// which costs about as much as the rest of loading a file.
#include "files/header_entries.hpp"
#include "files/yaml_text.hpp"

namespace retort::files {
namespace {

bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

std::string_view trim(std::string_view text, std::size_t* leading = nullptr) {
  std::size_t begin = text.find_first_not_of(' ');
  if (begin == std::string_view::npos) begin = text.size();
  std::size_t end = text.find_last_not_of(' ');
  end = end == std::string_view::npos ? begin : end + 1;
  if (leading != nullptr) *leading = begin;
  return text.substr(begin, end - begin);
}

// `'...'` with doubled quotes, or `"..."` with no escapes or inner quotes.
std::optional<std::string> unquote(std::string_view value) {
  if (value.size() < 2 || value.back() != value.front()) return std::nullopt;
  std::string_view inner = value.substr(1, value.size() - 2);
  if (!is_single_quote_safe(inner)) return std::nullopt;
  std::string out;
  if (value.front() == '"') {
    if (inner.find_first_of("\"\\") != std::string_view::npos) return std::nullopt;
    return std::string(inner);
  }
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] == '\'') {
      if (i + 1 >= inner.size() || inner[i + 1] != '\'') return std::nullopt;
      ++i;
    }
    out += inner[i];
  }
  return out;
}

std::optional<HeaderValue> parse_flow_list(std::string_view value, int line, int column) {
  HeaderValue list{HeaderValue::Kind::list, {}, {}, line, column};
  std::string_view inner = value.substr(1, value.size() - 2);
  if (trim(inner).empty()) return list;
  std::size_t pos = 0;
  while (pos <= inner.size()) {
    std::size_t comma = inner.find(',', pos);
    if (comma == std::string_view::npos) comma = inner.size();
    std::size_t leading = 0;
    std::string_view item = trim(inner.substr(pos, comma - pos), &leading);
    if (!is_plain_safe(item, true)) return std::nullopt;
    int item_column = column + 1 + static_cast<int>(pos + leading);
    list.items.push_back(
        HeaderValue{HeaderValue::Kind::scalar, std::string(item), {}, line, item_column});
    pos = comma + 1;
  }
  return list;
}

std::optional<HeaderValue> parse_value(std::string_view value, int line, int column,
                                       int key_column) {
  using Kind = HeaderValue::Kind;
  if (value.empty() || is_yaml_null_word(value))
    return HeaderValue{Kind::null, {}, {}, line, key_column};
  if (value.front() == '[') {
    if (value.back() != ']') return std::nullopt;
    return parse_flow_list(value, line, column);
  }
  if (value.front() == '\'' || value.front() == '"') {
    auto text = unquote(value);
    if (!text) return std::nullopt;
    return HeaderValue{Kind::scalar, std::move(*text), {}, line, column};
  }
  if (!is_plain_safe(value, false)) return std::nullopt;
  return HeaderValue{Kind::scalar, std::string(value), {}, line, column};
}

}  // namespace

std::optional<std::vector<HeaderEntry>> parse_header_fast(const std::vector<HeaderLine>& lines) {
  std::vector<HeaderEntry> entries;
  entries.reserve(lines.size());
  for (const HeaderLine& line : lines) {
    std::string_view text = line.text;
    if (text.find('\t') != std::string_view::npos) return std::nullopt;
    if (trim(text).empty()) continue;
    if (text.front() == '#') continue;  // a YAML comment line
    if (text.front() == '-' || !is_key_char(text.front())) return std::nullopt;
    std::size_t colon = 0;
    while (colon < text.size() && is_key_char(text[colon])) ++colon;
    if (colon == text.size() || text[colon] != ':') return std::nullopt;
    if (colon + 1 < text.size() && text[colon + 1] != ' ') return std::nullopt;
    std::size_t leading = 0;
    std::string_view value = trim(text.substr(colon + 1), &leading);
    int key_column = line.prefix + 1;
    int value_column = key_column + static_cast<int>(colon + 1 + leading);
    auto parsed = parse_value(value, line.number, value_column, key_column);
    if (!parsed) return std::nullopt;
    entries.push_back(HeaderEntry{std::string(text.substr(0, colon)), line.number, key_column,
                                  std::move(*parsed)});
  }
  return entries;
}

}  // namespace retort::files
