// The version table's configuration and lifetime against a real PostgreSQL
// (docs/alembic-semantics.md §5.1, §8 #49; docs/architecture.md §4): a custom
// version_table / version_table_schema, history_table: false, names that need
// quoting, and a project without revisions.
#include <gtest/gtest.h>

#include "support/graph_projects.hpp"

namespace retort::testing {
namespace {

constexpr const char* k_custom_tables =
    "version_table: deploy_versions\n"
    "version_table_schema: deploy\n"
    "history_table: false\n";

// L3 (aaaa <- bbbb <- cccc) with the version table in deploy.deploy_versions
// and no history table.
class CustomVersionTable : public GraphDatabaseTest {
 protected:
  void add_graph(MigrationProject& into) override { add_linear_graph(into); }
  std::string extra_config() const override { return k_custom_tables; }
  Rows custom_rows() const { return project->rows("deploy_versions", "deploy"); }
  // Every table named retort_history, in any schema.
  Rows history_tables() const {
    return project->query(
        "SELECT table_schema FROM information_schema.tables WHERE table_name = 'retort_history'");
  }
};

TEST_F(CustomVersionTable, UpgradeWritesTheConfiguredTableOnly) {  // §5.1
  auto result = retort({"upgrade", "head"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "aaaa,bbbb,cccc");
  EXPECT_EQ(custom_rows(), (Rows{"cccc"}));
  EXPECT_FALSE(project->table_exists("public.alembic_version"));
  EXPECT_FALSE(project->table_exists("public.deploy_versions"));
  EXPECT_EQ(history_tables(), Rows{});
  // Alembic's shape: the primary key constraint is <table>_pkc.
  EXPECT_EQ(project->query("SELECT conname FROM pg_constraint WHERE conrelid = "
                           "'deploy.deploy_versions'::regclass AND contype = 'p'"),
            (Rows{"deploy_versions_pkc"}));
}

TEST_F(CustomVersionTable, EveryCommandReadsTheConfiguredTable) {  // §5.1
  ASSERT_TRUE(given({"upgrade", "head"}));
  auto down = retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(log(), "-cccc");
  EXPECT_EQ(custom_rows(), (Rows{"bbbb"}));

  auto current = retort({"current"});
  ASSERT_EQ(current.exit_code, 0) << current.err;
  EXPECT_EQ(current.out, "bbbb\n");

  auto history = retort({"history", "-i"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_TRUE(contains(history.out, "aaaa -> bbbb (current), create bbbb")) << history.out;

  auto check = retort({"check"});
  EXPECT_EQ(check.exit_code, 3) << check.out << check.err;
  EXPECT_TRUE(contains(check.out + check.err, "cccc")) << check.out << check.err;

  auto stamp = retort({"stamp", "aaaa"});
  ASSERT_EQ(stamp.exit_code, 0) << stamp.err;
  EXPECT_EQ(custom_rows(), (Rows{"aaaa"}));
  EXPECT_FALSE(project->table_exists("public.alembic_version"));
  EXPECT_EQ(history_tables(), Rows{});
}

TEST_F(CustomVersionTable, CheckWithoutHistoryCannotSeeDrift) {  // architecture §4
  ASSERT_TRUE(given({"upgrade", "head"}));
  std::string name = "002_bbbb.sql";
  std::string text = read_file(project->dir().path() / "migrations" / name);
  auto pos = text.find("(id int)");
  ASSERT_NE(pos, std::string::npos);
  project->add_file(name, text.replace(pos, 8, "(id bigint)"));
  auto result = retort({"check"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST_F(CustomVersionTable, AnAlembicTableElsewhereIsIgnored) {  // §5.1
  insert_rows({"cccc"});  // public.alembic_version, as another tool left it
  auto result = retort({"upgrade", "head"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "aaaa,bbbb,cccc");
  EXPECT_EQ(custom_rows(), (Rows{"cccc"}));
  EXPECT_EQ(rows(), (Rows{"cccc"}));  // untouched
}

TEST_F(CustomVersionTable, OfflineScriptNamesTheConfiguredTable) {  // §6.3
  auto result = retort({"upgrade", "head", "--sql"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.out, "deploy_versions")) << result.out;
  EXPECT_FALSE(contains(result.out, "alembic_version")) << result.out;
  EXPECT_FALSE(contains(result.out, "retort_history")) << result.out;
  EXPECT_FALSE(project->table_exists("deploy.deploy_versions"));
}

// Two projects in one database, each with its own schema for the version
// table (tenants): neither sees the other's rows.
class TenantSchemas : public GraphDatabaseTest {
 protected:
  void add_graph(MigrationProject&) override {}
};

TEST_F(TenantSchemas, EachSchemaKeepsItsOwnRows) {  // architecture §4-§5
  MigrationProject tenant_a(project->url(),
                            "version_table_schema: tenant_a\nhistory_table: false\n");
  tenant_a.add(logged_revision("ta1"));
  tenant_a.add(logged_revision("ta2", {"ta1"}));
  MigrationProject tenant_b(project->url(), "version_table_schema: tenant_b\n");
  tenant_b.add(logged_revision("tb1"));

  auto a = tenant_a.retort({"upgrade", "head"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  auto b = tenant_b.retort({"upgrade", "head"});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(log(), "ta1,ta2,tb1");
  EXPECT_EQ(tenant_a.rows("alembic_version", "tenant_a"), (Rows{"ta2"}));
  EXPECT_EQ(tenant_b.rows("alembic_version", "tenant_b"), (Rows{"tb1"}));
  EXPECT_FALSE(project->table_exists("public.alembic_version"));

  auto down = tenant_a.retort({"downgrade", "base"});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(tenant_a.rows("alembic_version", "tenant_a"), Rows{});
  EXPECT_EQ(tenant_b.rows("alembic_version", "tenant_b"), (Rows{"tb1"}));
  auto current = tenant_b.retort({"current"});
  EXPECT_EQ(current.out, "tb1 (head)\n") << current.err;
}

// Names are always quoted as identifiers (architecture §4).
class QuotedVersionTable : public GraphDatabaseTest {
 protected:
  void add_graph(MigrationProject& into) override { add_linear_graph(into); }
  std::string extra_config() const override {
    return "version_table: \"Version Rows\"\nversion_table_schema: \"Deploy-1\"\n";
  }
};

TEST_F(QuotedVersionTable, NamesThatNeedQuotingWork) {
  auto result = retort({"upgrade", "bbbb"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(project->query("SELECT version_num FROM \"Deploy-1\".\"Version Rows\""),
            (Rows{"bbbb"}));
  auto current = retort({"current"});
  ASSERT_EQ(current.exit_code, 0) << current.err;
  EXPECT_EQ(current.out, "bbbb\n");
  auto up = retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(project->query("SELECT version_num FROM \"Deploy-1\".\"Version Rows\""),
            (Rows{"cccc"}));
}

// §8 #49: no revision files at all.
class NoRevisions : public GraphDatabaseTest {
 protected:
  void add_graph(MigrationProject&) override {}
};

TEST_F(NoRevisions, UpgradeHeadCreatesAnEmptyTableAndListingsPrintNothing) {  // §8 #49
  auto result = retort({"upgrade", "head"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(project->table_exists("public.alembic_version"));
  EXPECT_EQ(rows(), Rows{});
  for (const char* command : {"heads", "history", "current"}) {
    auto listing = retort({command});
    EXPECT_EQ(listing.exit_code, 0) << command << ": " << listing.err;
    EXPECT_EQ(listing.out, "") << command;
  }
}

TEST_F(NoRevisions, CheckOnAnEmptyProjectSucceeds) {  // §7.12
  auto result = retort({"check"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

}  // namespace
}  // namespace retort::testing
