// `check` against the scripted fake: behind, ahead and drifted from the
// version rows and the history's checksums; it never writes and never locks.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "executor_fixtures.hpp"
#include "migrator/checksum.hpp"

namespace retort::testing {
namespace {

const std::vector<std::string> k_none;

CheckResult check(ScriptedServer& server, const RevisionGraph& graph) {
  return check_database(fake_config(false), graph, fake_options(server));
}

void expect_read_only(ScriptedServer& server) {
  for (const auto& statement : server.statements()) {
    EXPECT_TRUE(statement.starts_with("SELECT")) << statement;
    EXPECT_FALSE(contains(statement, "advisory")) << statement;
  }
  EXPECT_EQ(server.connections_open(), 0);
}

TEST(CheckDatabase, EmptyDatabaseIsBehindByEveryRevision) {
  const auto graph = linear_graph(three_steps(true));
  ScriptedServer server;
  const CheckResult result = check(server, graph);
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.rows, k_none);
  EXPECT_EQ(result.pending, (std::vector<std::string>{"aaaa", "bbbb", "cccc"}));
  expect_read_only(server);
}

TEST(CheckDatabase, AtHeadWithMatchingChecksumsIsOk) {
  const auto graph = linear_graph(three_steps(true));
  ScriptedServer server;
  server.seed_rows({"cccc"});
  std::vector<ScriptedState::HistoryRow> history;
  for (const char* id : {"aaaa", "bbbb", "cccc"}) {
    const Revision& revision = graph.at(*graph.find_id(id));
    history.push_back({id, "upgrade", migrator::section_checksum(revision.upgrade.sql)});
  }
  server.seed_history(history);
  const CheckResult result = check(server, graph);
  EXPECT_TRUE(result.ok()) << result.pending.size() << " pending, " << result.drifted.size()
                           << " drifted";
  expect_read_only(server);
}

TEST(CheckDatabase, EditedAppliedFileIsDrifted) {
  const auto graph = linear_graph(three_steps(true));
  ScriptedServer server;
  server.seed_rows({"bbbb"});
  const std::string edited = "sha256:" + std::string(64, '0');
  server.seed_history({{"aaaa", "upgrade", edited},
                       {"bbbb", "upgrade", edited},
                       {"bbbb", "downgrade", edited},
                       {"cccc", "upgrade", edited}});
  const CheckResult result = check(server, graph);
  EXPECT_EQ(result.pending, std::vector<std::string>{"cccc"});
  // bbbb's last step was a downgrade: no applied text to compare; cccc is
  // not applied.
  ASSERT_EQ(result.drifted.size(), 1u);
  EXPECT_EQ(result.drifted[0].revision, "aaaa");
  EXPECT_EQ(result.drifted[0].recorded_checksum, edited);
  EXPECT_EQ(result.drifted[0].path, "versions/aaaa.sql");
}

TEST(CheckDatabase, RowsNoFileDefinesAreAhead) {
  const auto graph = linear_graph(three_steps(true));
  ScriptedServer server;
  server.seed_rows({"zzzz"});
  const CheckResult result = check(server, graph);
  EXPECT_EQ(result.unknown, std::vector<std::string>{"zzzz"});
  EXPECT_FALSE(result.ok());
  expect_read_only(server);
}

TEST(CheckDatabase, ServerErrorBecomesADatabaseError) {
  const auto graph = linear_graph(three_steps(true));
  ScriptedServer server;
  server.fail_at(1, ScriptedFailure::server("53300", "too many connections"));
  try {
    check(server, graph);
    FAIL() << "check succeeded";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::database);
    EXPECT_EQ(error.sqlstate(), "53300");
    EXPECT_TRUE(contains(error.message(), "too many connections")) << error.message();
  }
}

}  // namespace
}  // namespace retort::testing
