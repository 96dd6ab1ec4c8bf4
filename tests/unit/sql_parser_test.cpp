// parse_sql(): PostgreSQL's grammar through libpg_query.
#include <gtest/gtest.h>

#include "lint/sql_parser.hpp"

namespace retort::lint {
namespace {

TEST(SqlParser, GivesEachStatementItsPlaceAndTree) {
  const std::string sql =
      "-- a comment\nALTER TABLE t ADD COLUMN c int NOT NULL;\n"
      "CREATE INDEX i ON t (c);\nSELECT 'a;b'";
  const ParseResult result = parse_sql(sql);
  ASSERT_FALSE(result.error) << result.error->message;
  ASSERT_EQ(result.statements.size(), 3u);
  EXPECT_TRUE(result.statements[0].tree.contains("AlterTableStmt"));
  EXPECT_TRUE(result.statements[1].tree.contains("IndexStmt"));
  EXPECT_TRUE(result.statements[2].tree.contains("SelectStmt"));
  const auto& index = result.statements[1];
  EXPECT_EQ(sql.substr(index.offset, index.length).find("CREATE INDEX"), 1u)
      << sql.substr(index.offset, index.length);
  const auto& last = result.statements[2];
  EXPECT_EQ(sql.substr(last.offset, last.length), "\nSELECT 'a;b'");
  EXPECT_EQ(result.grammar_version / 10000, grammar_major_version());
}

TEST(SqlParser, ASyntaxErrorNamesTheTokenAndItsOffset) {
  const std::string sql = "CREATE TABLE t (id int);\nALTER TABEL t ADD c int;";
  const ParseResult result = parse_sql(sql);
  ASSERT_TRUE(result.error);
  EXPECT_TRUE(result.statements.empty());
  EXPECT_NE(result.error->message.find("TABEL"), std::string::npos) << result.error->message;
  ASSERT_TRUE(result.error->offset);
  EXPECT_EQ(sql.substr(*result.error->offset, 5), "TABEL");
}

TEST(SqlParser, TheGrammarIsAKnownVersion) {
  EXPECT_GE(grammar_major_version(), 13);
  EXPECT_TRUE(parse_sql("").statements.empty());
  EXPECT_FALSE(parse_sql("").error);
}

}  // namespace
}  // namespace retort::lint
