#include "sql/sql_lexer.hpp"

#include <utility>

#include "retort/error.hpp"
#include "sql/text_position.hpp"

namespace retort::sql {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
// psql's ident_start / dolq_start: ASCII letters, '_' and any non-ASCII byte.
bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
// psql's dolq_cont; ident_cont additionally allows '$'.
bool is_tag_char(char c) {
  return is_ident_start(c) || is_digit(c);
}
bool is_ident_char(char c) {
  return is_tag_char(c) || c == '$';
}

}  // namespace

bool equals_ignoring_case(std::string_view word, std::string_view lower_keyword) {
  if (word.size() != lower_keyword.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower_keyword[i]) return false;
  }
  return true;
}

std::optional<Token> Lexer::next() {
  while (m_pos < m_sql.size()) {
    const char c = m_sql[m_pos];
    if (is_space(c)) {
      ++m_pos;
    } else if (c == '-' && at(m_pos + 1) == '-') {
      while (m_pos < m_sql.size() && m_sql[m_pos] != '\n' && m_sql[m_pos] != '\r') ++m_pos;
    } else {
      const std::size_t start = m_pos;
      const TokenKind kind = skip_token();
      return Token{kind, m_sql.substr(start, m_pos - start), start};
    }
  }
  return std::nullopt;
}

// Consumes the token at m_pos, which is not whitespace or a -- comment.
TokenKind Lexer::skip_token() {
  const char c = m_sql[m_pos];
  const char next = at(m_pos + 1);
  if (c == '/' && next == '*') {
    skip_block_comment();
    return TokenKind::block_comment;
  }
  if (c == '\'') {
    skip_quoted('\'', false, "unterminated quoted string", "write a ' inside a string as ''");
    return TokenKind::string;
  }
  if ((c == 'e' || c == 'E') && next == '\'') {
    ++m_pos;
    skip_quoted('\'', true, "unterminated quoted string (E'...')",
                "in E'...' a backslash escapes the next character; write a backslash as \\\\");
    return TokenKind::escape_string;
  }
  if (c == '"') {
    skip_quoted('"', false, "unterminated quoted identifier",
                "write a \" inside an identifier as \"\"");
    return TokenKind::quoted_identifier;
  }
  if (c == '$') return skip_dollar();
  if (is_ident_start(c)) {
    while (m_pos < m_sql.size() && is_ident_char(m_sql[m_pos])) ++m_pos;
    return TokenKind::word;
  }
  if (is_digit(c) || (c == '.' && is_digit(next))) {
    skip_number();
    return TokenKind::number;
  }
  ++m_pos;
  return TokenKind::symbol;
}

// m_pos is on the opening quote. Doubled quotes are escapes; with
// `backslash_escapes` a backslash escapes the byte after it.
void Lexer::skip_quoted(char quote, bool backslash_escapes, const char* unterminated,
                        const char* hint) {
  const std::size_t start = backslash_escapes ? m_pos - 1 : m_pos;
  std::size_t i = m_pos + 1;
  while (i < m_sql.size()) {
    const char c = m_sql[i];
    if (backslash_escapes && c == '\\') {
      i += 2;
    } else if (c == quote) {
      if (at(i + 1) != quote) {
        m_pos = i + 1;
        return;
      }
      i += 2;
    } else {
      ++i;
    }
  }
  fail(unterminated, hint, start);
}

// m_pos is on "/*". Comments nest; "*/" closes the innermost.
void Lexer::skip_block_comment() {
  const std::size_t start = m_pos;
  int depth = 0;
  std::size_t i = m_pos;
  while (i < m_sql.size()) {
    if (m_sql[i] == '/' && at(i + 1) == '*') {
      ++depth;
      i += 2;
    } else if (m_sql[i] == '*' && at(i + 1) == '/') {
      i += 2;
      if (--depth == 0) {
        m_pos = i;
        return;
      }
    } else {
      ++i;
    }
  }
  fail("unterminated /* comment", "close every /* with */ (block comments nest)", start);
}

// The length of a dollar-quote delimiter ($$ or $tag$) starting at i, or 0
// when none starts there.
std::size_t Lexer::delimiter_length_at(std::size_t i) const {
  if (at(i) != '$') return 0;
  std::size_t j = i + 1;
  if (j < m_sql.size() && is_ident_start(m_sql[j])) {
    while (j < m_sql.size() && is_tag_char(m_sql[j])) ++j;
  }
  return at(j) == '$' ? j + 1 - i : 0;
}

// m_pos is on a '$' that does not continue an identifier: a parameter ($1),
// a dollar quote, or a lone '$' (an operator character).
TokenKind Lexer::skip_dollar() {
  const std::size_t start = m_pos;
  if (is_digit(at(m_pos + 1))) {
    ++m_pos;
    while (m_pos < m_sql.size() && is_digit(m_sql[m_pos])) ++m_pos;
    return TokenKind::parameter;
  }
  const std::size_t length = delimiter_length_at(m_pos);
  if (length == 0) {
    // psql's dolqfailed: "$name" with no closing '$' is consumed whole.
    ++m_pos;
    while (m_pos < m_sql.size() && is_tag_char(m_sql[m_pos])) ++m_pos;
    return TokenKind::symbol;
  }
  const std::string_view delimiter = m_sql.substr(start, length);
  // Scan the body as the server does: each '$' may start a delimiter; a
  // delimiter that is not ours gives back its closing '$', which may open
  // the next candidate. Every byte is looked at a bounded number of times.
  std::size_t i = start + length;
  while ((i = m_sql.find('$', i)) != std::string_view::npos) {
    const std::size_t candidate = delimiter_length_at(i);
    if (candidate == 0) {
      ++i;
    } else if (m_sql.substr(i, candidate) == delimiter) {
      m_pos = i + candidate;
      return TokenKind::dollar_string;
    } else {
      i += candidate - 1;
    }
  }
  fail("unterminated dollar-quoted string " + std::string(delimiter),
       "close the body with the same " + std::string(delimiter), start);
}

// Digits, a fraction and an exponent marker ("1e"), so that "1e$$" is a
// number followed by a dollar quote, as in psql. Nothing more is needed
// to find statement ends.
void Lexer::skip_number() {
  while (m_pos < m_sql.size() && is_digit(m_sql[m_pos])) ++m_pos;
  if (at(m_pos) == '.' && at(m_pos + 1) != '.') {
    ++m_pos;
    while (m_pos < m_sql.size() && is_digit(m_sql[m_pos])) ++m_pos;
  }
  if (at(m_pos) == 'e' || at(m_pos) == 'E') {
    ++m_pos;
    if (at(m_pos) == '+' || at(m_pos) == '-') {
      if (is_digit(at(m_pos + 1))) ++m_pos;
    }
    while (m_pos < m_sql.size() && is_digit(m_sql[m_pos])) ++m_pos;
  }
}

void Lexer::fail(std::string message, std::string hint, std::size_t start) const {
  const LineColumn where = line_column_at(m_sql, start);
  throw Error(ErrorKind::migration_file, std::move(message),
              SourceLocation{"", where.line, where.column}, std::move(hint));
}

}  // namespace retort::sql
