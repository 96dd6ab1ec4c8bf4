#include "migrator/index_build.hpp"

#include <vector>

#include "retort/error.hpp"
#include "sql/sql_lexer.hpp"

namespace retort::migrator {
namespace {

// The first tokens of `statement`, block comments left out; empty when it
// does not lex (the server reports that).
std::vector<sql::Token> leading_tokens(std::string_view statement, std::size_t limit) {
  std::vector<sql::Token> tokens;
  try {
    sql::Lexer lexer(statement);
    while (tokens.size() < limit) {
      auto token = lexer.next();
      if (!token) break;
      if (token->kind != sql::TokenKind::block_comment) tokens.push_back(*token);
    }
  } catch (const Error&) {
    tokens.clear();
  }
  return tokens;
}

bool is_identifier(const sql::Token& token) {
  return token.kind == sql::TokenKind::word || token.kind == sql::TokenKind::quoted_identifier;
}

// The name PostgreSQL stores for an identifier as written.
std::string stored_name(const sql::Token& token) {
  std::string out;
  if (token.kind == sql::TokenKind::quoted_identifier) {
    auto inner = token.text.substr(1, token.text.size() - 2);
    for (std::size_t i = 0; i < inner.size(); ++i) {
      out += inner[i];
      if (inner[i] == '"') ++i;  // "" stands for one quote
    }
    return out;
  }
  for (char c : token.text) {
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

}  // namespace

std::optional<IndexBuild> parse_concurrent_index_build(std::string_view statement) {
  const auto tokens = leading_tokens(statement, 16);
  std::size_t i = 0;
  auto keyword = [&](std::string_view lower) {
    if (i < tokens.size() && tokens[i].kind == sql::TokenKind::word &&
        sql::equals_ignoring_case(tokens[i].text, lower)) {
      ++i;
      return true;
    }
    return false;
  };
  if (!keyword("create")) return std::nullopt;
  keyword("unique");
  if (!keyword("index") || !keyword("concurrently")) return std::nullopt;
  if (keyword("if") && !(keyword("not") && keyword("exists"))) return std::nullopt;
  if (i >= tokens.size() || !is_identifier(tokens[i]) ||
      (tokens[i].kind == sql::TokenKind::word && sql::equals_ignoring_case(tokens[i].text, "on"))) {
    return std::nullopt;
  }
  IndexBuild build{stored_name(tokens[i++]), {}};
  if (!keyword("on")) return std::nullopt;
  keyword("only");
  for (int parts = 1;; ++parts) {
    if (i >= tokens.size() || !is_identifier(tokens[i])) return std::nullopt;
    build.table += tokens[i++].text;
    if (parts == 3 || i >= tokens.size() || tokens[i].text != ".") break;
    build.table += '.';
    ++i;
  }
  return build;
}

}  // namespace retort::migrator
