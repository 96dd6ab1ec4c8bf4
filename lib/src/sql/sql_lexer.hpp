// The tokens of SQL text as psql's lexer (src/fe_utils/psqlscan.l) sees them,
// for the statement splitter and the statement checks.
//
//  - '...' strings with '' escapes; standard_conforming_strings is assumed on,
//    so a backslash in a plain string is an ordinary character;
//  - E'...' strings (the E starting a token) where \x escapes any byte;
//  - "..." identifiers with "" escapes;
//  - $$...$$ and $tag$...$tag$ (tag: letters, digits, '_', non-ASCII bytes,
//    not starting with a digit); $1 is a parameter and a '$' inside an
//    identifier (a$b) starts nothing;
//  - -- comments up to the end of the line ('\n' or '\r') and nested
//    /* ... */ comments.
// Whitespace and -- comments are skipped; block comments are tokens, because
// the splitter keeps them in statements.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace retort::sql {

enum class TokenKind {
  word,               // an identifier or keyword: letters, digits, '_', '$', non-ASCII
  string,             // '...'
  escape_string,      // E'...'
  quoted_identifier,  // "..."
  dollar_string,      // $$...$$, $tag$...$tag$
  number,             // digits, a fraction, an exponent marker
  parameter,          // $1
  block_comment,      // /* ... */, nested
  symbol,             // any other single byte (';', '(', ')', '=', ...), or a lone $name
};

struct Token {
  TokenKind kind = TokenKind::symbol;
  std::string_view text;   // a view into the lexed input
  std::size_t offset = 0;  // of text in the input
};

class Lexer {
 public:
  explicit Lexer(std::string_view sql) : m_sql(sql) {}

  // The next token, or nullopt at the end of the input. Throws
  // Error(ErrorKind::migration_file) for an unterminated quoted string,
  // quoted identifier, dollar-quoted string or block comment: the message
  // names the construct, the hint says how to close it, and the location
  // (with an empty file) points where it starts, relative to the input (line
  // 1 column 1 is its first byte, see text_position.hpp).
  std::optional<Token> next();

 private:
  char at(std::size_t i) const { return i < m_sql.size() ? m_sql[i] : '\0'; }
  TokenKind skip_token();
  void skip_quoted(char quote, bool backslash_escapes, const char* unterminated, const char* hint);
  void skip_block_comment();
  std::size_t delimiter_length_at(std::size_t i) const;
  TokenKind skip_dollar();
  void skip_number();
  [[noreturn]] void fail(std::string message, std::string hint, std::size_t start) const;

  std::string_view m_sql;
  std::size_t m_pos = 0;
};

// True when `word` equals `lower_keyword` (lower-case ASCII) ignoring ASCII case.
bool equals_ignoring_case(std::string_view word, std::string_view lower_keyword);

}  // namespace retort::sql
