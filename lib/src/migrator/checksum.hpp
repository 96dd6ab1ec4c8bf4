// Checksums of migration sections, for drift detection.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "sql/statement_splitter.hpp"

namespace retort::migrator {

// "sha256:<64 hex digits>" of `section_text` after normalisation: a leading
// UTF-8 BOM dropped, CRLF and CR turned into LF, trailing spaces and tabs of
// every line removed, trailing empty lines removed. The algorithm's name is
// part of the value so that a later rule never flags rows written under an
// older one.
std::string section_checksum(std::string_view section_text);

// "sha256:..." of the first `count` statements of a transaction:false
// section, each normalised as above, so that a resumed run can tell whether
// the statements that already ran are still the ones in the file.
// REQUIRES: count <= statements.size().
std::string statements_checksum(std::span<const sql::SqlStatement> statements, std::size_t count);

}  // namespace retort::migrator
