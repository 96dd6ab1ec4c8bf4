// A three-way merge of X, Y (depends_on X) and Z on PostgreSQL: upgrade from
// an empty database online and through `--sql` piped to psql, then back to
// base, each migration once (docs/alembic-semantics.md §5.3, U3).
#include <gtest/gtest.h>

#include "support/project.hpp"

namespace retort::testing {
namespace {

using Rows = std::vector<std::string>;

void add_merge_of_a_dependency(MigrationProject& project) {
  project.add(table_revision("xxxx"));
  MigrationSpec y = table_revision("yyyy");
  y.depends_on = {"xxxx"};
  project.add(y);
  project.add(table_revision("zzzz"));
  project.add(table_revision("mmmm", {"xxxx", "yyyy", "zzzz"}));
}

TEST(MergeOfADependency, UpgradesOnlineAndOfflineAndDowngradesToBase) {
  REQUIRE_PG(server);
  MigrationProject online(server->create_database());
  add_merge_of_a_dependency(online);
  auto up = online.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(online.rows(), Rows{"mmmm"});
  for (const char* id : {"xxxx", "yyyy", "zzzz", "mmmm"}) {
    EXPECT_TRUE(online.table_exists(std::string("public.t_") + id)) << id;
  }
  EXPECT_EQ(online.retort({"check"}).exit_code, 0);
  auto down = online.retort({"downgrade", "base"});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(online.rows(), Rows{});
  EXPECT_FALSE(online.table_exists("public.t_xxxx"));

  MigrationProject offline(server->create_database());
  add_merge_of_a_dependency(offline);
  auto script = offline.retort({"upgrade", "head", "--sql"});
  ASSERT_EQ(script.exit_code, 0) << script.err;
  ProcessOptions feed;
  feed.stdin_text = script.out;
  auto psql = run_process({"psql", "-v", "ON_ERROR_STOP=1", "-q", "-d", offline.url()}, feed);
  ASSERT_EQ(psql.exit_code, 0) << psql.err;
  EXPECT_EQ(offline.rows(), Rows{"mmmm"});
  EXPECT_EQ(offline.retort({"check"}).exit_code, 0);
}

}  // namespace
}  // namespace retort::testing
