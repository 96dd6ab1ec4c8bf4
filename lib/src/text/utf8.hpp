// Decoding UTF-8 one character at a time, for the display helpers.
#pragma once

#include <cstddef>
#include <string_view>

namespace retort::text {

struct Utf8Char {
  std::size_t length = 0;  // bytes; 0 when no valid character starts there
  char32_t code_point = 0;
};

// The valid UTF-8 character starting at text[i] (REQUIRES: i < text.size()),
// by RFC 3629's table: no overlong forms, no surrogates, nothing past
// U+10FFFF. An ASCII byte, control or not, is a character of length 1.
Utf8Char decode_utf8(std::string_view text, std::size_t i);

// The code points escape_controls() writes as \uNNNN: C1 controls, the line
// and paragraph separators, bidirectional overrides and isolates.
bool is_escaped_code_point(char32_t code_point);

}  // namespace retort::text
