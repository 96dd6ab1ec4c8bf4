// libFuzzer target for split_sql_statements and the position helpers.
//
// Invariants checked on every input:
//  - only Error(ErrorKind::migration_file) with a 1-based location escapes;
//  - statements are non-empty views into the input at their offsets, in
//    increasing, non-overlapping order, without surrounding whitespace;
//  - splitting a statement's text again gives that text back whole;
//  - mapping a statement's start as a server position gives line_column_at;
//  - the statement checks, in either kind of section, find nothing or a
//    problem inside the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "retort/error.hpp"
#include "sql/error_position.hpp"
#include "sql/statement_checks.hpp"
#include "sql/statement_splitter.hpp"
#include "sql/text_position.hpp"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int server_position_of(std::string_view text, std::size_t byte_offset) {
  int characters = 0;
  for (std::size_t i = 0; i < byte_offset; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++characters;
  }
  return characters + 1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace retort::sql;
  const std::string_view sql(reinterpret_cast<const char*>(data), size);
  for (bool transactional : {true, false}) {
    if (auto problem = find_refused_statement(sql, transactional)) {
      check(problem->offset < sql.size() && !problem->message.empty());
    }
  }
  std::vector<SqlStatement> statements;
  try {
    statements = split_sql_statements(sql);
  } catch (const retort::Error& error) {
    check(error.kind() == retort::ErrorKind::migration_file);
    check(error.location().has_value() && error.location()->line >= 1 &&
          error.location()->column >= 1);
    return 0;
  }
  std::size_t previous_end = 0;
  for (const SqlStatement& statement : statements) {
    check(!statement.text.empty());
    check(statement.offset >= previous_end);
    check(statement.offset + statement.text.size() <= sql.size());
    check(statement.text.data() == sql.data() + statement.offset);
    check(!is_space(statement.text.front()) && !is_space(statement.text.back()));
    previous_end = statement.offset + statement.text.size() + 1;  // at least the ';' between

    const std::vector<SqlStatement> again = split_sql_statements(statement.text);
    check(again.size() == 1 && again[0].offset == 0 && again[0].text == statement.text);

    if ((static_cast<unsigned char>(sql[statement.offset]) & 0xC0) != 0x80) {
      const LineColumn expected = line_column_at(sql, statement.offset);
      const retort::SourceLocation mapped = map_server_position(
          sql, server_position_of(sql, statement.offset), 0, sql.size(), "f.sql", 1, 1);
      check(mapped.line == expected.line && mapped.column == expected.column);
    }
  }
  // Any position, in or out of range, maps without crashing.
  const int position = size > 0 ? static_cast<int>(data[0]) - 8 : 0;
  (void)map_server_position(sql, position, size / 3, size / 2, "f.sql", 3, 2);
  return 0;
}
