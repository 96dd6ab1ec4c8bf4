#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "retort/error.hpp"
#include "sql/statement_splitter.hpp"
#include "sql/text_position.hpp"

namespace retort::sql {
namespace {

std::vector<std::string> texts_of(std::string_view sql) {
  std::vector<std::string> texts;
  for (const SqlStatement& statement : split_sql_statements(sql)) {
    texts.emplace_back(statement.text);
  }
  return texts;
}

struct SplitRow {
  const char* name;
  std::string sql;
  std::vector<std::string> expected;
};

TEST(StatementSplitter, SplitsWherePsqlWould) {
  const std::vector<SplitRow> rows = {
      {"empty", "", {}},
      {"only whitespace and comments", " \n-- a;\n/* b; */\n;;  ;\n", {}},
      {"one without semicolon", "SELECT 1", {"SELECT 1"}},
      {"two trimmed", "  SELECT 1 ;\n\tSELECT 2;\n", {"SELECT 1", "SELECT 2"}},
      {"semicolon in string", "SELECT ';';SELECT 'a''b;'", {"SELECT ';'", "SELECT 'a''b;'"}},
      {"backslash is plain in standard strings",
       "SELECT 'a\\';SELECT 2",
       {"SELECT 'a\\'", "SELECT 2"}},
      {"E string backslash quote", "SELECT E'a\\';b';SELECT 2", {"SELECT E'a\\';b'", "SELECT 2"}},
      {"E string escaped backslash", "SELECT e'a\\\\';SELECT 2", {"SELECT e'a\\\\'", "SELECT 2"}},
      {"E only at token start", "SELECT nameE'a\\';SELECT 2", {"SELECT nameE'a\\'", "SELECT 2"}},
      {"quoted identifier",
       "CREATE TABLE \"a;\"\"b\" ();SELECT 1",
       {"CREATE TABLE \"a;\"\"b\" ()", "SELECT 1"}},
      {"dollar quote",
       "DO $$ BEGIN PERFORM 1; END $$;SELECT 1",
       {"DO $$ BEGIN PERFORM 1; END $$", "SELECT 1"}},
      {"tagged dollar quote holds $$",
       "SELECT $fn$ $$ ; $f$ $fn$;SELECT 1",
       {"SELECT $fn$ $$ ; $f$ $fn$", "SELECT 1"}},
      {"dollar tag closing after failed candidate",
       "SELECT $a$ $$a$ ;SELECT 1",
       {"SELECT $a$ $$a$", "SELECT 1"}},
      {"positional parameters",
       "PREPARE p AS SELECT $1;EXECUTE p(1)",
       {"PREPARE p AS SELECT $1", "EXECUTE p(1)"}},
      {"dollar inside identifier",
       "SELECT a$b; SELECT c$$;SELECT 1",
       {"SELECT a$b", "SELECT c$$", "SELECT 1"}},
      {"number then dollar quote", "SELECT 1e$$;$$;SELECT 2", {"SELECT 1e$$;$$", "SELECT 2"}},
      {"line comment with quote", "SELECT 1 -- it's; \"x\n;SELECT 2", {"SELECT 1", "SELECT 2"}},
      {"line comment kept inside", "SELECT -- c;\n 1;", {"SELECT -- c;\n 1"}},
      {"nested block comment",
       "SELECT /* a /* b; */ c; */ 1;SELECT 2",
       {"SELECT /* a /* b; */ c; */ 1", "SELECT 2"}},
      {"leading line comment dropped", "-- note\nSELECT 1", {"SELECT 1"}},
      {"leading block comment kept", "/*+ SeqScan(t) */ SELECT 1", {"/*+ SeqScan(t) */ SELECT 1"}},
      {"semicolon in parentheses",
       "CREATE RULE r AS ON INSERT TO t DO (SELECT 1; SELECT 2);SELECT 3",
       {"CREATE RULE r AS ON INSERT TO t DO (SELECT 1; SELECT 2)", "SELECT 3"}},
      {"transaction block splits",
       "BEGIN; SELECT 1; END; BEGIN; COMMIT;",
       {"BEGIN", "SELECT 1", "END", "BEGIN", "COMMIT"}},
      {"begin atomic",
       "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;SELECT 3",
       {"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END",
        "SELECT 3"}},
      {"begin atomic with case",
       "create or replace function f(x int) returns int begin atomic "
       "select case when x > 0 then 1 else 0 end; end; select 2",
       {"create or replace function f(x int) returns int begin atomic "
        "select case when x > 0 then 1 else 0 end; end",
        "select 2"}},
      {"procedure with begin atomic",
       "CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END;CALL p()",
       {"CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END", "CALL p()"}},
      {"case at depth zero does not count",
       "CREATE FUNCTION f(x int) RETURNS int RETURN CASE WHEN x > 0 THEN 1 END;SELECT 1",
       {"CREATE FUNCTION f(x int) RETURNS int RETURN CASE WHEN x > 0 THEN 1 END", "SELECT 1"}},
      {"begin inside parentheses does not count",
       "CREATE FUNCTION f(begin int) RETURNS int RETURN 1;SELECT 1",
       {"CREATE FUNCTION f(begin int) RETURNS int RETURN 1", "SELECT 1"}},
      {"quoted begin is an identifier",
       "CREATE FUNCTION \"begin\"() RETURNS int RETURN 1;SELECT 1",
       {"CREATE FUNCTION \"begin\"() RETURNS int RETURN 1", "SELECT 1"}},
      {"create table is not a routine",
       "CREATE TABLE t (x int); BEGIN; SELECT 1",
       {"CREATE TABLE t (x int)", "BEGIN", "SELECT 1"}},
      {"plpgsql body in dollar quotes",
       "CREATE FUNCTION f() RETURNS void AS $$ BEGIN NULL; END $$ LANGUAGE plpgsql;SELECT 1",
       {"CREATE FUNCTION f() RETURNS void AS $$ BEGIN NULL; END $$ LANGUAGE plpgsql", "SELECT 1"}},
      {"utf8 identifiers",
       "CREATE TABLE café (日本 int);SELECT 1",
       {"CREATE TABLE café (日本 int)", "SELECT 1"}},
      {"crlf", "SELECT 1;\r\nSELECT\r\n 2;\r\n", {"SELECT 1", "SELECT\r\n 2"}},
      {"unbalanced parenthesis keeps the rest", "SELECT (1; SELECT 2", {"SELECT (1; SELECT 2"}},
  };
  for (const SplitRow& row : rows) {
    EXPECT_EQ(texts_of(row.sql), row.expected) << row.name;
  }
}

TEST(StatementSplitter, OffsetsPointAtTheTextInTheInput) {
  const std::string sql = "-- head\n  SELECT 'é';\n/* x */ SELECT 2 -- tail\n;";
  const auto statements = split_sql_statements(sql);
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[0].offset, sql.find("SELECT 'é'"));
  EXPECT_EQ(statements[1].offset, sql.find("/* x */"));
  EXPECT_EQ(statements[1].text, "/* x */ SELECT 2");
  for (const SqlStatement& statement : statements) {
    EXPECT_EQ(statement.text.data(), sql.data() + statement.offset);
  }
}

struct UnterminatedRow {
  const char* name;
  std::string sql;
  std::string message;
  int line;
  int column;
};

TEST(StatementSplitter, UnterminatedConstructsPointWhereTheyStart) {
  const std::vector<UnterminatedRow> rows = {
      {"string", "SELECT 1;\nSELECT 'abc;", "unterminated quoted string", 2, 8},
      {"E string ending in escaped quote", "SELECT E'abc\\';",
       "unterminated quoted string (E'...')", 1, 8},
      {"E string ending in a backslash", "SELECT E'abc\\", "unterminated quoted string (E'...')", 1,
       8},
      {"identifier", "SELECT \"a\"\"b;\n", "unterminated quoted identifier", 1, 8},
      {"dollar quote", "é;\r\nDO $body$ BEGIN END $bod$;",
       "unterminated dollar-quoted string $body$", 2, 4},
      {"empty-tag dollar quote", "SELECT $$ a $ b", "unterminated dollar-quoted string $$", 1, 8},
      {"block comment", "SELECT 1; /* a /* b */ c", "unterminated /* comment", 1, 11},
      {"string after multibyte", "SELECT '日本', 'x", "unterminated quoted string", 1, 14},
  };
  for (const UnterminatedRow& row : rows) {
    try {
      split_sql_statements(row.sql);
      ADD_FAILURE() << row.name << ": no error";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::migration_file) << row.name;
      EXPECT_EQ(error.message(), row.message) << row.name;
      EXPECT_EQ(error.location(), (SourceLocation{"", row.line, row.column})) << row.name;
      EXPECT_FALSE(error.hint().empty()) << row.name;
    }
  }
}

// Golden files: tests/testdata/splitter/<case>.sql and <case>.expected. Set
// RETORT_UPDATE_GOLDEN=1 to rewrite the .expected files (then review them).
std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string render_split(std::string_view sql) {
  std::string out;
  try {
    int n = 0;
    for (const SqlStatement& statement : split_sql_statements(sql)) {
      const LineColumn at = line_column_at(sql, statement.offset);
      out += "--- statement " + std::to_string(++n) + " @" + std::to_string(at.line) + ":" +
             std::to_string(at.column) + "\n";
      out += std::string(statement.text) + "\n";
    }
  } catch (const Error& error) {
    const SourceLocation where = error.location().value_or(SourceLocation{});
    out += "--- error @" + std::to_string(where.line) + ":" + std::to_string(where.column) + " " +
           error.message() + "\n";
  }
  return out;
}

TEST(StatementSplitterGolden, MatchesExpectedFiles) {
  const std::filesystem::path dir = std::filesystem::path(RETORT_TESTDATA_DIR) / "splitter";
  std::vector<std::filesystem::path> inputs;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".sql") inputs.push_back(entry.path());
  }
  std::sort(inputs.begin(), inputs.end());
  ASSERT_GE(inputs.size(), 15u) << "golden inputs missing in " << dir;
  const bool update = std::getenv("RETORT_UPDATE_GOLDEN") != nullptr;
  for (const auto& input : inputs) {
    std::filesystem::path expected_path = input;
    expected_path.replace_extension(".expected");
    const std::string actual = render_split(read_file(input));
    if (update) {
      std::ofstream(expected_path, std::ios::binary) << actual;
      continue;
    }
    ASSERT_TRUE(std::filesystem::exists(expected_path)) << expected_path;
    EXPECT_EQ(actual, read_file(expected_path)) << input.filename().string();
  }
}

}  // namespace
}  // namespace retort::sql
