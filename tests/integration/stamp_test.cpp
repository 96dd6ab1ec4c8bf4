// `stamp` (docs/alembic-semantics.md §5.4, §8 #17, #35-#37): rewriting the
// version table without running migrations, run through the CLI binary
// against a real PostgreSQL. run_log stays empty: no migration SQL runs.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include "support/graph_projects.hpp"

namespace retort::testing {
namespace {

// D1: a <- b1 (left), a <- b2 (right), m = (b1, b2), m <- c.
class StampDiamond : public GraphDatabaseTest {
 protected:
  void add_graph(MigrationProject& into) override { add_diamond_graph(into); }
};

TEST_F(StampDiamond, StampOnANewDatabaseCreatesTheTable) {  // §5.4
  auto result = retort({"stamp", "b1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(rows(), (Rows{"b1"}));
  EXPECT_EQ(tables(), "");
  EXPECT_EQ(log(), "");
}

TEST_F(StampDiamond, StampIsRecordedInTheHistoryTable) {  // architecture §4
  ASSERT_TRUE(given({"upgrade", "b1"}));
  ASSERT_EQ(retort({"stamp", "m"}).exit_code, 0);
  EXPECT_EQ(project->query("SELECT string_agg(revision || ':' || direction, ',' ORDER BY id) "
                           "FROM retort_history WHERE direction = 'stamp'"),
            (Rows{"m:stamp"}));
}

TEST_F(StampDiamond, StampToAnAncestorOnlyMovesTheRow) {  // §5.4, §11 #9
  ASSERT_TRUE(given({"upgrade", "head"}));
  auto result = retort({"stamp", "b2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // A real downgrade to b2 would give {b1, b2}; stamp just moves the row.
  EXPECT_EQ(rows(), (Rows{"b2"}));
  EXPECT_EQ(log(), "");
  EXPECT_EQ(tables(), "a,b1,b2,c,m");
}

TEST_F(StampDiamond, StampSequenceOfTheSpecification) {  // §8 #36, §5.4 table
  struct Row {
    std::vector<std::string> args;
    Rows rows_after;
  };
  const std::vector<Row> sequence{
      {{"stamp", "b1"}, {"b1"}},  {{"stamp", "b2"}, {"b1", "b2"}},
      {{"stamp", "a"}, {"a"}},    {{"stamp", "b1", "b2"}, {"b1", "b2"}},
      {{"stamp", "head"}, {"c"}}, {{"stamp", "b2"}, {"b2"}},
      {{"stamp", "base"}, {}},    {{"stamp", "heads"}, {"c"}},
  };
  for (const auto& step : sequence) {
    auto result = retort(step.args);
    ASSERT_EQ(result.exit_code, 0) << fmt::format("{}", fmt::join(step.args, " ")) << "\n"
                                   << result.err;
    EXPECT_EQ(rows(), step.rows_after) << fmt::format("{}", fmt::join(step.args, " "));
  }
  EXPECT_EQ(log(), "");
  EXPECT_EQ(tables(), "");
}

TEST_F(StampDiamond, StampToTheSameDestinationTwiceIsAnErrorNotACrash) {  // §5.4, §10
  ASSERT_TRUE(given({"stamp", "a"}));
  auto result = retort({"stamp", "b1", "b1"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(rows(), (Rows{"a"}));
}

TEST_F(StampDiamond, StampPurgeReplacesRowsIncludingUnknownOnes) {  // §8 #35
  insert_rows({"c", "zzzz"});
  auto result = retort({"stamp", "--purge", "b1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(rows(), (Rows{"b1"}));
  EXPECT_EQ(log(), "");
}

TEST_F(StampDiamond, StampWithoutPurgeRefusesUnknownRows) {  // §2.9
  insert_rows({"c", "zzzz"});
  auto result = retort({"stamp", "b1"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err, "zzzz")) << result.err;
  EXPECT_EQ(rows(), (Rows{"c", "zzzz"}));
}

// TR: two independent roots x1 <- x2 and y1 <- y2.
class StampTwoRoots : public GraphDatabaseTest {
 protected:
  void add_graph(MigrationProject& into) override { add_two_roots_graph(into); }
};

// Alembic (1.8.1 and 1.19) computes the related rows once for all
// destinations and loses y1 ({x2}); §10 recommends related rows per
// destination, which keeps it.
TEST_F(StampTwoRoots, StampSeveralDestinationsKeepsUnrelatedRows) {  // §8 #37
  ASSERT_TRUE(given({"upgrade", "x1"}));
  ASSERT_TRUE(given({"upgrade", "y1"}));
  ASSERT_EQ(rows(), (Rows{"x1", "y1"}));
  auto result = retort({"stamp", "x2", "y1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(rows(), (Rows{"x2", "y1"}));
  EXPECT_EQ(log(), "");
  EXPECT_EQ(tables(), "x1,y1");
}

TEST_F(StampTwoRoots, StampOneRootLeavesTheOtherRootsRow) {  // §5.4
  ASSERT_TRUE(given({"upgrade", "x1"}));
  ASSERT_TRUE(given({"upgrade", "y1"}));
  auto result = retort({"stamp", "x2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(rows(), (Rows{"x2", "y1"}));
}

// B2G: a <- b, b <- c1 (c1branch) <- d1, b <- c2 (c2branch) <- d2.
struct StampCase {
  std::string name;
  std::vector<std::string> destinations;
  Rows rows_after;
};

class StampLabeledBranches : public GraphDatabaseTest,
                             public ::testing::WithParamInterface<StampCase> {
 protected:
  void add_graph(MigrationProject& into) override { add_labeled_branches_graph(into); }
};

TEST_P(StampLabeledBranches, FromD1AndC2) {  // §5.4 "Branched B2 graph"
  const auto& c = GetParam();
  ASSERT_TRUE(given({"stamp", "d1", "c2"}));
  ASSERT_EQ(rows(), (Rows{"c2", "d1"}));
  std::vector<std::string> args{"stamp"};
  args.insert(args.end(), c.destinations.begin(), c.destinations.end());
  auto result = retort(args);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(rows(), c.rows_after);
  EXPECT_EQ(log(), "");
}

INSTANTIATE_TEST_SUITE_P(
    Spec, StampLabeledBranches,
    ::testing::Values(StampCase{"LabelBaseDeletesThatBranchOnly", {"c1branch@base"}, {"c2"}},
                      StampCase{"LabelHeadMovesThatBranchOnly", {"c2branch@head"}, {"d1", "d2"}},
                      StampCase{"BranchPointReplacesBoth", {"b"}, {"b"}}),
    [](const ::testing::TestParamInfo<StampCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace retort::testing
