// Shortening text for size-capped AWS documents without splitting a UTF-8
// character.
#pragma once

#include <string>
#include <string_view>

namespace retort::lambda {

// The longest prefix of `text` of at most `max_bytes` bytes that ends on a
// character boundary.
inline std::string utf8_prefix(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t end = max_bytes;
  // Back up over continuation bytes (10xxxxxx) to the start of the cut character.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

}  // namespace retort::lambda
