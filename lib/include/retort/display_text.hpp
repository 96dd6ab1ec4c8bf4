// Text for people from sources retort does not control (file names, file
// contents, server messages, the environment, the command line): control
// characters made visible, long values cut, so that a file name with an ESC
// byte, a server message with "\x1b[2J" or a 100 KB argument cannot move a
// terminal's cursor, fake a line in a CI log or fill it with pages of text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace retort::text {

// How many bytes of an echoed value quote() and shortened() keep: enough for
// any revision id, label, target or ordinary URL.
inline constexpr std::size_t k_shown_value_bytes = 200;

// `text` with every character that could drive a terminal or split a line
// written as a visible escape:
//   - C0 controls: \t, \n, \r, else \xNN (\x1b for ESC, \x00 for NUL);
//   - DEL: \x7f;
//   - C1 controls (U+0080..U+009F), the line and paragraph separators
//     (U+2028, U+2029) and the bidirectional overrides and isolates
//     (U+202A..U+202E, U+2066..U+2069): \uNNNN;
//   - each byte that is not part of valid UTF-8 (stray continuation bytes,
//     overlong forms, surrogates, values past U+10FFFF): \xNN.
// Everything else, printable ASCII and valid UTF-8, is kept as it is. A
// backslash is not escaped, so escaping an escaped text changes nothing.
// With `keep_tabs`, tabs stay raw (a command's output lines: SQL scripts
// hold tabs, and psql reads a written-out `\t` as a meta-command).
std::string escape_controls(std::string_view text, bool keep_tabs = false);

// True when escape_controls(text) would change `text`.
bool needs_escaping(std::string_view text, bool keep_tabs = false);

// `value` in single quotes for an error message, its passwords and secrets
// masked (redact(), retort/redact.hpp) before it is cut. A value longer than
// `max_bytes` is cut on a character boundary and its size noted:
// 'aaaa...' (102400 bytes). Control characters are left to the output
// boundary (escape_controls()).
std::string quote(std::string_view value, std::size_t max_bytes = k_shown_value_bytes);

// As quote(), without the quotes: aaaa... (102400 bytes).
std::string shortened(std::string_view value, std::size_t max_bytes = k_shown_value_bytes);

// The longest prefix of `text` of at most `max_bytes` bytes that does not end
// inside a UTF-8 character.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

}  // namespace retort::text
