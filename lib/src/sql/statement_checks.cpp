#include "sql/statement_checks.hpp"

#include <array>
#include <vector>

#include "retort/error.hpp"
#include "sql/sql_lexer.hpp"
#include "sql/text_position.hpp"

namespace retort::sql {
namespace {

constexpr std::string_view k_setting = "standard_conforming_strings";

bool is_symbol(const Token& token, char c) {
  return token.kind == TokenKind::symbol && token.text.size() == 1 && token.text.front() == c;
}

bool is_keyword(const Token& token, std::string_view lower_keyword) {
  return token.kind == TokenKind::word && equals_ignoring_case(token.text, lower_keyword);
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The text of `quoted` (quotes included) with the quotes removed and doubled
// quotes undone; with `backslashes`, a backslash before a punctuation
// character is dropped (a backslash before a letter or digit is an escape
// sequence that no value checked here needs).
std::string unquote(std::string_view quoted, bool backslashes) {
  std::string out;
  const char quote = quoted.front();
  for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
    const char c = quoted[i];
    if (c == quote) ++i;  // the first of a doubled quote
    if (backslashes && c == '\\' && i + 2 < quoted.size()) {
      const char next = quoted[i + 1];
      const bool alnum = (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') ||
                         (next >= '0' && next <= '9');
      if (!alnum) ++i;
    }
    out += quoted[i];
  }
  return out;
}

// A literal or name as the server reads it in a SET or a function argument,
// lower-cased (setting names and boolean words ignore case); nullopt for
// other tokens.
std::optional<std::string> value_of(const Token& token) {
  switch (token.kind) {
    case TokenKind::word:
    case TokenKind::number:
      return lower(token.text);
    case TokenKind::string:
    case TokenKind::quoted_identifier:
      return lower(unquote(token.text, false));
    case TokenKind::escape_string:
      return lower(unquote(token.text.substr(1), true));
    default:
      return std::nullopt;
  }
}

bool is_prefix_of(std::string_view value, std::string_view word) {
  return !value.empty() && word.substr(0, value.size()) == value;
}

// PostgreSQL's parse_bool(): a unique prefix of true/false/yes/no, on/off
// (at least two letters), 1 or 0.
bool is_false_value(std::string_view value) {
  return is_prefix_of(value, "false") || is_prefix_of(value, "no") || value == "of" ||
         value == "off" || value == "0";
}
bool is_true_value(std::string_view value) {
  return is_prefix_of(value, "true") || is_prefix_of(value, "yes") || value == "on" || value == "1";
}

bool is_off(const Token& token) {
  auto value = value_of(token);
  return value && is_false_value(*value);
}

StatementProblem strings_problem(std::size_t offset, bool transactional, std::string_view form) {
  if (!transactional) {
    return {offset,
            std::string(form) +
                " in a transaction:false section: retort splits this section into statements "
                "itself and reads a backslash in '...' as an ordinary character",
            "keep standard_conforming_strings on and write backslash escapes as E'...' strings, "
            "or move the statements into a transactional section"};
  }
  return {offset,
          std::string(form) +
              " outlasts this section: later transaction:false sections of the run would be "
              "split as if it were on",
          "use SET LOCAL standard_conforming_strings (it ends with the transaction), or write "
          "backslash escapes as E'...' strings"};
}

class Checker {
 public:
  explicit Checker(bool transactional) : m_transactional(transactional) {}

  void on_token(const Token& token) {
    m_recent[m_count % m_recent.size()] = token;
    ++m_count;
    check_set_config();
    if (is_symbol(token, ';')) {
      finish_statement();
      return;
    }
    if (m_at_start) {
      m_at_start = false;
      m_kind = is_keyword(token, "copy")  ? Kind::copy
               : is_keyword(token, "set") ? Kind::set
                                          : Kind::other;
      m_first = token;
      m_head_size = 0;
      m_depth = 0;
      m_after_direction = false;
      return;
    }
    if (m_kind == Kind::copy) on_copy_token(token);
    if (m_kind == Kind::set && m_head_size < m_head.size()) m_head[m_head_size++] = token;
  }

  void finish_statement() {
    if (m_kind == Kind::set) check_set();
    m_kind = Kind::other;
    m_at_start = true;
  }

  std::optional<StatementProblem>& problem() { return m_problem; }

 private:
  enum class Kind { other, copy, set };

  void report(StatementProblem problem) {
    if (!m_problem) m_problem = std::move(problem);
  }

  // After COPY: FROM or TO outside parentheses, then STDIN or STDOUT.
  void on_copy_token(const Token& token) {
    if (is_symbol(token, '(')) ++m_depth;
    if (is_symbol(token, ')') && m_depth > 0) --m_depth;
    if (m_depth > 0) return;
    if (m_after_direction && (is_keyword(token, "stdin") || is_keyword(token, "stdout"))) {
      if (m_from) {
        report({m_first.offset,
                "COPY ... FROM STDIN waits for data from the client, and retort sends none",
                "load the data with INSERT, with COPY ... FROM 'file' (a file on the database "
                "server), or with psql's \\copy outside the migration"});
      } else {
        report({m_first.offset,
                "COPY ... TO STDOUT sends rows to the client, and retort does not read them",
                "write the rows to a file on the database server with COPY ... TO 'file', or "
                "run the query with psql"});
      }
    }
    m_after_direction = is_keyword(token, "from") || is_keyword(token, "to");
    if (m_after_direction) m_from = is_keyword(token, "from");
  }

  // SET [SESSION | LOCAL] standard_conforming_strings {= | TO} <false>
  void check_set() {
    std::size_t i = 0;
    bool local = false;
    if (i < m_head_size && is_keyword(m_head[i], "session")) {
      ++i;
    } else if (i < m_head_size && is_keyword(m_head[i], "local")) {
      local = true;
      ++i;
    }
    if (i + 3 > m_head_size) return;
    const Token& name = m_head[i];
    if (name.kind != TokenKind::word && name.kind != TokenKind::quoted_identifier) return;
    if (value_of(name) != k_setting) return;
    if (!is_symbol(m_head[i + 1], '=') && !is_keyword(m_head[i + 1], "to")) return;
    if (!is_off(m_head[i + 2])) return;
    if (m_transactional && local) return;
    report(strings_problem(m_first.offset, m_transactional,
                           local ? "SET LOCAL standard_conforming_strings = off"
                                 : "SET standard_conforming_strings = off"));
  }

  // set_config ( 'standard_conforming_strings' , <false> , <is_local> ), as
  // the last seven tokens.
  void check_set_config() {
    if (m_count < m_recent.size()) return;
    auto token = [&](std::size_t i) -> const Token& {
      return m_recent[(m_count - m_recent.size() + i) % m_recent.size()];
    };
    if (!is_keyword(token(0), "set_config") || !is_symbol(token(1), '(') ||
        value_of(token(2)) != k_setting || !is_symbol(token(3), ',') || !is_off(token(4)) ||
        !is_symbol(token(5), ',')) {
      return;
    }
    const auto is_local = value_of(token(6));
    const bool local = is_local && is_true_value(*is_local);
    if (m_transactional && local) return;
    report(strings_problem(token(0).offset, m_transactional,
                           local ? "set_config('standard_conforming_strings', 'off', true)"
                                 : "set_config('standard_conforming_strings', 'off', false)"));
  }

  bool m_transactional;
  std::optional<StatementProblem> m_problem;
  // The statement being read.
  bool m_at_start = true;
  Kind m_kind = Kind::other;
  Token m_first;                // its first token
  std::array<Token, 4> m_head;  // for SET: the tokens after SET
  std::size_t m_head_size = 0;
  int m_depth = 0;  // for COPY: parentheses
  bool m_after_direction = false;
  bool m_from = false;
  // The last tokens of the text, for set_config(...).
  std::array<Token, 7> m_recent;
  std::size_t m_count = 0;
};

}  // namespace

std::optional<StatementProblem> find_refused_statement(std::string_view sql, bool transactional) {
  Checker checker(transactional);
  Lexer lexer(sql);
  try {
    while (auto token = lexer.next()) {
      if (token->kind != TokenKind::block_comment) checker.on_token(*token);
    }
  } catch (const Error&) {
    // What retort would split is refused for what comes before the error
    // (a SET that explains it); the server refuses a transactional text whole.
    if (transactional) return std::nullopt;
    return std::move(checker.problem());
  }
  checker.finish_statement();
  return std::move(checker.problem());
}

void check_section_statements(const Section& section, const std::string& path) {
  auto problem = find_refused_statement(section.sql, section.transactional);
  if (!problem) return;
  const LineColumn where =
      rebase_position(line_column_at(section.sql, problem->offset), {section.first_line, 1});
  throw Error(ErrorKind::migration_file, std::move(problem->message),
              SourceLocation{path, where.line, where.column}, std::move(problem->hint));
}

}  // namespace retort::sql
