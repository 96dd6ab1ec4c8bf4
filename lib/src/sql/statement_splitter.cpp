#include "sql/statement_splitter.hpp"

#include <array>
#include <string>
#include <utility>

#include "retort/error.hpp"
#include "sql/text_position.hpp"

namespace retort::sql {
namespace {

constexpr std::size_t k_npos = std::string_view::npos;

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

bool equals_ignoring_case(std::string_view word, std::string_view lower_keyword) {
  if (word.size() != lower_keyword.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower_keyword[i]) return false;
  }
  return true;
}

class Splitter {
 public:
  explicit Splitter(std::string_view sql) : m_sql(sql) {}

  std::vector<SqlStatement> run() {
    while (m_pos < m_sql.size()) step();
    finish_statement();
    return std::move(m_statements);
  }

 private:
  char at(std::size_t i) const { return i < m_sql.size() ? m_sql[i] : '\0'; }

  // Consumes one token, comment or run of whitespace at m_pos.
  void step() {
    const std::size_t start = m_pos;
    const char c = m_sql[m_pos];
    const char next = at(m_pos + 1);
    if (is_space(c)) {
      ++m_pos;
      return;
    }
    if (c == '-' && next == '-') {
      while (m_pos < m_sql.size() && m_sql[m_pos] != '\n' && m_sql[m_pos] != '\r') ++m_pos;
      return;
    }
    if (c == '/' && next == '*') {
      skip_block_comment();
      mark_content(start, false);
      return;
    }
    if (c == ';' && m_paren_depth == 0 && m_begin_depth == 0) {
      ++m_pos;
      finish_statement();
      return;
    }
    if (c == '\'') {
      skip_quoted('\'', false, "unterminated quoted string", "write a ' inside a string as ''");
    } else if ((c == 'e' || c == 'E') && next == '\'') {
      ++m_pos;
      skip_quoted('\'', true, "unterminated quoted string (E'...')",
                  "in E'...' a backslash escapes the next character; write a backslash as \\\\");
    } else if (c == '"') {
      skip_quoted('"', false, "unterminated quoted identifier",
                  "write a \" inside an identifier as \"\"");
    } else if (c == '$') {
      skip_dollar();
    } else if (is_ident_start(c)) {
      while (m_pos < m_sql.size() && is_ident_char(m_sql[m_pos])) ++m_pos;
      on_identifier(m_sql.substr(start, m_pos - start));
    } else if (is_digit(c) || (c == '.' && is_digit(next))) {
      skip_number();
    } else {
      if (c == '(') ++m_paren_depth;
      if (c == ')' && m_paren_depth > 0) --m_paren_depth;
      ++m_pos;
    }
    mark_content(start, true);
  }

  // Extends the current statement over [start, m_pos).
  void mark_content(std::size_t start, bool is_token) {
    if (m_begin == k_npos) m_begin = start;
    m_end = m_pos;
    m_has_token = m_has_token || is_token;
  }

  void finish_statement() {
    if (m_has_token) m_statements.push_back({m_sql.substr(m_begin, m_end - m_begin), m_begin});
    m_begin = k_npos;
    m_end = 0;
    m_has_token = false;
    m_paren_depth = 0;
    m_begin_depth = 0;
    m_identifier_count = 0;
    m_leading_words.fill('\0');
  }

  // m_pos is on the opening quote. Doubled quotes are escapes; with
  // `backslash_escapes` a backslash escapes the byte after it.
  void skip_quoted(char quote, bool backslash_escapes, const char* unterminated, const char* hint) {
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
  void skip_block_comment() {
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
  std::size_t delimiter_length_at(std::size_t i) const {
    if (at(i) != '$') return 0;
    std::size_t j = i + 1;
    if (j < m_sql.size() && is_ident_start(m_sql[j])) {
      while (j < m_sql.size() && is_tag_char(m_sql[j])) ++j;
    }
    return at(j) == '$' ? j + 1 - i : 0;
  }

  // m_pos is on a '$' that does not continue an identifier: a parameter ($1),
  // a dollar quote, or a lone '$' (an operator character).
  void skip_dollar() {
    const std::size_t start = m_pos;
    if (is_digit(at(m_pos + 1))) {
      ++m_pos;
      while (m_pos < m_sql.size() && is_digit(m_sql[m_pos])) ++m_pos;
      return;
    }
    const std::size_t length = delimiter_length_at(m_pos);
    if (length == 0) {
      // psql's dolqfailed: "$name" with no closing '$' is consumed whole.
      ++m_pos;
      while (m_pos < m_sql.size() && is_tag_char(m_sql[m_pos])) ++m_pos;
      return;
    }
    const std::string_view delimiter = m_sql.substr(start, length);
    // Scan the body as the server does: each '$' may start a delimiter; a
    // delimiter that is not ours gives back its closing '$', which may open
    // the next candidate. Every byte is looked at a bounded number of times.
    std::size_t i = start + length;
    while ((i = m_sql.find('$', i)) != k_npos) {
      const std::size_t candidate = delimiter_length_at(i);
      if (candidate == 0) {
        ++i;
      } else if (m_sql.substr(i, candidate) == delimiter) {
        m_pos = i + candidate;
        return;
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
  void skip_number() {
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

  // psql's BEGIN ... END heuristic: remember the first four identifiers (by
  // their first letter when they are create/or/replace/function/procedure)
  // and count blocks only in CREATE [OR REPLACE] FUNCTION|PROCEDURE.
  void on_identifier(std::string_view word) {
    if (m_identifier_count < m_leading_words.size()) {
      for (std::string_view keyword : {"create", "or", "replace", "function", "procedure"}) {
        if (equals_ignoring_case(word, keyword)) m_leading_words[m_identifier_count] = keyword[0];
      }
      ++m_identifier_count;
    }
    if (!in_routine_definition() || m_paren_depth > 0) return;
    if (equals_ignoring_case(word, "begin")) {
      ++m_begin_depth;
    } else if (equals_ignoring_case(word, "case")) {
      if (m_begin_depth > 0) ++m_begin_depth;
    } else if (equals_ignoring_case(word, "end")) {
      if (m_begin_depth > 0) --m_begin_depth;
    }
  }

  bool in_routine_definition() const {
    const auto& w = m_leading_words;
    auto is_routine = [](char c) { return c == 'f' || c == 'p'; };
    return w[0] == 'c' && (is_routine(w[1]) || (w[1] == 'o' && w[2] == 'r' && is_routine(w[3])));
  }

  [[noreturn]] void fail(std::string message, std::string hint, std::size_t start) const {
    const LineColumn where = line_column_at(m_sql, start);
    throw Error(ErrorKind::migration_file, std::move(message),
                SourceLocation{"", where.line, where.column}, std::move(hint));
  }

  std::string_view m_sql;
  std::size_t m_pos = 0;
  std::vector<SqlStatement> m_statements;
  // The statement being scanned.
  std::size_t m_begin = k_npos;  // first byte of its first token or block comment
  std::size_t m_end = 0;         // one past its last token or block comment
  bool m_has_token = false;
  int m_paren_depth = 0;
  int m_begin_depth = 0;
  std::size_t m_identifier_count = 0;
  std::array<char, 4> m_leading_words{};
};

}  // namespace

std::vector<SqlStatement> split_sql_statements(std::string_view sql) {
  return Splitter(sql).run();
}

}  // namespace retort::sql
