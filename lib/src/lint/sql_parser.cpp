#include "lint/sql_parser.hpp"

#include <pg_query.h>

#include <memory>

#include "sql/text_position.hpp"

namespace retort::lint {
namespace {

struct ParseResultFree {
  void operator()(PgQueryParseResult* result) const {
    pg_query_free_parse_result(*result);
    delete result;
  }
};

// libpg_query's JSON of one RawStmt: {"stmt": {...}, "stmt_location": N, "stmt_len": N}.
ParsedStatement parsed_statement(nlohmann::json& raw, std::size_t text_size) {
  ParsedStatement statement;
  statement.offset = raw.value("stmt_location", std::size_t{0});
  // stmt_len 0 means "to the end of the text".
  const std::size_t length = raw.value("stmt_len", std::size_t{0});
  statement.length =
      length == 0 && statement.offset <= text_size ? text_size - statement.offset : length;
  statement.tree = std::move(raw["stmt"]);
  return statement;
}

}  // namespace

ParseResult parse_sql(std::string_view sql) {
  ParseResult result;
  const std::string text(sql);  // libpg_query wants a NUL-terminated string
  std::unique_ptr<PgQueryParseResult, ParseResultFree> parsed(
      new PgQueryParseResult(pg_query_parse(text.c_str())));
  if (parsed->error != nullptr) {
    SyntaxError error;
    error.message = parsed->error->message != nullptr ? parsed->error->message : "syntax error";
    // cursorpos counts characters from 1 (the server's error position), 0 when unknown.
    if (parsed->error->cursorpos > 0) {
      error.offset = sql::byte_offset_of_character(
          text, static_cast<std::size_t>(parsed->error->cursorpos - 1));
    }
    result.error = std::move(error);
    return result;
  }
  auto document = nlohmann::json::parse(parsed->parse_tree, nullptr, false);
  if (!document.is_object()) {
    result.error = SyntaxError{"the parser's tree could not be read", std::nullopt};
    return result;
  }
  result.grammar_version = document.value("version", 0);
  if (auto stmts = document.find("stmts"); stmts != document.end() && stmts->is_array()) {
    for (auto& raw : *stmts) result.statements.push_back(parsed_statement(raw, text.size()));
  }
  return result;
}

int grammar_major_version() {
  return PG_VERSION_NUM / 10000;
}

}  // namespace retort::lint
