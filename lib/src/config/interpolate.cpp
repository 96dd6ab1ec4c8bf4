#include "config/interpolate.hpp"

#include <fmt/format.h>

#include "retort/display_text.hpp"

namespace retort::config {
namespace {

bool is_name_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}

SourceLocation at_offset(const SourceLocation& where, std::size_t offset) {
  SourceLocation result = where;
  if (result.column > 0) result.column += static_cast<int>(offset);
  return result;
}

// The position of the '}' closing the reference whose body starts at `from`,
// counting nested "${...}" in defaults; npos when unterminated.
std::size_t find_closing_brace(std::string_view text, std::size_t from) {
  int depth = 1;
  for (std::size_t i = from; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      ++depth;
      ++i;
    } else if (text[i] == '}' && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

std::string expand(std::string_view text, const Environment& environment,
                   const SourceLocation& where, int depth);

[[noreturn]] void too_deep(const SourceLocation& where) {
  throw Error(
      ErrorKind::config,
      fmt::format("variable references are nested more than {} deep", k_max_reference_nesting),
      where, "a default may hold a reference (${A:-${B}}), but not without end");
}

[[noreturn]] void too_large(const SourceLocation& where, std::size_t size) {
  throw Error(ErrorKind::config,
              fmt::format("the value is more than {} bytes once its variables are expanded ({} "
                          "bytes so far)",
                          k_max_expanded_bytes, size),
              where, "check the environment variables this value references");
}

}  // namespace

std::string interpolate(std::string_view text, const Environment& environment,
                        const SourceLocation& where) {
  return expand(text, environment, where, 0);
}

namespace {

std::string expand(std::string_view text, const Environment& environment,
                   const SourceLocation& where, int depth) {
  if (depth > k_max_reference_nesting) too_deep(where);
  std::string result;
  result.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 3, "$${") == 0) {
      result += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      result += text[i++];
      continue;
    }
    const std::size_t start = i;
    const std::size_t close = find_closing_brace(text, i + 2);
    if (close == std::string_view::npos) {
      throw Error(
          ErrorKind::config,
          fmt::format("unterminated variable reference {}", text::quote(text.substr(start))),
          at_offset(where, start), "write ${NAME} or ${NAME:-default}");
    }
    std::string_view body = text.substr(i + 2, close - i - 2);
    std::size_t name_end = 0;
    while (name_end < body.size() && is_name_char(body[name_end])) ++name_end;
    std::string_view name = body.substr(0, name_end);
    std::string_view rest = body.substr(name_end);
    const bool has_default = rest.substr(0, 2) == ":-";
    if (name.empty() || !is_name_start(name[0]) || (!rest.empty() && !has_default)) {
      throw Error(ErrorKind::config,
                  fmt::format("invalid variable reference {}",
                              text::quote(text.substr(start, close - start + 1))),
                  at_offset(where, start),
                  "write ${NAME} or ${NAME:-default}; NAME is letters, digits and '_'");
    }
    auto found = environment.find(std::string(name));
    if (has_default && (found == environment.end() || found->second.empty())) {
      result += expand(rest.substr(2), environment, at_offset(where, start), depth + 1);
    } else if (found != environment.end()) {
      result += found->second;
    } else {
      const std::string shown = text::shortened(name);
      throw Error(ErrorKind::config, fmt::format("environment variable {} is not set", shown),
                  at_offset(where, start),
                  fmt::format("set {0}, or give a default: ${{{0}:-value}}", shown));
    }
    if (result.size() > k_max_expanded_bytes) too_large(where, result.size());
    i = close + 1;
  }
  return result;
}

}  // namespace
}  // namespace retort::config
