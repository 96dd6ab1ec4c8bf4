// Mapping a PostgreSQL error position back to the migration file.
//
// PostgreSQL reports PG_DIAG_STATEMENT_POSITION as a 1-based index in
// characters (not bytes) into the query string it received. retort sends a
// section's text inside a larger query (a prefix before it, version-table
// statements after it, see migrator/step_script.hpp), or one statement of a
// transaction:false section alone; this turns the server's position into
// file:line:column. Text is taken to be UTF-8 (client_encoding UTF8); lines
// and columns follow text_position.hpp (CRLF is one line break, columns count
// characters).
#pragma once

#include <cstddef>
#include <string_view>

#include "retort/error.hpp"

namespace retort::sql {

// The file location of the character at `server_position` in `sent_query`.
//
// The section text is sent_query.substr(section_offset_in_query,
// section_length) (a length past the end of the query means "to the end") and
// begins in `file_path` at (section_first_line, section_first_column), both
// 1-based. For a statement sent alone, pass offset 0, its length and the
// file position of its first character.
//
// A position on the section text maps into it; so does the position just past
// its end (the server's "at end of input"). A position that is not positive,
// past the end of the query, or in the text before or after the section
// returns {file_path, section_first_line, 0}: the section's line, column
// unknown.
SourceLocation map_server_position(std::string_view sent_query, int server_position,
                                   std::size_t section_offset_in_query, std::size_t section_length,
                                   std::string_view file_path, int section_first_line,
                                   int section_first_column);

}  // namespace retort::sql
