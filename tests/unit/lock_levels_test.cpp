// relation_locks(): the lock each statement takes, on PostgreSQL's own parse trees.
#include <gtest/gtest.h>

#include "lint/lock_levels.hpp"
#include "lint/sql_parser.hpp"

namespace retort::lint {
namespace {

std::vector<RelationLock> locks_of(const std::string& sql) {
  const ParseResult parsed = parse_sql(sql);
  EXPECT_FALSE(parsed.error) << sql;
  if (parsed.error || parsed.statements.size() != 1) return {};
  return relation_locks(parsed.statements[0].tree);
}

struct LockCase {
  const char* sql;
  LockMode mode;
  const char* relation;
};

TEST(LockLevels, EachStatementTakesTheManualsLock) {
  const LockCase cases[] = {
      {"CREATE INDEX i ON app.t (c)", LockMode::share, "t"},
      {"CREATE INDEX CONCURRENTLY i ON t (c)", LockMode::share_update_exclusive, "t"},
      {"ALTER TABLE t ADD COLUMN c int", LockMode::access_exclusive, "t"},
      {"ALTER TABLE t ALTER COLUMN c SET NOT NULL", LockMode::access_exclusive, "t"},
      {"ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES p (id) NOT VALID",
       LockMode::share_row_exclusive, "t"},
      {"ALTER TABLE t VALIDATE CONSTRAINT f", LockMode::share_update_exclusive, "t"},
      {"ALTER TABLE t ALTER COLUMN c SET STATISTICS 100, ADD COLUMN d int",
       LockMode::access_exclusive, "t"},
      {"ALTER TABLE t ALTER COLUMN c SET STATISTICS 100", LockMode::share_update_exclusive, "t"},
      {"ALTER TABLE t DETACH PARTITION p CONCURRENTLY", LockMode::share_update_exclusive, "t"},
      {"ALTER TABLE t RENAME COLUMN a TO b", LockMode::access_exclusive, "t"},
      {"DROP TABLE s.t", LockMode::access_exclusive, "t"},
      {"DROP INDEX CONCURRENTLY i", LockMode::share_update_exclusive, "i"},
      {"TRUNCATE t", LockMode::access_exclusive, "t"},
      {"VACUUM FULL t", LockMode::access_exclusive, "t"},
      {"VACUUM t", LockMode::share_update_exclusive, "t"},
      {"CLUSTER t USING i", LockMode::access_exclusive, "t"},
      {"REINDEX TABLE t", LockMode::share, "t"},
      {"REINDEX INDEX i", LockMode::access_exclusive, "i"},
      {"REINDEX TABLE CONCURRENTLY t", LockMode::share_update_exclusive, "t"},
      {"LOCK TABLE t IN SHARE MODE", LockMode::share, "t"},
      {"LOCK TABLE t", LockMode::access_exclusive, "t"},
      {"UPDATE t SET a = 1", LockMode::row_exclusive, "t"},
  };
  for (const auto& expected : cases) {
    SCOPED_TRACE(expected.sql);
    const auto locks = locks_of(expected.sql);
    ASSERT_FALSE(locks.empty());
    EXPECT_EQ(locks[0].relation, expected.relation);
    EXPECT_STREQ(lock_mode_name(locks[0].mode), lock_mode_name(expected.mode));
  }
}

TEST(LockLevels, SchemasAndReferencedTablesAreNamed) {
  const auto index = locks_of("CREATE INDEX i ON app.t (c)");
  ASSERT_EQ(index.size(), 1u);
  EXPECT_EQ(index[0].schema, "app");
  const auto foreign = locks_of("ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES billing.p (id)");
  ASSERT_EQ(foreign.size(), 2u);
  EXPECT_EQ(foreign[1], (RelationLock{LockMode::share_row_exclusive, "billing", "p"}));
}

TEST(LockLevels, NewObjectsAndSessionStatementsLockNothingThatExists) {
  for (const char* sql : {"CREATE TABLE t (id int)", "SET lock_timeout = '2s'", "BEGIN", "SELECT 1",
                          "CREATE SCHEMA s"}) {
    EXPECT_TRUE(locks_of(sql).empty()) << sql;
  }
  EXPECT_TRUE(blocks_reads(LockMode::access_exclusive));
  EXPECT_FALSE(blocks_reads(LockMode::share));
  EXPECT_TRUE(blocks_writes(LockMode::share));
  EXPECT_FALSE(blocks_writes(LockMode::share_update_exclusive));
}

}  // namespace
}  // namespace retort::lint
