// Splitting SQL text into statements, for `transaction:false` sections, which
// run statement by statement in autocommit (docs/architecture.md §5).
//
// The tokens are sql_lexer.hpp's, which follow psql (src/fe_utils/psqlscan.l)
// closely enough that a section splits where `psql -f` would split it. Then:
//  - a ';' inside parentheses does not end a statement (psql: CREATE RULE);
//  - BEGIN ATOMIC bodies: when the statement's first identifiers are CREATE
//    [OR REPLACE] FUNCTION|PROCEDURE, outside parentheses BEGIN opens a block,
//    CASE opens one inside a block, END closes one, and a ';' inside a block
//    does not end the statement. Elsewhere BEGIN is the transaction command.
// An unbalanced '(' or BEGIN keeps the rest of the text in one statement;
// the server then reports the syntax error, as it would under psql.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace retort::sql {

struct SqlStatement {
  // The statement without its terminating ';'. It starts at its first token
  // or block comment (leading whitespace and -- comments are dropped, as psql
  // drops them; a leading /*+ hint */ is kept) and ends at its last token or
  // block comment (trailing whitespace and -- comments are dropped).
  // Comments between tokens are kept. A view into the input.
  std::string_view text;
  // Byte offset of `text` in the input: text == input.substr(offset, text.size()).
  std::size_t offset = 0;
};

// The statements of `sql` in order, with strictly increasing, non-overlapping
// offsets. Statements with no token (empty, or only whitespace and comments)
// are dropped; the last statement needs no ';'. O(sql.size()).
//
// Throws Error(ErrorKind::migration_file) for an unterminated quoted string,
// quoted identifier, dollar-quoted string or block comment. The message names
// the construct and its location points where it starts, relative to `sql`
// (line 1 column 1 is sql[0], see text_position.hpp) with an empty file: the
// caller fills in the file and moves the position with rebase_position().
std::vector<SqlStatement> split_sql_statements(std::string_view sql);

}  // namespace retort::sql
