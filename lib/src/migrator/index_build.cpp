#include "migrator/index_build.hpp"

#include <vector>

namespace retort::migrator {
namespace {

struct Token {
  std::string_view text;  // as written
  bool quoted = false;    // a "..." identifier
};

bool identifier_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool identifier_char(char c) {
  return identifier_start(c) || (c >= '0' && c <= '9') || c == '$';
}

// The first `limit` tokens of `text`; stops early at anything it does not
// need to understand (strings, operators).
std::vector<Token> leading_tokens(std::string_view text, std::size_t limit) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size() && tokens.size() < limit) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      ++i;
    } else if (text.substr(i, 2) == "--") {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (text.substr(i, 2) == "/*") {
      int depth = 0;
      do {
        if (text.substr(i, 2) == "/*") {
          ++depth;
          i += 2;
        } else if (text.substr(i, 2) == "*/") {
          --depth;
          i += 2;
        } else {
          ++i;
        }
      } while (depth > 0 && i < text.size());
    } else if (c == '"') {
      std::size_t start = i++;
      while (i < text.size()) {
        if (text[i] == '"' && i + 1 < text.size() && text[i + 1] == '"') {
          i += 2;
        } else if (text[i] == '"') {
          break;
        } else {
          ++i;
        }
      }
      if (i >= text.size()) break;  // unterminated
      ++i;
      tokens.push_back({text.substr(start, i - start), true});
    } else if (identifier_start(c)) {
      std::size_t start = i;
      while (i < text.size() && identifier_char(text[i])) ++i;
      tokens.push_back({text.substr(start, i - start), false});
    } else if (c == '.') {
      tokens.push_back({text.substr(i++, 1), false});
    } else {
      break;
    }
  }
  return tokens;
}

bool is_keyword(const Token& token, std::string_view keyword) {
  if (token.quoted || token.text.size() != keyword.size()) return false;
  for (std::size_t i = 0; i < keyword.size(); ++i) {
    char c = token.text[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != keyword[i]) return false;
  }
  return true;
}

bool is_identifier(const Token& token) {
  return token.quoted || identifier_start(token.text.front());
}

// The name PostgreSQL stores for an identifier as written.
std::string stored_name(const Token& token) {
  std::string out;
  if (token.quoted) {
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
  auto tokens = leading_tokens(statement, 16);
  std::size_t i = 0;
  auto keyword = [&](std::string_view word) {
    if (i < tokens.size() && is_keyword(tokens[i], word)) {
      ++i;
      return true;
    }
    return false;
  };
  if (!keyword("CREATE")) return std::nullopt;
  keyword("UNIQUE");
  if (!keyword("INDEX") || !keyword("CONCURRENTLY")) return std::nullopt;
  if (keyword("IF") && !(keyword("NOT") && keyword("EXISTS"))) return std::nullopt;
  if (i >= tokens.size() || is_keyword(tokens[i], "ON") || !is_identifier(tokens[i])) {
    return std::nullopt;
  }
  IndexBuild build{stored_name(tokens[i++]), {}};
  if (!keyword("ON")) return std::nullopt;
  keyword("ONLY");
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
