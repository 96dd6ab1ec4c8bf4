#include "sql/text_position.hpp"

#include <algorithm>

namespace retort::sql {
namespace {

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

LineColumn line_column_at(std::string_view text, std::size_t byte_offset) {
  byte_offset = std::min(byte_offset, text.size());
  LineColumn position;
  for (std::size_t i = 0; i < byte_offset; ++i) {
    char c = text[i];
    if (c == '\n') {
      ++position.line;
      position.column = 1;
    } else if (!is_continuation_byte(c)) {
      ++position.column;
    }
  }
  return position;
}

int character_column(std::string_view line, int byte_column) {
  if (byte_column <= 0) return byte_column;
  const auto offset = static_cast<std::size_t>(byte_column - 1);
  const std::size_t within = std::min(offset, line.size());
  const int column = line_column_at(line.substr(0, within), within).column;
  return column + static_cast<int>(offset - within);
}

LineColumn rebase_position(LineColumn in_fragment, LineColumn fragment_origin) {
  if (in_fragment.line <= 1) {
    return {fragment_origin.line, fragment_origin.column + in_fragment.column - 1};
  }
  return {fragment_origin.line + in_fragment.line - 1, in_fragment.column};
}

std::optional<std::size_t> byte_offset_of_character(std::string_view text, std::size_t char_index) {
  std::size_t seen = 0;  // characters started before position i
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (is_continuation_byte(text[i])) continue;
    if (seen == char_index) return i;
    ++seen;
  }
  if (seen == char_index) return text.size();
  return std::nullopt;
}

}  // namespace retort::sql
