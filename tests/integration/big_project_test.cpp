// A project above CommandContext::k_sql_kept_up_to_files: the loader keeps
// the headers and checks the sections but drops their SQL, and every command
// that runs or checks SQL reads the files again (reload_sql). Run against a
// real server, so a step whose SQL went missing would show as a missing
// table, an index not built or a wrong checksum.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "retort/command_context.hpp"
#include "support/project.hpp"

namespace retort::testing {
namespace {

using Rows = std::vector<std::string>;

constexpr int k_revisions = static_cast<int>(k_sql_kept_up_to_files) + 100;

std::string id_of(int seq) {
  return fmt::format("r{:06d}", seq);
}

std::string file_name(int seq) {
  return fmt::format("{:06d}_{}.sql", seq, id_of(seq));
}

// Revision `seq` creates t_<id>; the last one builds an index outside a
// transaction (its statements are split from the reloaded text).
std::string file_text(int seq) {
  std::string text = fmt::format("-- revision: {}\n-- down_revision: {}\n-- message: step {}\n\n",
                                 id_of(seq), seq == 0 ? "" : id_of(seq - 1), seq);
  if (seq == k_revisions - 1) {
    text += fmt::format(
        "-- migrate:upgrade transaction:false\nCREATE TABLE t_{0} (id int);\n"
        "CREATE INDEX CONCURRENTLY ix_{0} ON t_{0} (id);\n\n"
        "-- migrate:downgrade\nDROP TABLE t_{0};\n",
        id_of(seq));
  } else {
    text += fmt::format(
        "-- migrate:upgrade\nCREATE TABLE t_{0} (id int);\nINSERT INTO t_{0} VALUES ({1});\n\n"
        "-- migrate:downgrade\nDROP TABLE t_{0};\n",
        id_of(seq), seq);
  }
  return text;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class BigProject : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_PG(pg);
    project = std::make_unique<MigrationProject>(pg->create_database());
    for (int seq = 0; seq < k_revisions; ++seq) project->add_file(file_name(seq), file_text(seq));
  }
  std::string table_count() const {
    return project->query("SELECT count(*) FROM pg_tables WHERE tablename LIKE 't_r%'").at(0);
  }
  std::unique_ptr<MigrationProject> project;
};

TEST_F(BigProject, UpgradeRunsEveryStepsSqlReadAgain) {
  auto result = project->retort({"-q", "upgrade", "head"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(project->rows(), (Rows{id_of(k_revisions - 1)}));
  EXPECT_EQ(table_count(), std::to_string(k_revisions));
  EXPECT_EQ(project->query("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_" +
                           id_of(k_revisions - 1) + "'"),
            (Rows{"1"}));
  EXPECT_EQ(project->query("SELECT id FROM t_" + id_of(1234)), (Rows{"1234"}));
  // A no-op run reads no SQL and changes nothing.
  auto again = project->retort({"upgrade", "head"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(table_count(), std::to_string(k_revisions));
}

TEST_F(BigProject, DowngradeAndOfflineScriptsCarryTheSql) {
  ASSERT_EQ(project->retort({"-q", "upgrade", "head"}).exit_code, 0);
  auto down = project->retort({"-q", "downgrade", "-3"});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(project->rows(), (Rows{id_of(k_revisions - 4)}));
  EXPECT_EQ(table_count(), std::to_string(k_revisions - 3));
  auto offline =
      project->retort({"upgrade", id_of(k_revisions - 4) + ":" + id_of(k_revisions - 2), "--sql"});
  ASSERT_EQ(offline.exit_code, 0) << offline.err;
  EXPECT_TRUE(contains(offline.out, "CREATE TABLE t_" + id_of(k_revisions - 2))) << offline.out;
  EXPECT_TRUE(contains(offline.out, "INSERT INTO t_" + id_of(k_revisions - 3))) << offline.out;
}

TEST_F(BigProject, CheckComparesTheFilesAgainstTheRecordedChecksums) {
  ASSERT_EQ(project->retort({"-q", "upgrade", "head"}).exit_code, 0);
  auto clean = project->retort({"check"});
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  // Edit an applied revision's SQL: check must see it, so it read the file.
  std::string edited = file_text(42);
  edited.replace(edited.find("VALUES (42)"), 11, "VALUES (43)");
  std::ofstream(project->dir().path() / "migrations" / file_name(42)) << edited;
  auto drift = project->retort({"check"});
  EXPECT_NE(drift.exit_code, 0) << drift.out;
  EXPECT_TRUE(contains(drift.out + drift.err, id_of(42))) << drift.out << drift.err;
}

TEST_F(BigProject, ListingsAndLintSeeEveryRevision) {
  auto heads = project->retort({"heads"});
  ASSERT_EQ(heads.exit_code, 0) << heads.err;
  EXPECT_TRUE(contains(heads.out, id_of(k_revisions - 1))) << heads.out;
  // lint reads all the SQL: the CONCURRENTLY section is fine outside a
  // transaction, and CREATE TABLE of a new table raises nothing.
  auto lint = project->retort({"lint", "--format", "json"});
  EXPECT_EQ(lint.exit_code, 0) << lint.out << lint.err;
  EXPECT_TRUE(contains(lint.out, "\"findings\"")) << lint.out;
}

}  // namespace
}  // namespace retort::testing
