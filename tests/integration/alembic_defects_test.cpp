// Regression tests for two differences the differential suite
// (tests/differential/) found between retort and Alembic 1.8.1:
//
// - `downgrade -1` with several rows walks from the row the version table's
//   unordered SELECT returns first, as Alembic does, with its warning. The
//   tests control the server's order by rewriting the table (TRUNCATE, then
//   INSERT in the chosen order: a sequential scan returns rows as inserted),
//   choosing an order that differs from the load order.
// - A three-way merge of X, Y (depends_on X) and Z plans and applies from an
//   empty database, online and with --sql (Alembic 1.8.1 crashes there).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "support/graph_projects.hpp"

namespace retort::testing {
namespace {

constexpr const char* kAmbiguityWarning =
    "downgrade -1 from multiple heads is ambiguous; this usage will be disallowed in a future "
    "release.";

// Replaces the version table's rows by `rows`, physically in that order.
void rewrite_rows(const MigrationProject& project, const Rows& rows) {
  project.query("TRUNCATE alembic_version");
  for (const auto& row : rows) {
    project.query(fmt::format("INSERT INTO alembic_version (version_num) VALUES ('{}')", row));
  }
}

// BR: a <- b1 (left) <- b1b, a <- b2 (right) <- b2b; load order a, b1, b1b, b2, b2b.
class TwoHeadsInServerOrder : public GraphDatabaseTest {
 protected:
  void add_graph(MigrationProject& into) override { add_two_heads_graph(into); }
};

TEST_F(TwoHeadsInServerOrder, DowngradeMinusOneStepsBackTheFirstRowTheServerReturns) {
  ASSERT_TRUE(given({"upgrade", "heads"}));
  // b2b first: the load order would pick b1b.
  rewrite_rows(*project, {"b2b", "b1b"});

  auto result = retort({"downgrade", "-1"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_TRUE(contains(result.out + result.err, kAmbiguityWarning)) << result.out << result.err;
  EXPECT_EQ(log(), "-b2b");
  EXPECT_EQ(rows(), (Rows{"b1b", "b2"}));
}

TEST_F(TwoHeadsInServerOrder, DowngradeMinusOneFollowsTheOtherOrderToo) {
  ASSERT_TRUE(given({"upgrade", "heads"}));
  rewrite_rows(*project, {"b1b", "b2b"});

  auto result = retort({"downgrade", "-1"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_TRUE(contains(result.out + result.err, kAmbiguityWarning)) << result.out << result.err;
  EXPECT_EQ(log(), "-b1b");
  EXPECT_EQ(rows(), (Rows{"b1", "b2b"}));
}

// a <- b1, a <- b2, m = (b1, b2), a <- x; rows {m, x}. The first row in load
// order is the merge m, from which one step down is an Ambiguous walk; the
// server returns x first, and Alembic steps back x.
class MergeAndBranchInServerOrder : public GraphDatabaseTest {
 protected:
  void add_graph(MigrationProject& into) override {
    into.add(logged_revision("a"));
    into.add(logged_revision("b1", {"a"}));
    into.add(logged_revision("b2", {"a"}));
    into.add(logged_revision("m", {"b1", "b2"}));
    into.add(logged_revision("x", {"a"}));
  }
};

TEST_F(MergeAndBranchInServerOrder, DowngradeMinusOneFromABranchBesideAMergeProceeds) {
  ASSERT_TRUE(given({"upgrade", "heads"}));
  ASSERT_EQ(rows(), (Rows{"m", "x"}));
  rewrite_rows(*project, {"x", "m"});

  auto result = retort({"downgrade", "-1"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_TRUE(contains(result.out + result.err, kAmbiguityWarning)) << result.out << result.err;
  EXPECT_EQ(log(), "-x");
  EXPECT_EQ(rows(), (Rows{"m"}));
}

// x, y (depends_on x), z roots; m = (x, y, z).
class ThreeWayMergeWithDependentParent : public GraphDatabaseTest {
 protected:
  void add_graph(MigrationProject& into) override {
    into.add(logged_revision("x"));
    into.add(logged_revision("y", {}, {}, {"x"}));
    into.add(logged_revision("z"));
    into.add(logged_revision("m", {"x", "y", "z"}));
  }

  // Every revision ran once, x before y, m last.
  static void expect_valid_order(const std::string& order) {
    std::vector<std::string> ran;
    std::string rest = order;
    while (!rest.empty()) {
      auto comma = rest.find(',');
      ran.push_back(rest.substr(0, comma));
      rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
    }
    ASSERT_EQ(ran.size(), 4U) << order;
    EXPECT_EQ(ran.back(), "m") << order;
    auto position = [&](const std::string& id) {
      return std::find(ran.begin(), ran.end(), id) - ran.begin();
    };
    EXPECT_LT(position("x"), position("y")) << order;
    EXPECT_LT(position("z"), 3) << order;
  }
};

TEST_F(ThreeWayMergeWithDependentParent, UpgradeHeadFromAnEmptyDatabaseAppliesEveryRevision) {
  auto result = retort({"upgrade", "head"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  expect_valid_order(log());
  EXPECT_EQ(rows(), (Rows{"m"}));
  EXPECT_EQ(tables(), "m,x,y,z");
}

TEST_F(ThreeWayMergeWithDependentParent, StepByStepToTheMergeAndBackToBase) {
  ASSERT_TRUE(given({"upgrade", "y"}));
  ASSERT_TRUE(given({"upgrade", "z"}));
  auto up = retort({"upgrade", "m"});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  EXPECT_EQ(log(), "m");
  EXPECT_EQ(rows(), (Rows{"m"}));

  auto down = retort({"downgrade", "base"});
  ASSERT_EQ(down.exit_code, 0) << down.out << down.err;
  EXPECT_EQ(rows(), Rows{});
  EXPECT_EQ(tables(), "");
}

TEST_F(ThreeWayMergeWithDependentParent, OfflineScriptFromBaseGivesTheOnlineResult) {
  auto script = retort({"upgrade", "head", "--sql"});
  ASSERT_EQ(script.exit_code, 0) << script.out << script.err;

  ProcessOptions options;
  options.stdin_text = script.out;
  auto psql = run_process(
      {"psql", "-v", "ON_ERROR_STOP=1", "-X", "-q", "-d", project->url(), "-f", "-"}, options);
  ASSERT_EQ(psql.exit_code, 0) << psql.err << script.out;
  expect_valid_order(log());
  EXPECT_EQ(rows(), (Rows{"m"}));
}

}  // namespace
}  // namespace retort::testing
