// libFuzzer target for the migration-file parser (header fast path, yaml-cpp,
// sections) and the statement checks of the sections it returns.
//
// Invariants checked on every input:
//  - parse_migration_file() returns a Revision or throws
//    Error(ErrorKind::migration_file) located in the file, never anything
//    else (no std::bad_alloc from YAML aliases, no stack overflow);
//  - a parsed revision has an id, and its sections start after their marker;
//  - find_refused_statement() on a section points inside it, at COPY, SET
//    or set_config.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "retort/error.hpp"
#include "retort/migration_files.hpp"
#include "sql/sql_lexer.hpp"
#include "sql/statement_checks.hpp"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

void check_section(const retort::Section& section) {
  check(section.first_line > section.marker_line && section.marker_line >= 1);
  for (bool transactional : {true, false}) {
    auto problem = retort::sql::find_refused_statement(section.sql, transactional);
    if (!problem) continue;
    check(problem->offset < section.sql.size());
    check(!problem->message.empty() && !problem->hint.empty());
    retort::sql::Lexer lexer(std::string_view(section.sql).substr(problem->offset));
    auto token = lexer.next();
    check(token.has_value() && token->offset == 0);
    check(retort::sql::equals_ignoring_case(token->text, "copy") ||
          retort::sql::equals_ignoring_case(token->text, "set") ||
          retort::sql::equals_ignoring_case(token->text, "set_config"));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace retort;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const Revision revision = parse_migration_file(text, "m.sql");
    check(!revision.id.str().empty());
    check_section(revision.upgrade);
    if (revision.downgrade) check_section(*revision.downgrade);
  } catch (const Error& error) {
    check(error.kind() == ErrorKind::migration_file);
    check(error.location().has_value() && error.location()->file == "m.sql");
    check(error.location()->line >= 1);
  }
  return 0;
}
