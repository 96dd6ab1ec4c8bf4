// Hostile and broken input, end to end: the retort binary on real migration
// files, online against the server the suite starts and offline (--sql).
// Every case ends with exit 2, one line that names the input and says what
// is wrong, and no hang: each run has a time limit (timed_run.hpp). Hostile
// servers and connections: hostile_server_test.cpp.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "support/pg_server.hpp"
#include "support/project.hpp"
#include "support/timed_run.hpp"

namespace retort::testing {
namespace {

using namespace std::chrono_literals;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// --- migration files (lib/src/files/, lib/src/sql/statement_checks.*) ------

// A project on a fresh database (or, without PostgreSQL, on a URL that is
// never used: the offline cases do not connect).
class HostileFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    server = PgServer::shared();
    url = server != nullptr ? server->create_database() : "postgresql://unused@127.0.0.1:1/none";
    project = std::make_unique<MigrationProject>(url);
  }
  // Online runs need the server.
  bool online() const { return server != nullptr; }

  TimedResult retort(std::vector<std::string> args, std::chrono::milliseconds limit = 60s) const {
    std::vector<std::string> full{"-c", project->config_path(), "--url", url};
    full.insert(full.end(), args.begin(), args.end());
    ProcessOptions options;
    options.unset_env = {"DATABASE_URL", "DB_URL", "RETORT_CONFIG", "RETORT_URL"};
    return run_retort_within(full, limit, options);
  }

  std::string path_of(const std::string& name) const {
    return project->migrations_dir() + "/" + name;
  }

  PgServer* server = nullptr;
  std::string url;
  std::unique_ptr<MigrationProject> project;
};

#define REQUIRE_ONLINE()                                                       \
  if (!online()) {                                                             \
    if (postgres_required()) FAIL() << "PostgreSQL is required under CI=true"; \
    GTEST_SKIP() << "PostgreSQL is not available";                             \
  }

// Expects a refusal of the input at `where` ("file:line:col"): exit 2, the
// location and `what` on the first line, nothing applied.
void expect_refused(const TimedResult& run, const std::string& where, const std::string& what) {
  ASSERT_FALSE(run.timed_out) << "hung";
  EXPECT_EQ(run.result.exit_code, 2) << run.result.err;
  EXPECT_EQ(first_line(run.result.err).rfind("error: " + where + ": ", 0), 0u) << run.result.err;
  EXPECT_TRUE(contains(first_line(run.result.err), what)) << run.result.err;
  EXPECT_TRUE(contains(run.result.err, "hint: ")) << run.result.err;
}

constexpr const char* k_copy_file =
    "-- revision: bbbb\n-- down_revision: aaaa\n\n-- migrate:upgrade\n"
    "CREATE TABLE loaded (a text);\n"
    "/* the data follows */ copy loaded (a) FROM stdin WITH (FORMAT csv);\n"
    "one\ntwo\n\\.\n";

TEST_F(HostileFiles, CopyFromStdinIsRefusedBeforeAnythingRunsOnline) {
  REQUIRE_ONLINE();
  project->add(table_revision("aaaa"));
  project->add_file("002_bbbb.sql", k_copy_file);
  const TimedResult run = retort({"upgrade", "head"});
  expect_refused(run, path_of("002_bbbb.sql") + ":6:24", "COPY ... FROM STDIN waits for data");
  EXPECT_TRUE(contains(run.result.err, "\\copy")) << run.result.err;
  EXPECT_FALSE(project->table_exists("public.t_aaaa")) << "an earlier step ran";
  EXPECT_TRUE(project->rows().empty());
}

TEST_F(HostileFiles, CopyFromStdinIsRefusedInTheOfflineScript) {
  project->add(table_revision("aaaa"));
  project->add_file("002_bbbb.sql", k_copy_file);
  const TimedResult run = retort({"upgrade", "head", "--sql"});
  expect_refused(run, path_of("002_bbbb.sql") + ":6:24", "COPY ... FROM STDIN");
  EXPECT_TRUE(run.result.out.empty()) << run.result.out;
}

TEST_F(HostileFiles, CopyToStdoutInATransactionFalseSectionIsRefused) {
  REQUIRE_ONLINE();
  project->add_file("001_aaaa.sql",
                    "-- revision: aaaa\n-- down_revision:\n\n-- migrate:upgrade transaction:false\n"
                    "CREATE TABLE t (a int);\nSELECT 'COPY t TO STDOUT; --';\n"
                    "COPY (SELECT a FROM t) TO STDOUT;\n");
  expect_refused(retort({"upgrade", "head"}), path_of("001_aaaa.sql") + ":7:1",
                 "COPY ... TO STDOUT sends rows");
  EXPECT_FALSE(project->table_exists("public.t"));
  expect_refused(retort({"upgrade", "head", "--sql"}), path_of("001_aaaa.sql") + ":7:1",
                 "COPY ... TO STDOUT");
}

TEST_F(HostileFiles, CopyInADowngradeIsRefusedBeforeItRuns) {
  REQUIRE_ONLINE();
  MigrationSpec spec = table_revision("aaaa");
  spec.downgrade_sql = "DROP TABLE t_aaaa;\nCOPY t_aaaa TO STDOUT;";
  project->add(spec);
  ASSERT_EQ(retort({"upgrade", "head"}).result.exit_code, 0);
  const TimedResult run = retort({"downgrade", "base"});
  expect_refused(run, path_of("001_aaaa.sql") + ":10:1", "COPY ... TO STDOUT");
  EXPECT_TRUE(project->table_exists("public.t_aaaa"));
}

TEST_F(HostileFiles, StandardConformingStringsOffIsRefusedInATransactionFalseSection) {
  REQUIRE_ONLINE();
  project->add_file("001_aaaa.sql",
                    "-- revision: aaaa\n-- down_revision:\n\n-- migrate:upgrade transaction:false\n"
                    "CREATE TABLE t (a text);\n"
                    "SET standard_conforming_strings = off;\n"
                    "INSERT INTO t VALUES ('a\\\\b\\'cd'); INSERT INTO t VALUES ('e');\n");
  for (const auto& args : {std::vector<std::string>{"upgrade", "head"},
                           std::vector<std::string>{"upgrade", "head", "--sql"}}) {
    expect_refused(retort(args), path_of("001_aaaa.sql") + ":6:1",
                   "SET standard_conforming_strings = off in a transaction:false section");
  }
  EXPECT_FALSE(project->table_exists("public.t"));
}

TEST_F(HostileFiles, SessionLevelStringsSettingInATransactionalSectionIsRefused) {
  project->add_file("001_aaaa.sql",
                    "-- revision: aaaa\n-- down_revision:\n\n-- migrate:upgrade\n"
                    "SELECT set_config('standard_conforming_strings', 'off', false);\n");
  expect_refused(retort({"upgrade", "head", "--sql"}), path_of("001_aaaa.sql") + ":5:8",
                 "outlasts this section");
}

TEST_F(HostileFiles, EscapeStringsAndSetLocalSplitAndRunAsWritten) {
  REQUIRE_ONLINE();
  project->add_file("001_aaaa.sql",
                    "-- revision: aaaa\n-- down_revision:\n\n-- migrate:upgrade\n"
                    "CREATE TABLE t (n int, a text);\n"
                    "SET LOCAL standard_conforming_strings = off;\n");
  project->add_file("002_bbbb.sql",
                    "-- revision: bbbb\n-- down_revision: aaaa\n\n"
                    "-- migrate:upgrade transaction:false\n"
                    "INSERT INTO t VALUES (1, E'x\\';y');\n"
                    "INSERT INTO t VALUES (2, e'\\\\'); INSERT INTO t VALUES (3, 'z\\');\n"
                    "INSERT INTO t VALUES (4, E'it''s;');\n");
  const TimedResult run = retort({"upgrade", "head"});
  ASSERT_FALSE(run.timed_out);
  ASSERT_EQ(run.result.exit_code, 0) << run.result.err;
  EXPECT_EQ(project->query("SELECT string_agg(a, '|' ORDER BY n) FROM t"),
            std::vector<std::string>{"x';y|\\|z\\|it's;"});
}

TEST_F(HostileFiles, AliasBombInAHeaderIsRefusedAtTheKey) {
  std::string text =
      "-- revision: aaaa\n-- down_revision:\n-- x0: &a0 [x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level <= 9; ++level) {
    std::string items;
    for (int i = 0; i < 9; ++i) items += fmt::format("{}*a{}", i == 0 ? "" : ", ", level - 1);
    text += fmt::format("-- x{}: &a{} [{}]\n", level, level, items);
  }
  project->add_file("001_aaaa.sql", text + "\n-- migrate:upgrade\nSELECT 1;\n");
  const TimedResult run = retort({"history"}, 20s);
  expect_refused(run, path_of("001_aaaa.sql") + ":3:4", "unknown header key 'x0'");
  EXPECT_LT(run.seconds, 10.0);
}

TEST_F(HostileFiles, DeeplyNestedHeaderIsRefusedAtTheKey) {
  project->add_file("001_aaaa.sql", "-- revision: aaaa\n-- down_revision:\n-- depends_on: " +
                                        std::string(20000, '[') + std::string(20000, ']') +
                                        "\n\n-- migrate:upgrade\nSELECT 1;\n");
  expect_refused(retort({"heads"}, 20s), path_of("001_aaaa.sql") + ":3:4",
                 "the value of header key 'depends_on' is nested too deeply");
}

TEST_F(HostileFiles, NonRegularSqlEntriesAreRefusedByNameWithoutHanging) {
  project->add(table_revision("aaaa"));
  const std::string fifo = path_of("002_pipe.sql");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  expect_refused(retort({"heads"}, 20s), fifo, "is a FIFO (named pipe), not a migration file");
  std::filesystem::remove(fifo);

  std::filesystem::create_directory(path_of("002_dir.sql"));
  expect_refused(retort({"upgrade", "head", "--sql"}, 20s), path_of("002_dir.sql"),
                 "is a directory, not a migration file");
  std::filesystem::remove(path_of("002_dir.sql"));

  std::filesystem::create_symlink("nowhere.sql", path_of("002_link.sql"));
  expect_refused(retort({"history"}, 20s), path_of("002_link.sql"),
                 "it is a link to 'nowhere.sql', which does not exist");
}

// --- targets: an empty label before '@' ------------------------------------

TEST_F(HostileFiles, EmptyLabelBeforeHeadIsHeadAsInAlembic) {
  // Alembic 1.8.1 splits "@head" into the label "" and "head", and an empty
  // label filters nothing: `alembic upgrade @head` is `upgrade head`, online
  // and with --sql.
  project->add(table_revision("aaaa"));
  project->add(table_revision("bbbb", {"aaaa"}));
  const TimedResult plain = retort({"upgrade", "head", "--sql"});
  const TimedResult at = retort({"upgrade", "@head", "--sql"});
  ASSERT_EQ(at.result.exit_code, 0) << at.result.err;
  EXPECT_EQ(at.result.out, plain.result.out);
  const TimedResult lone = retort({"upgrade", "@", "--sql"});
  EXPECT_EQ(lone.result.exit_code, 2) << lone.result.err;
  EXPECT_TRUE(contains(first_line(lone.result.err), "''")) << lone.result.err;  // Alembic crashes
  REQUIRE_ONLINE();
  const TimedResult online = retort({"upgrade", "@head"});
  ASSERT_EQ(online.result.exit_code, 0) << online.result.err;
  EXPECT_EQ(project->rows(), std::vector<std::string>{"bbbb"});
}

}  // namespace
}  // namespace retort::testing
