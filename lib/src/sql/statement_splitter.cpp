#include "sql/statement_splitter.hpp"

#include <array>
#include <utility>

#include "sql/sql_lexer.hpp"

namespace retort::sql {
namespace {

constexpr std::size_t k_npos = std::string_view::npos;

class Splitter {
 public:
  explicit Splitter(std::string_view sql) : m_sql(sql), m_lexer(sql) {}

  std::vector<SqlStatement> run() {
    while (auto token = m_lexer.next()) step(*token);
    finish_statement();
    return std::move(m_statements);
  }

 private:
  void step(const Token& token) {
    if (token.kind == TokenKind::block_comment) {
      mark_content(token, false);
      return;
    }
    if (token.kind == TokenKind::symbol && token.text.size() == 1) {
      const char c = token.text.front();
      if (c == ';' && m_paren_depth == 0 && m_begin_depth == 0) {
        finish_statement();
        return;
      }
      if (c == '(') ++m_paren_depth;
      if (c == ')' && m_paren_depth > 0) --m_paren_depth;
    } else if (token.kind == TokenKind::word) {
      on_identifier(token.text);
    }
    mark_content(token, true);
  }

  // Extends the current statement over the token.
  void mark_content(const Token& token, bool is_token) {
    if (m_begin == k_npos) m_begin = token.offset;
    m_end = token.offset + token.text.size();
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

  std::string_view m_sql;
  Lexer m_lexer;
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
