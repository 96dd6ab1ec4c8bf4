// Choosing the lock against the scripted fake: a connection whose announced
// backend pid is not the session's goes through a pooler, where
// lock_strategy advisory is refused before anything runs. The lease itself
// is tested against PgBouncer and PostgreSQL (tests/reliability/pooler_test.cpp).
#include <gtest/gtest.h>

#include <algorithm>

#include "executor_fixtures.hpp"

namespace retort::testing {
namespace {

TEST(LockStrategy, AdvisoryBehindAPoolerIsRefusedBeforeAnythingRuns) {
  const auto graph = linear_graph(three_steps(true));
  ScriptedServer server;
  server.act_as_pooler(true);
  Config config = fake_config(false);
  config.lock_strategy = LockStrategy::advisory;
  auto error = upgrade_error(config, graph, fake_options(server));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind(), ErrorKind::config);
  EXPECT_TRUE(contains(error->message(), "announced backend pid 424242")) << error->message();
  EXPECT_TRUE(contains(error->hint(), "lock_strategy: table")) << error->hint();
  EXPECT_TRUE(server.committed().applied.empty());
  for (const auto& statement : server.statements()) {
    EXPECT_FALSE(statement.starts_with("SELECT pg_try_advisory_lock")) << statement;
  }
}

TEST(LockStrategy, AutoOnADirectConnectionTakesTheAdvisoryLock) {
  const auto graph = linear_graph(three_steps(true));
  ScriptedServer server;
  ASSERT_FALSE(upgrade_error(fake_config(false), graph, fake_options(server)).has_value());
  const auto statements = server.statements();
  EXPECT_NE(std::find_if(
                statements.begin(), statements.end(),
                [](const std::string& s) { return s.starts_with("SELECT pg_try_advisory_lock"); }),
            statements.end());
  for (const auto& statement : statements) {
    EXPECT_FALSE(contains(statement, "retort_lock")) << statement;
  }
}

}  // namespace
}  // namespace retort::testing
