// Statements retort refuses to run, found before anything runs
// (docs/architecture.md §5.4):
//
//  - COPY ... FROM STDIN and COPY ... TO STDOUT (also the crossed spellings
//    FROM STDOUT and TO STDIN, and COPY (query) TO STDOUT): the server would
//    wait for data that retort never sends, or send rows it never reads;
//  - turning standard_conforming_strings off (SET [SESSION | LOCAL]
//    standard_conforming_strings = | TO off|false|no|0|'off'|..., or
//    set_config('standard_conforming_strings', 'off', ...)): retort splits a
//    transaction:false section itself, reading a backslash in '...' as an
//    ordinary character, so in such a section every form is refused. In a
//    transactional section only what outlasts it is refused (SET, SET
//    SESSION, set_config(..., false)): it would change how the server reads
//    later transaction:false sections of the same run. SET LOCAL and
//    set_config(..., true) end with the transaction and are allowed there.
//
// A statement is found as psql would find it: through comments, strings,
// dollar quotes and quoted identifiers, in any letter case; COPY and SET
// count at the start of a statement (the first token, or the first after a
// ';'), set_config anywhere in one.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "retort/revision.hpp"

namespace retort::sql {

struct StatementProblem {
  std::size_t offset = 0;  // of the offending keyword, in the checked text
  std::string message;     // one line: what the statement does and why retort refuses it
  std::string hint;        // what to write instead
};

// The first statement of `sql` that retort must not run, or nullopt. When
// the text does not lex (an unterminated quote, comment or dollar quote): a
// transactional text gives nullopt, as the server refuses it whole before
// running any of it; a transaction:false one gives what was found before the
// error (a SET standard_conforming_strings = off explains such an error),
// else nullopt, and the splitter then reports the error.
// O(sql.size()), with memory bounded independently of the input.
std::optional<StatementProblem> find_refused_statement(std::string_view sql, bool transactional);

// Throws Error(ErrorKind::migration_file) at path:line:col of the offending
// keyword when find_refused_statement() finds one in `section`.
void check_section_statements(const Section& section, const std::string& path);

}  // namespace retort::sql
