#include "files/yaml_text.hpp"

#include <fmt/format.h>

#include "files/text_lines.hpp"

namespace retort::files {
namespace {

bool is_control(unsigned char c) {
  return c < 0x20 || c == 0x7f;
}

// NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR (YAML 1.1 line breaks) and a BOM.
bool has_special_unicode(std::string_view value) {
  return value.find("\xC2\x85") != std::string_view::npos ||
         value.find("\xE2\x80\xA8") != std::string_view::npos ||
         value.find("\xE2\x80\xA9") != std::string_view::npos ||
         value.find("\xEF\xBB\xBF") != std::string_view::npos;
}

std::string single_quoted(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

std::string double_quoted(std::string_view value) {
  std::string out = "\"";
  for (std::size_t i = 0; i < value.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(value[i]);
    std::string_view rest = value.substr(i);
    if (c == '\\' || c == '"') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (is_control(c)) {
      out += fmt::format("\\x{:02x}", c);
    } else if (rest.substr(0, 2) == "\xC2\x85") {
      out += "\\u0085";
      i += 1;
    } else if (rest.substr(0, 3) == "\xE2\x80\xA8") {
      out += "\\u2028";
      i += 2;
    } else if (rest.substr(0, 3) == "\xE2\x80\xA9") {
      out += "\\u2029";
      i += 2;
    } else if (rest.substr(0, 3) == "\xEF\xBB\xBF") {
      out += "\\uFEFF";
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
  return out;
}

// A multi-line text fits a `|-` literal block when every line survives the
// trip through a `--` comment line: no control characters or tabs, no
// trailing spaces (editors strip them), no leading space on the first line
// (it would need an indentation indicator), no final newline (`|-` strips
// it), and no line that looks like a `-- migrate:` marker.
bool fits_literal_block(std::string_view value) {
  if (value.empty() || value.front() == '\n' || value.back() == '\n') return false;
  if (value.front() == ' ' || has_special_unicode(value)) return false;
  std::size_t pos = 0;
  while (pos <= value.size()) {
    std::size_t end = value.find('\n', pos);
    if (end == std::string_view::npos) end = value.size();
    std::string_view line = value.substr(pos, end - pos);
    for (char c : line) {
      if (is_control(static_cast<unsigned char>(c))) return false;
    }
    if (!line.empty() && line.back() == ' ') return false;
    if (is_marker_candidate("--" + std::string(line))) return false;
    pos = end + 1;
  }
  return true;
}

}  // namespace

bool is_yaml_null_word(std::string_view text) {
  return text == "~" || text == "null" || text == "Null" || text == "NULL";
}

bool is_plain_safe(std::string_view value, bool flow) {
  if (value.empty() || is_yaml_null_word(value) || has_special_unicode(value)) return false;
  static constexpr std::string_view k_indicators = "-?:,[]{}#&*!|>'\"%@` ";
  if (k_indicators.find(value.front()) != std::string_view::npos) return false;
  if (value.back() == ' ' || value.back() == ':') return false;
  for (char c : value) {
    if (is_control(static_cast<unsigned char>(c))) return false;
    if (flow && std::string_view(",[]{}:#").find(c) != std::string_view::npos) return false;
  }
  return value.find(": ") == std::string_view::npos && value.find(" #") == std::string_view::npos;
}

bool is_single_quote_safe(std::string_view value) {
  for (char c : value) {
    if (is_control(static_cast<unsigned char>(c))) return false;
  }
  return !has_special_unicode(value);
}

std::string quote_yaml_scalar(std::string_view value, bool flow) {
  if (is_plain_safe(value, flow)) return std::string(value);
  if (is_single_quote_safe(value)) return single_quoted(value);
  return double_quoted(value);
}

std::string render_header_value(std::string_view key, std::string_view value) {
  if (value.empty()) return fmt::format("-- {}:\n", key);
  if (value.find('\n') == std::string_view::npos || !fits_literal_block(value)) {
    return fmt::format("-- {}: {}\n", key, quote_yaml_scalar(value, false));
  }
  std::string out = fmt::format("-- {}: |-\n", key);
  std::size_t pos = 0;
  while (pos <= value.size()) {
    std::size_t end = value.find('\n', pos);
    if (end == std::string_view::npos) end = value.size();
    std::string_view line = value.substr(pos, end - pos);
    out += line.empty() ? std::string("--\n") : fmt::format("--   {}\n", line);
    pos = end + 1;
  }
  return out;
}

}  // namespace retort::files
