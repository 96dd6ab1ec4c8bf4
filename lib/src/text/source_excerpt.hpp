// A source line with a caret under one character, as compilers print it:
//
//       7 | SELECT * FROM missing_table;
//         |               ^
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace retort::text {

// How many terminal columns a code point takes: 0 for combining marks and
// zero-width characters, 2 for East Asian wide and fullwidth characters and
// emoji, else 1. An approximation of wcwidth() that needs no locale.
int display_width(char32_t code_point);

// The lines showing `line` (the file's line `line_number`, without its line
// break) with a caret under the character at 1-based `column` (a character
// index as in sql/text_position.hpp; 0 = unknown: no caret line; past the end
// of the line: the caret just after its last character).
//
// The gutter is the line number right-aligned in 5 columns (wider numbers
// widen it), then " | ". Tabs become four spaces; control characters, C1
// controls and invalid UTF-8 are written as escape_controls() writes them;
// the caret is moved by the width of what is shown before its character.
// When the shown line is wider than `window` columns, only a window of that
// width around the caret is kept (the start of the line when there is no
// caret), with "..." where the line was cut.
std::vector<std::string> source_excerpt(std::string_view line, int line_number, int column,
                                        std::size_t window);

}  // namespace retort::text
