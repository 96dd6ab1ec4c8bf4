// PostgreSQL's own grammar (libpg_query, the server's parser as a C library),
// for linting migrations. libpg_query's headers appear only in this folder;
// the library is linked statically and does nothing until a command parses
// SQL, so commands that do not lint pay nothing for it at start-up.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retort::lint {

// One statement of a parsed text: where it is (byte offsets into the text;
// the range starts just after the previous statement's ';', so it includes
// the whitespace and comments before the statement, and ends before its own
// ';') and its parse tree, as
// libpg_query's JSON form of the server's node tree ({"AlterTableStmt":
// {...}} and so on; node positions are byte offsets into the whole text).
struct ParsedStatement {
  std::size_t offset = 0;
  std::size_t length = 0;
  nlohmann::json tree;
};

// A syntax error: the server's message and the 0-based byte offset of the
// token it stopped at (nullopt when the parser gave none).
struct SyntaxError {
  std::string message;
  std::optional<std::size_t> offset;
};

struct ParseResult {
  std::vector<ParsedStatement> statements;  // empty when `error` is set
  std::optional<SyntaxError> error;
  int grammar_version = 0;  // PostgreSQL's version number of the grammar, e.g. 150001
};

// Parses `sql` (any number of statements) with the server's grammar. Never
// throws for bad SQL: a syntax error is in the result. Thread-safe.
ParseResult parse_sql(std::string_view sql);

// The PostgreSQL major version whose grammar parse_sql() uses (15 for
// libpg_query 15-4.x): syntax newer than it is "not checked", not an error.
int grammar_major_version();

}  // namespace retort::lint
