// Positions and comments in a section's text, for the lint engine: where a
// statement's first token is, the line and column of an offset, and the
// `-- retort:allow CODE reason` comments between statements.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sql/text_position.hpp"

namespace retort::lint {

// Line starts of a text, for line/column lookups in O(log lines).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  // 1-based line and column (in characters, as sql/text_position.hpp) of `offset`.
  sql::LineColumn at(std::size_t offset) const;
  // The text of the line holding `offset`, without its line break.
  std::string_view line_text(std::size_t offset) const;

 private:
  std::string_view m_text;
  std::vector<std::size_t> m_starts;
};

// The offset of the first token in text[from, to): whitespace, -- comments
// and /* */ comments (nested) skipped; `to` when there is none.
std::size_t first_token(std::string_view text, std::size_t from, std::size_t to);

// A `-- retort:allow CODE[,CODE...] reason` comment.
struct Suppression {
  std::size_t offset = 0;          // of its "--"
  std::vector<std::string> codes;  // as written
  std::string reason;              // trimmed; empty when none was given
};

// The suppression comments in text[from, to), a stretch that holds only
// whitespace, comments and ';' (between statements): every "--" there
// starts a comment.
std::vector<Suppression> suppressions_between(std::string_view text, std::size_t from,
                                              std::size_t to);

}  // namespace retort::lint
