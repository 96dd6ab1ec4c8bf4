// docs/alembic-semantics.md §8 #1-#9 on the linear graph, with the execution order
// asserted through run_log (linear_test.cpp checks rows and messages), and
// the relative targets of §3.3 on a <- b <- c <- d <- e.
#include <gtest/gtest.h>

#include "support/graph_projects.hpp"

namespace retort::testing {
namespace {

// L3: aaaa <- bbbb <- cccc.
class LinearOrder : public GraphDatabaseTest {
 protected:
  void add_graph(MigrationProject& into) override { add_linear_graph(into); }
};

TEST_F(LinearOrder, UpgradeHeadRunsInOrder) {  // §8 #1
  auto result = retort({"upgrade", "head"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "aaaa,bbbb,cccc");
  EXPECT_EQ(rows(), (Rows{"cccc"}));
}

TEST_F(LinearOrder, DowngradeMinusOneRunsTheTopOnly) {  // §8 #2
  ASSERT_TRUE(given({"upgrade", "head"}));
  auto result = retort({"downgrade", "-1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "-cccc");
  EXPECT_EQ(rows(), (Rows{"bbbb"}));
}

TEST_F(LinearOrder, DowngradeBaseRunsDownwards) {  // §8 #3
  ASSERT_TRUE(given({"upgrade", "bbbb"}));
  auto result = retort({"downgrade", "base"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "-bbbb,-aaaa");
  EXPECT_EQ(rows(), Rows{});
  EXPECT_TRUE(project->table_exists("public.alembic_version"));
  EXPECT_EQ(tables(), "");
}

TEST_F(LinearOrder, UpgradeToAnOlderRevisionRunsNothing) {  // §8 #4
  ASSERT_TRUE(given({"upgrade", "head"}));
  auto result = retort({"upgrade", "aaaa"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "");
  EXPECT_EQ(rows(), (Rows{"cccc"}));
}

TEST_F(LinearOrder, DowngradeToTheCurrentRevisionRunsNothing) {  // §8 #5
  ASSERT_TRUE(given({"upgrade", "head"}));
  auto result = retort({"downgrade", "cccc"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "");
  EXPECT_EQ(rows(), (Rows{"cccc"}));
}

TEST_F(LinearOrder, DowngradeMinusOneOnAnEmptyDatabaseRunsNothing) {  // §8 #6
  auto result = retort({"downgrade", "-1"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err, "Relative revision -1 didn't produce 1 migrations"))
      << result.err;
  EXPECT_EQ(log(), "");
}

// Alembic crashes with an assertion (§8 #7); §10: a regular error.
TEST_F(LinearOrder, OverwalkingUpwardIsAnError) {  // §8 #7
  ASSERT_TRUE(given({"upgrade", "aaaa"}));
  auto result = retort({"upgrade", "aaaa+9"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err, "didn't produce")) << result.err;
  EXPECT_EQ(log(), "");
  EXPECT_EQ(rows(), (Rows{"aaaa"}));
}

TEST_F(LinearOrder, OverwalkingInADowngradeTargetIsWalkedTooFar) {  // §8 #8
  ASSERT_TRUE(given({"upgrade", "bbbb"}));
  for (const char* target : {"cccc-9", "aaaa+9"}) {
    auto result = retort({"downgrade", target});
    EXPECT_EQ(result.exit_code, 2) << target << "\n" << result.err;
    EXPECT_TRUE(contains(result.err, "Walked too far")) << target << "\n" << result.err;
  }
  EXPECT_EQ(log(), "");
  EXPECT_EQ(rows(), (Rows{"bbbb"}));
}

TEST_F(LinearOrder, BasePlusTwoRunsTheFirstTwo) {  // §8 #9
  auto result = retort({"upgrade", "base+2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "aaaa,bbbb");
  EXPECT_EQ(rows(), (Rows{"bbbb"}));
}

// §3.3: relative upgrades on a <- b <- c <- d <- e.
struct RelativeCase {
  std::string name;
  std::string start;  // upgraded to first; empty: a new database
  std::string target;
  int exit_code;
  std::string log;
  std::string message;  // part of the error, when exit_code != 0
};

class RelativeUpgrade : public GraphDatabaseTest,
                        public ::testing::WithParamInterface<RelativeCase> {
 protected:
  void add_graph(MigrationProject& into) override {
    into.add(logged_revision("a"));
    into.add(logged_revision("b", {"a"}));
    into.add(logged_revision("c", {"b"}));
    into.add(logged_revision("d", {"c"}));
    into.add(logged_revision("e", {"d"}));
  }
};

TEST_P(RelativeUpgrade, FromTheDatabaseOrASymbol) {
  const auto& c = GetParam();
  if (!c.start.empty()) {
    ASSERT_TRUE(given({"upgrade", c.start}));
  }
  auto before = rows();
  auto result = retort({"upgrade", c.target});
  EXPECT_EQ(result.exit_code, c.exit_code) << "upgrade " << c.target << "\n" << result.err;
  EXPECT_EQ(log(), c.log) << "upgrade " << c.target;
  if (c.exit_code != 0) {
    EXPECT_TRUE(contains(result.err, c.message)) << result.err;
    EXPECT_EQ(rows(), before);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Spec, RelativeUpgrade,
    ::testing::Values(RelativeCase{"PlusTwo", "a", "+2", 0, "b,c", ""},
                      RelativeCase{"PlusThree", "b", "+3", 0, "c,d,e", ""},
                      RelativeCase{"RelativeToASymbolNotTheDatabase", "a", "b+2", 0, "b,c,d", ""},
                      RelativeCase{"SymbolMinusTwo", "a", "d-2", 0, "b", ""},
                      RelativeCase{"MinusIsNotAnUpgrade", "b", "-2", 2, "",
                                   "Relative revision -2 didn't produce 2"},
                      RelativeCase{"TooFar", "b", "+5", 2, "",
                                   "Relative revision +5 didn't produce 5"},
                      RelativeCase{"BasePlusTwo", "", "base+2", 0, "a,b", ""}),
    [](const ::testing::TestParamInfo<RelativeCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace retort::testing
