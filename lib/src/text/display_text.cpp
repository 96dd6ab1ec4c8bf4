#include "retort/display_text.hpp"

#include <fmt/format.h>

#include <cstdint>

#include "retort/redact.hpp"
#include "text/utf8.hpp"

namespace retort::text {
namespace {

// Printable ASCII other than DEL: the common case, copied without decoding.
bool is_kept_ascii(unsigned char c, bool keep_tabs) {
  return (c >= 0x20 && c < 0x7F) || (keep_tabs && c == '\t');
}

}  // namespace

Utf8Char decode_utf8(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return {1, lead};
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return {};
  }
  if (i + length > text.size()) return {};
  if (byte(i + 1) < low || byte(i + 1) > high) return {};
  char32_t code_point = lead & (0xFF >> (length + 1));
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {};
    code_point = (code_point << 6) | (byte(i + k) & 0x3F);
  }
  return {length, code_point};
}

bool is_escaped_code_point(char32_t c) {
  return (c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

bool needs_escaping(std::string_view text, bool keep_tabs) {
  for (std::size_t i = 0; i < text.size();) {
    if (is_kept_ascii(static_cast<unsigned char>(text[i]), keep_tabs)) {
      ++i;
      continue;
    }
    const Utf8Char decoded = decode_utf8(text, i);
    if (decoded.length <= 1 || is_escaped_code_point(decoded.code_point)) return true;
    i += decoded.length;
  }
  return false;
}

std::string escape_controls(std::string_view text, bool keep_tabs) {
  if (!needs_escaping(text, keep_tabs)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (is_kept_ascii(c, keep_tabs)) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    const Utf8Char decoded = decode_utf8(text, i);
    if (decoded.length == 0 || decoded.length == 1) {
      // A C0 control, DEL, or a byte outside valid UTF-8.
      if (c == '\t') {
        out += "\\t";
      } else if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else {
        out += fmt::format("\\x{:02x}", c);
      }
      ++i;
    } else if (is_escaped_code_point(decoded.code_point)) {
      out += fmt::format("\\u{:04x}", static_cast<std::uint32_t>(decoded.code_point));
      i += decoded.length;
    } else {
      out.append(text.substr(i, decoded.length));
      i += decoded.length;
    }
  }
  return out;
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  // Back up over continuation bytes (10xxxxxx) to the start of the cut character.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

std::string shortened(std::string_view value, std::size_t max_bytes) {
  // Masked before the cut: a cut inside a password would leave a start of
  // it that no longer looks like one.
  const std::string shown = redact(value);
  if (shown.size() <= max_bytes) return shown;
  return fmt::format("{}... ({} bytes)", utf8_prefix(shown, max_bytes), value.size());
}

std::string quote(std::string_view value, std::size_t max_bytes) {
  const std::string shown = redact(value);
  if (shown.size() <= max_bytes) return fmt::format("'{}'", shown);
  return fmt::format("'{}...' ({} bytes)", utf8_prefix(shown, max_bytes), value.size());
}

}  // namespace retort::text
