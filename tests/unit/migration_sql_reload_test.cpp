// load_migrations() with LoadOptions: SQL checked but not kept above the
// limit, and reload_sql() reading it again (or refusing a changed file).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "retort/error.hpp"
#include "retort/migration_files.hpp"
#include "support/temp_dir.hpp"

namespace retort {
namespace {

using testing::TempDir;

const char* const k_first =
    "-- revision: aaaa\n-- down_revision:\n-- message: first\n\n"
    "-- migrate:upgrade\nCREATE TABLE a (id int);\n\n"
    "-- migrate:downgrade transaction:false\nDROP TABLE a;\n";
const char* const k_second =
    "-- revision: bbbb\n-- down_revision: aaaa\n\n-- migrate:upgrade\nSELECT 2;\n";

TEST(MigrationSqlReload, AboveTheLimitSectionsKeepTheirPlaceButNotTheirSql) {
  TempDir dir;
  dir.write("1_a.sql", k_first);
  dir.write("2_b.sql", k_second);
  auto kept = load_migrations(dir.path(), LoadOptions{2});
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_TRUE(kept[0].sql_kept);
  EXPECT_EQ(kept[0].upgrade.sql, "CREATE TABLE a (id int);\n\n");

  auto dropped = load_migrations(dir.path(), LoadOptions{1});
  ASSERT_EQ(dropped.size(), 2u);
  const Revision& first = dropped[0];
  EXPECT_FALSE(first.sql_kept);
  EXPECT_TRUE(first.upgrade.sql.empty());
  ASSERT_TRUE(first.downgrade.has_value());
  EXPECT_TRUE(first.downgrade->sql.empty());
  EXPECT_EQ(first.upgrade.marker_line, kept[0].upgrade.marker_line);
  EXPECT_EQ(first.upgrade.first_line, kept[0].upgrade.first_line);
  EXPECT_FALSE(first.downgrade->transactional);
  EXPECT_EQ(first.message, "first");

  Revision again = reload_sql(first);
  EXPECT_TRUE(again.sql_kept);
  EXPECT_EQ(again.upgrade.sql, kept[0].upgrade.sql);
  EXPECT_EQ(again.downgrade->sql, kept[0].downgrade->sql);
  EXPECT_EQ(again.path, first.path);
  // A revision whose SQL was kept comes back as it is.
  EXPECT_EQ(reload_sql(kept[1]).upgrade.sql, "SELECT 2;\n");
}

TEST(MigrationSqlReload, EveryFileIsStillCheckedWhenItsSqlIsNotKept) {
  TempDir dir;
  dir.write("1_a.sql", k_first);
  dir.write("2_b.sql", "-- revision: bbbb\n-- down_revision: aaaa\n\nSELECT 1;\n");
  try {
    load_migrations(dir.path(), LoadOptions{0});
    FAIL() << "SQL before the first section was not refused";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::migration_file);
    EXPECT_NE(error.message().find("before the first"), std::string::npos) << error.message();
    ASSERT_TRUE(error.location().has_value());
    EXPECT_EQ(error.location()->line, 4);
  }
}

TEST(MigrationSqlReload, AFileThatChangedItsParentsIsRefused) {
  TempDir dir;
  dir.write("1_a.sql", k_first);
  dir.write("2_b.sql", k_second);
  auto dropped = load_migrations(dir.path(), LoadOptions{0});
  // Only the SQL changed: read again without complaint.
  dir.write("2_b.sql",
            "-- revision: bbbb\n-- down_revision: aaaa\n\n-- migrate:upgrade\nSELECT 3;\n");
  EXPECT_EQ(reload_sql(dropped[1]).upgrade.sql, "SELECT 3;\n");
  // The parents changed: the plan made from the first reading no longer holds.
  dir.write("2_b.sql", "-- revision: bbbb\n-- down_revision:\n\n-- migrate:upgrade\nSELECT 3;\n");
  try {
    reload_sql(dropped[1]);
    FAIL() << "a changed down_revision was not refused";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::migration_file);
    EXPECT_NE(error.message().find("changed while retort ran"), std::string::npos)
        << error.message();
  }
  // The file is gone.
  std::filesystem::remove(dir.path() / "2_b.sql");
  try {
    reload_sql(dropped[1]);
    FAIL() << "a missing file was not refused";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::io);
  }
}

}  // namespace
}  // namespace retort
