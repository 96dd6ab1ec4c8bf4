// Offline mode (`--sql`, docs/alembic-semantics.md §6.3, §8 #39-#41) on the
// diamond D1 (a <- b1 (left), a <- b2 (right), m = (b1, b2), m <- c): the
// script's shape, that nothing touches a database, the usage errors, and that
// piping the script into psql gives what an online run gives.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "support/graph_projects.hpp"

namespace retort::testing {
namespace {

// Regexes for the version-table statements, whatever the quoting of the
// table name ("public"."alembic_version" or alembic_version).
std::string insert_re(const std::string& id) {
  return R"(INSERT INTO [^;]*alembic_version"? \(version_num\) VALUES \(')" + id + R"('\))";
}
std::string update_re(const std::string& from, const std::string& to) {
  return R"(UPDATE [^;]*alembic_version"? SET version_num ?= ?')" + to +
         R"(' WHERE [^;]*version_num ?= ?')" + from + "'";
}
std::string delete_re(const std::string& id) {
  return R"(DELETE FROM [^;]*alembic_version"? WHERE [^;]*version_num ?= ?')" + id + "'";
}
std::string escape_re(const std::string& text) {
  static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
  return std::regex_replace(text, special, R"(\$&)");
}
// Literal text as a pattern.
std::string text_re(const std::string& text) {
  return escape_re(text);
}

// Empty when every pattern matches in `text`, each after the previous one;
// otherwise the first pattern that does not.
std::string first_missing_in_order(const std::string& text,
                                   const std::vector<std::string>& patterns) {
  std::size_t from = 0;
  for (const auto& pattern : patterns) {
    std::smatch match;
    std::string rest = text.substr(from);
    if (!std::regex_search(rest, match, std::regex(pattern))) return pattern;
    from += static_cast<std::size_t>(match.position(0) + match.length(0));
  }
  return {};
}

bool matches(const std::string& text, const std::string& pattern) {
  return std::regex_search(text, std::regex(pattern));
}

std::string psql_binary() {
  for (const char* candidate :
       {"/usr/lib/postgresql/15/bin/psql", "/usr/lib/postgresql/16/bin/psql",
        "/usr/lib/postgresql/17/bin/psql"}) {
    if (std::filesystem::exists(candidate)) return candidate;
  }
  return "psql";
}

// Runs `script` with psql on `url`, stopping at the first error.
ProcessResult run_psql(const std::string& url, const std::string& script) {
  ProcessOptions options;
  options.stdin_text = script;
  return run_process({psql_binary(), "-v", "ON_ERROR_STOP=1", "-X", "-q", "-d", url, "-f", "-"},
                     options);
}

class OfflineDiamond : public GraphDatabaseTest {
 protected:
  void add_graph(MigrationProject& into) override { add_diamond_graph(into); }

  void SetUp() override {
    GraphDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // A project whose URL names a database that does not exist: offline
    // commands must succeed without ever connecting.
    std::string url = server->admin_url();
    auto slash = url.find("/postgres");
    ASSERT_NE(slash, std::string::npos) << url;
    url.replace(slash + 1, 8, k_missing_database);
    offline = std::make_unique<MigrationProject>(url);
    add_diamond_graph(*offline);
  }

  bool missing_database_exists() const {
    return PgServer::query(server->admin_url(),
                           std::string("SELECT count(*) FROM pg_database WHERE datname = '") +
                               k_missing_database + "'") != Rows{"0"};
  }

  // A second fresh database with run_log, for comparing with an online run.
  std::string fresh_database() const {
    std::string url = server->create_database();
    create_run_log(url);
    return url;
  }
  static Rows query(const std::string& url, const std::string& sql) {
    return PgServer::query(url, sql);
  }
  static std::string log_of(const std::string& url) {
    return query(url, "SELECT coalesce(string_agg(rev, ',' ORDER BY n), '') FROM run_log")[0];
  }
  static Rows rows_of(const std::string& url) {
    auto values = query(url, "SELECT version_num FROM alembic_version ORDER BY 1");
    return values;
  }
  static std::string history_of(const std::string& url) {
    return query(url,
                 "SELECT coalesce(string_agg(revision || ':' || direction, ',' ORDER BY id), '') "
                 "FROM retort_history")[0];
  }

  static constexpr const char* k_missing_database = "retort_no_such_database";
  std::unique_ptr<MigrationProject> offline;
};

TEST_F(OfflineDiamond, UpgradeHeadPrintsTheWholeScriptWithoutADatabase) {  // §8 #39
  auto result = offline->retort({"upgrade", "head", "--sql"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.out.starts_with("BEGIN;")) << result.out;
  EXPECT_TRUE(result.out.ends_with("COMMIT;\n")) << result.out;
  EXPECT_EQ(first_missing_in_order(
                result.out,
                {text_re("BEGIN;"), R"(CREATE TABLE [^;]*alembic_version)",
                 text_re("-- Running upgrade  -> a"), text_re("CREATE TABLE t_a (id int);"),
                 insert_re("a"), text_re("-- Running upgrade a -> b2"),
                 text_re("CREATE TABLE t_b2 (id int);"), update_re("a", "b2"),
                 text_re("-- Running upgrade a -> b1"), text_re("CREATE TABLE t_b1 (id int);"),
                 insert_re("b1"), text_re("-- Running upgrade b1, b2 -> m"),
                 text_re("CREATE TABLE t_m (id int);"), delete_re("b1"), update_re("b2", "m"),
                 text_re("-- Running upgrade m -> c"), text_re("CREATE TABLE t_c (id int);"),
                 update_re("m", "c"), text_re("COMMIT;")}),
            "")
      << result.out;
  EXPECT_FALSE(missing_database_exists());
}

TEST_F(OfflineDiamond, UpgradeFromARevisionSimulatesItAsTheOnlyRow) {  // §8 #40
  auto result = offline->retort({"upgrade", "b1:head", "--sql"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // a is not a simulated row, so b2 starts a new branch (INSERT, not UPDATE).
  EXPECT_EQ(first_missing_in_order(
                result.out,
                {text_re("BEGIN;"), text_re("CREATE TABLE t_b2 (id int);"), insert_re("b2"),
                 text_re("CREATE TABLE t_m (id int);"), delete_re("b1"), update_re("b2", "m"),
                 text_re("CREATE TABLE t_c (id int);"), update_re("m", "c"), text_re("COMMIT;")}),
            "")
      << result.out;
  EXPECT_FALSE(contains(result.out, "CREATE TABLE t_a ")) << result.out;
  EXPECT_FALSE(contains(result.out, "CREATE TABLE t_b1 ")) << result.out;
  EXPECT_FALSE(matches(result.out, update_re("a", "b2"))) << result.out;
  EXPECT_FALSE(matches(result.out, insert_re("a"))) << result.out;
}

TEST_F(OfflineDiamond, DowngradeHeadToBasePrintsEveryDowngrade) {  // §8 #39
  auto result = offline->retort({"downgrade", "head:base", "--sql"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(first_missing_in_order(
                result.out, {text_re("BEGIN;"), text_re("DROP TABLE t_c;"), update_re("c", "m"),
                             text_re("DROP TABLE t_m;"), insert_re("b1"), update_re("m", "b2"),
                             text_re("DROP TABLE t_b1;"), delete_re("b1"),
                             text_re("DROP TABLE t_b2;"), update_re("b2", "a"),
                             text_re("DROP TABLE t_a;"), delete_re("a"), text_re("COMMIT;")}),
            "")
      << result.out;
  // Alembic >= 1.19 no longer drops the version table at base, matching
  // online behaviour (§6.3, §9).
  EXPECT_FALSE(matches(result.out, R"(DROP TABLE [^;]*alembic_version)")) << result.out;
  EXPECT_FALSE(missing_database_exists());
}

TEST_F(OfflineDiamond, DowngradeFromTheHeadIdIsTheSameAsFromHead) {  // §8 #39
  auto by_symbol = offline->retort({"downgrade", "head:base", "--sql"});
  auto by_id = offline->retort({"downgrade", "c:base", "--sql"});
  ASSERT_EQ(by_id.exit_code, 0) << by_id.err;
  EXPECT_EQ(by_id.out, by_symbol.out);
}

TEST_F(OfflineDiamond, StampBasePrintsNoMigration) {  // §8 #39
  auto result = offline->retort({"stamp", "base", "--sql"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.out, "BEGIN;")) << result.out;
  EXPECT_TRUE(contains(result.out, "COMMIT;")) << result.out;
  EXPECT_FALSE(contains(result.out, "CREATE TABLE t_")) << result.out;
  EXPECT_FALSE(contains(result.out, "DROP TABLE t_")) << result.out;
  EXPECT_FALSE(matches(result.out, R"(DELETE FROM [^;]*alembic_version)")) << result.out;
  EXPECT_FALSE(matches(result.out, R"(DROP TABLE [^;]*alembic_version)")) << result.out;
}

TEST_F(OfflineDiamond, StampPrintsOnlyTheVersionTableChange) {  // §7.11
  auto result = offline->retort({"stamp", "b1", "--sql"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(matches(result.out, insert_re("b1"))) << result.out;
  EXPECT_FALSE(contains(result.out, "t_b1")) << result.out;
  EXPECT_FALSE(missing_database_exists());
}

TEST_F(OfflineDiamond, DowngradeWithSqlRequiresARange) {  // §8 #41
  auto result = offline->retort({"downgrade", "base", "--sql"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err, "requires")) << result.err;
}

TEST_F(OfflineDiamond, StampPurgeWithSqlIsAUsageError) {  // §5.4
  auto result = offline->retort({"stamp", "--purge", "b1", "--sql"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
}

TEST_F(OfflineDiamond, RangeWithoutSqlIsAUsageErrorAndChangesNothing) {  // §8 #41
  auto up = retort({"upgrade", "a:b1"});
  EXPECT_EQ(up.exit_code, 2) << up.err;
  auto down = retort({"downgrade", "c:a"});
  EXPECT_EQ(down.exit_code, 2) << down.err;
  EXPECT_FALSE(project->table_exists("public.alembic_version"));
  EXPECT_EQ(log(), "");
  EXPECT_EQ(tables(), "");
}

TEST_F(OfflineDiamond, UpgradeScriptThroughPsqlEqualsAnOnlineUpgrade) {  // §6.3
  auto script = offline->retort({"upgrade", "head", "--sql"});
  ASSERT_EQ(script.exit_code, 0) << script.err;
  std::string by_psql = fresh_database();
  auto psql = run_psql(by_psql, script.out);
  ASSERT_EQ(psql.exit_code, 0) << psql.err << "\n" << script.out;

  std::string online = fresh_database();
  MigrationProject online_project(online);
  add_diamond_graph(online_project);
  auto result = online_project.retort({"upgrade", "head"});
  ASSERT_EQ(result.exit_code, 0) << result.err;

  EXPECT_EQ(rows_of(by_psql), rows_of(online));
  EXPECT_EQ(rows_of(by_psql), (Rows{"c"}));
  EXPECT_EQ(log_of(by_psql), log_of(online));
  EXPECT_EQ(history_of(by_psql), history_of(online));

  // And retort accepts the database psql migrated.
  MigrationProject after_psql(by_psql);
  add_diamond_graph(after_psql);
  auto check = after_psql.retort({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

TEST_F(OfflineDiamond, DowngradeScriptThroughPsqlEqualsAnOnlineDowngrade) {  // §6.3
  std::string by_psql = fresh_database();
  std::string online = fresh_database();
  MigrationProject psql_project(by_psql);
  add_diamond_graph(psql_project);
  MigrationProject online_project(online);
  add_diamond_graph(online_project);
  ASSERT_EQ(psql_project.retort({"upgrade", "head"}).exit_code, 0);
  ASSERT_EQ(online_project.retort({"upgrade", "head"}).exit_code, 0);

  auto script = offline->retort({"downgrade", "head:b1", "--sql"});
  ASSERT_EQ(script.exit_code, 0) << script.err;
  auto psql = run_psql(by_psql, script.out);
  ASSERT_EQ(psql.exit_code, 0) << psql.err << "\n" << script.out;
  auto result = online_project.retort({"downgrade", "b1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;

  EXPECT_EQ(rows_of(by_psql), rows_of(online));
  EXPECT_EQ(rows_of(by_psql), (Rows{"b1", "b2"}));
  EXPECT_EQ(log_of(by_psql), log_of(online));
  EXPECT_EQ(history_of(by_psql), history_of(online));
}

TEST_F(OfflineDiamond, ScriptFromARevisionThroughPsqlEqualsAnOnlineUpgrade) {  // §8 #40
  std::string by_psql = fresh_database();
  std::string online = fresh_database();
  MigrationProject psql_project(by_psql);
  add_diamond_graph(psql_project);
  MigrationProject online_project(online);
  add_diamond_graph(online_project);
  ASSERT_EQ(psql_project.retort({"upgrade", "b1"}).exit_code, 0);
  ASSERT_EQ(online_project.retort({"upgrade", "b1"}).exit_code, 0);

  auto script = offline->retort({"upgrade", "b1:head", "--sql"});
  ASSERT_EQ(script.exit_code, 0) << script.err;
  auto psql = run_psql(by_psql, script.out);
  ASSERT_EQ(psql.exit_code, 0) << psql.err << "\n" << script.out;
  auto result = online_project.retort({"upgrade", "head"});
  ASSERT_EQ(result.exit_code, 0) << result.err;

  EXPECT_EQ(rows_of(by_psql), (Rows{"c"}));
  EXPECT_EQ(rows_of(by_psql), rows_of(online));
  EXPECT_EQ(log_of(by_psql), log_of(online));
}

// A transaction:false section (CREATE INDEX CONCURRENTLY) commits what came
// before, runs on its own, and the script still runs under psql.
TEST_F(OfflineDiamond, NonTransactionalSectionThroughPsqlEqualsAnOnlineUpgrade) {  // §6.1
  MigrationSpec concurrent = logged_revision("d", {"c"});
  concurrent.upgrade_sql =
      "CREATE TABLE t_d (id int);\nINSERT INTO run_log (rev) VALUES ('d');\n"
      "CREATE INDEX CONCURRENTLY t_d_id ON t_d (id);";
  concurrent.upgrade_transactional = false;
  offline->add(concurrent);
  auto script = offline->retort({"upgrade", "head", "--sql"});
  ASSERT_EQ(script.exit_code, 0) << script.err;
  std::string by_psql = fresh_database();
  auto psql = run_psql(by_psql, script.out);
  ASSERT_EQ(psql.exit_code, 0) << psql.err << "\n" << script.out;

  std::string online = fresh_database();
  MigrationProject online_project(online);
  add_diamond_graph(online_project);
  online_project.add(concurrent);
  auto result = online_project.retort({"upgrade", "head"});
  ASSERT_EQ(result.exit_code, 0) << result.err;

  EXPECT_EQ(rows_of(by_psql), (Rows{"d"}));
  EXPECT_EQ(rows_of(by_psql), rows_of(online));
  EXPECT_EQ(log_of(by_psql), log_of(online));
  EXPECT_EQ(history_of(by_psql), history_of(online));
  const std::string index = "SELECT count(*) FROM pg_indexes WHERE indexname = 't_d_id'";
  EXPECT_EQ(query(by_psql, index), (Rows{"1"}));
  EXPECT_EQ(query(online, index), (Rows{"1"}));
}

}  // namespace
}  // namespace retort::testing
