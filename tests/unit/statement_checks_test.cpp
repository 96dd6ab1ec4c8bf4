#include "sql/statement_checks.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "retort/error.hpp"

namespace retort::sql {
namespace {

struct CheckRow {
  const char* name;
  std::string sql;
  bool transactional;
  // The byte offset of the refused keyword, or -1 when nothing is refused.
  int offset;
  const char* message_part = "";
};

constexpr bool k_tx = true;
constexpr bool k_autocommit = false;

TEST(StatementChecks, RefusesCopyThatTalksToTheClient) {
  const std::vector<CheckRow> rows = {
      {"from stdin", "COPY t FROM STDIN", k_tx, 0, "COPY ... FROM STDIN"},
      {"to stdout", "COPY t TO STDOUT", k_tx, 0, "COPY ... TO STDOUT"},
      {"mixed case", "CoPy t FrOm StDiN;", k_tx, 0, "FROM STDIN"},
      {"after other statements", "SELECT 1;\n  copy t from stdin;", k_tx, 12, "FROM STDIN"},
      {"in a transaction:false section", "SELECT 1; COPY t TO STDOUT", k_autocommit, 10,
       "TO STDOUT"},
      {"query to stdout", "COPY (SELECT a FROM t) TO STDOUT WITH (FORMAT csv)", k_tx, 0,
       "TO STDOUT"},
      {"columns and options", "COPY s.t (a, b) FROM stdin WITH (FORMAT csv, HEADER)", k_tx, 0,
       "FROM STDIN"},
      {"crossed spelling from stdout", "COPY t FROM STDOUT", k_tx, 0, "FROM STDIN"},
      {"comments between", "/* c */ COPY /* x */ t -- y\n FROM /* z */ STDIN", k_tx, 8,
       "FROM STDIN"},
      {"binary old syntax", "COPY BINARY t FROM STDIN", k_tx, 0, "FROM STDIN"},
      {"table named stdin from stdin", "COPY stdin FROM stdin", k_tx, 0, "FROM STDIN"},
      {"from a server file", "COPY t FROM '/data/t.csv'", k_tx, -1},
      {"to a server file", "COPY (SELECT 1) TO '/tmp/x'", k_tx, -1},
      {"from program", "COPY t FROM PROGRAM 'cat stdin'", k_tx, -1},
      {"table named stdin", "COPY stdin FROM '/x'", k_tx, -1},
      {"stdin inside the query", "COPY (SELECT stdin FROM t) TO '/x'", k_tx, -1},
      {"column named stdout", "COPY t (\"to\", stdout) FROM '/x'", k_tx, -1},
      {"in a string", "SELECT 'COPY t FROM STDIN'", k_tx, -1},
      {"in a dollar quote", "DO $$ BEGIN EXECUTE 'COPY t FROM STDIN'; END $$", k_tx, -1},
      {"in a tagged dollar quote", "SELECT $q$;COPY t FROM STDIN;$q$", k_tx, -1},
      {"in a comment", "-- COPY t FROM STDIN\n/* COPY t TO STDOUT */ SELECT 1", k_tx, -1},
      {"quoted identifier", "SELECT \"COPY t FROM STDIN\"", k_tx, -1},
      {"not at statement start", "SELECT copy FROM stdin", k_tx, -1},
      {"word that starts with copy", "COPYX t FROM STDIN", k_tx, -1},
      {"unterminated text is left to the server", "COPY t FROM STDIN; SELECT 'oops", k_tx, -1},
      {"unterminated text after it", "COPY t FROM STDIN; SELECT 'oops", k_autocommit, 0,
       "FROM STDIN"},
      {"unterminated text before it", "SELECT 'oops; COPY t FROM STDIN", k_autocommit, -1},
  };
  for (const CheckRow& row : rows) {
    auto problem = find_refused_statement(row.sql, row.transactional);
    if (row.offset < 0) {
      EXPECT_FALSE(problem.has_value()) << row.name << ": " << problem->message;
      continue;
    }
    ASSERT_TRUE(problem.has_value()) << row.name;
    EXPECT_EQ(problem->offset, static_cast<std::size_t>(row.offset)) << row.name;
    EXPECT_NE(problem->message.find(row.message_part), std::string::npos)
        << row.name << ": " << problem->message;
    EXPECT_FALSE(problem->hint.empty()) << row.name;
  }
}

TEST(StatementChecks, RefusesStandardConformingStringsOffWhereRetortSplits) {
  const std::vector<CheckRow> rows = {
      {"set off", "SET standard_conforming_strings = off", k_autocommit, 0, "transaction:false"},
      {"set to false", "SET standard_conforming_strings TO false", k_autocommit, 0},
      {"set session", "set session STANDARD_CONFORMING_STRINGS = 'off'", k_autocommit, 0},
      {"set local", "SET LOCAL standard_conforming_strings = off", k_autocommit, 0},
      {"quoted name", "SET \"standard_conforming_strings\" = off", k_autocommit, 0},
      {"zero", "SET standard_conforming_strings = 0", k_autocommit, 0},
      {"no", "SET standard_conforming_strings = no", k_autocommit, 0},
      {"prefix of false", "SET standard_conforming_strings = 'F'", k_autocommit, 0},
      {"escape string", "SET standard_conforming_strings = E'off'", k_autocommit, 0},
      {"after statements", "SELECT 1;\nSET standard_conforming_strings = off;\nSELECT 'a\\';",
       k_autocommit, 10},
      {"set_config", "SELECT set_config('standard_conforming_strings', 'off', false)", k_autocommit,
       7, "set_config"},
      {"set_config local",
       "SELECT pg_catalog.set_config('standard_conforming_strings', 'off', "
       "true)",
       k_autocommit, 18},
      {"session set in a transactional section", "SET standard_conforming_strings = off", k_tx, 0,
       "outlasts this section"},
      {"set_config session in a transactional section",
       "SELECT set_config('standard_conforming_strings', 'off', false)", k_tx, 7},
      {"set on", "SET standard_conforming_strings = on", k_autocommit, -1},
      {"set true", "SET standard_conforming_strings TO 'true'", k_autocommit, -1},
      {"reset", "RESET standard_conforming_strings", k_autocommit, -1},
      {"default", "SET standard_conforming_strings TO DEFAULT", k_autocommit, -1},
      {"other setting", "SET escape_string_warning = off", k_autocommit, -1},
      {"show", "SHOW standard_conforming_strings", k_autocommit, -1},
      {"set local in a transactional section", "SET LOCAL standard_conforming_strings = off", k_tx,
       -1},
      {"set_config local in a transactional section",
       "SELECT set_config('standard_conforming_strings', 'off', true)", k_tx, -1},
      {"in a string", "SELECT 'SET standard_conforming_strings = off'", k_autocommit, -1},
      {"in a comment", "/* SET standard_conforming_strings = off */ SELECT 1", k_autocommit, -1},
      {"explains the unterminated string after it",
       "SET standard_conforming_strings = off; INSERT INTO t VALUES ('a\\b\'cd'); "
       "INSERT INTO t VALUES ('e');",
       k_autocommit, 0},
  };
  for (const CheckRow& row : rows) {
    auto problem = find_refused_statement(row.sql, row.transactional);
    if (row.offset < 0) {
      EXPECT_FALSE(problem.has_value()) << row.name << ": " << problem->message;
      continue;
    }
    ASSERT_TRUE(problem.has_value()) << row.name;
    EXPECT_EQ(problem->offset, static_cast<std::size_t>(row.offset)) << row.name;
    EXPECT_NE(problem->message.find("standard_conforming_strings"), std::string::npos)
        << row.name << ": " << problem->message;
    EXPECT_NE(problem->message.find(row.message_part), std::string::npos)
        << row.name << ": " << problem->message;
  }
}

TEST(StatementChecks, ReportsTheFirstRefusedStatement) {
  auto problem = find_refused_statement(
      "COPY a TO STDOUT; SET standard_conforming_strings = off; COPY b FROM STDIN", false);
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ(problem->offset, 0u);
  EXPECT_NE(problem->message.find("TO STDOUT"), std::string::npos);
}

TEST(StatementChecks, SectionErrorPointsAtTheFileLineAndColumn) {
  Section section{.sql = "CREATE TABLE t (a int);\n  -- load\n  Copy t FROM stdin;\n",
                  .marker_line = 4,
                  .first_line = 5,
                  .transactional = true};
  try {
    check_section_statements(section, "migrations/a_x.sql");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::migration_file);
    ASSERT_TRUE(error.location().has_value());
    EXPECT_EQ(error.location()->to_string(), "migrations/a_x.sql:7:3");
    EXPECT_NE(error.hint().find("INSERT"), std::string::npos);
  }
  section.sql = "SELECT 'é'; COPY t TO STDOUT";
  section.first_line = 3;
  try {
    check_section_statements(section, "f.sql");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    // Columns count characters: 'é' is two bytes.
    EXPECT_EQ(error.location()->to_string(), "f.sql:3:13");
  }
  section.sql = "SELECT 1; -- COPY t FROM STDIN\n";
  EXPECT_NO_THROW(check_section_statements(section, "f.sql"));
}

}  // namespace
}  // namespace retort::sql
