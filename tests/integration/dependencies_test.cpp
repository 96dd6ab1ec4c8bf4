// docs/alembic-semantics.md §8 scenarios with depends_on, run through the CLI
// binary against a real PostgreSQL: XY (x1 (xb) <- x2, y1 (yb) <- y2,
// y2 depends_on x1), DO (a root, b root depending on a), BM (Alembic issue
// #1373: a1 root, b1 root depending on a1, bm = (a1, b1)) and
// a <- b, c = (b) + depends_on a (§8 #33).
#include <gtest/gtest.h>

#include <filesystem>

#include "support/graph_projects.hpp"

namespace retort::testing {
namespace {

class TwoRootsWithDependency : public GraphDatabaseTest {
 protected:
  void add_graph(MigrationProject& into) override { add_two_roots_with_dependency_graph(into); }
};

TEST_F(TwoRootsWithDependency, UpgradeLabelHeadRunsTheDependencyFirst) {  // §8 #25
  auto result = retort({"upgrade", "yb@head"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "x1,y1,y2");
  // x1 is implied by y2's dependency: no row of its own.
  EXPECT_EQ(rows(), (Rows{"y2"}));
  EXPECT_EQ(tables(), "x1,y1,y2");
}

TEST_F(TwoRootsWithDependency, CurrentShowsTheDependencyImpliedTip) {  // §8 #25, §7.7
  ASSERT_TRUE(given({"upgrade", "yb@head"}));
  auto result = retort({"current"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // Branch heads of the applied set {x1, y1, y2}, in load order.
  EXPECT_EQ(result.out, "x1\ny2 (head)\n");
}

TEST_F(TwoRootsWithDependency, UpgradeTheOtherLabelInsertsARow) {  // §8 #26
  ASSERT_TRUE(given({"upgrade", "yb@head"}));
  auto result = retort({"upgrade", "xb@head"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "x2");
  EXPECT_EQ(rows(), (Rows{"x2", "y2"}));
}

TEST_F(TwoRootsWithDependency, DowngradeLabelBaseAlsoDropsDependents) {  // §8 #27
  ASSERT_TRUE(given({"upgrade", "heads"}));
  ASSERT_EQ(rows(), (Rows{"x2", "y2"}));
  auto result = retort({"downgrade", "xb@base"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "-x2,-y2,-x1");
  EXPECT_EQ(rows(), (Rows{"y1"}));
  EXPECT_EQ(tables(), "y1");
}

TEST_F(TwoRootsWithDependency, DowngradeLabelMinusOneFindsTheImpliedBranch) {  // §8 #28
  ASSERT_TRUE(given({"upgrade", "yb@head"}));
  auto result = retort({"downgrade", "xb@-1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "-y2,-x1");
  EXPECT_EQ(rows(), (Rows{"y1"}));
  EXPECT_EQ(tables(), "y1");
}

TEST_F(TwoRootsWithDependency, DowngradeTheDependencyRootKeepsItImplied) {  // §4.4
  ASSERT_TRUE(given({"upgrade", "heads"}));
  auto result = retort({"downgrade", "x1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "-x2");
  EXPECT_EQ(rows(), (Rows{"y2"}));
}

TEST_F(TwoRootsWithDependency, DowngradeBelowTheDependentRestoresBothParents) {  // §4.4, §5.3 D3
  ASSERT_TRUE(given({"upgrade", "yb@head"}));
  auto result = retort({"downgrade", "y1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "-y2");
  EXPECT_EQ(rows(), (Rows{"x1", "y1"}));
}

TEST_F(TwoRootsWithDependency, UpgradeOverTwoParentRowsMergesThem) {  // §5.3 U3
  ASSERT_TRUE(given({"upgrade", "x1"}));
  ASSERT_TRUE(given({"upgrade", "y1"}));
  ASSERT_EQ(rows(), (Rows{"x1", "y1"}));
  auto result = retort({"upgrade", "y2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "y2");
  EXPECT_EQ(rows(), (Rows{"y2"}));
}

class DependencyOnlyHead : public GraphDatabaseTest {
 protected:
  void add_graph(MigrationProject& into) override { add_dependency_only_head_graph(into); }
};

TEST_F(DependencyOnlyHead, UpgradeHeadFailsBecauseOfTheEffectiveHead) {  // §8 #30
  auto result = retort({"upgrade", "head"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err, "Multiple head revisions")) << result.err;
  EXPECT_FALSE(project->table_exists("public.alembic_version"));
  EXPECT_EQ(log(), "");
}

TEST_F(DependencyOnlyHead, RevisionFailsBecauseOfTheEffectiveHead) {  // §8 #30
  auto result = retort({"revision", "-m", "x"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err, "ultiple heads are present")) << result.err;
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator(project->migrations_dir())) {
    ++files;
  }
  EXPECT_EQ(files, 2u);
}

TEST_F(DependencyOnlyHead, UpgradeHeadsRunsTheDependencyThenTheDependent) {  // §8 #30
  auto result = retort({"upgrade", "heads"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "a,b");
  EXPECT_EQ(rows(), (Rows{"b"}));
}

TEST_F(DependencyOnlyHead, UpgradeTheDependentMovesTheDependencysRow) {  // §5.3 U4
  ASSERT_TRUE(given({"upgrade", "a"}));
  auto result = retort({"upgrade", "b"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "b");
  EXPECT_EQ(rows(), (Rows{"b"}));
}

TEST_F(DependencyOnlyHead, DowngradeToTheImpliedDependencyIsNotAValidTarget) {  // §8 #31
  ASSERT_TRUE(given({"upgrade", "heads"}));
  auto result = retort({"downgrade", "a"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err, "is not a valid downgrade target")) << result.err;
  EXPECT_EQ(log(), "");
  EXPECT_EQ(rows(), (Rows{"b"}));
}

class MergeOfDependentRoots : public GraphDatabaseTest {
 protected:
  void add_graph(MigrationProject& into) override { add_merge_of_dependent_roots_graph(into); }
};

// Alembic 1.8.1 leaves {a1, b1} (b1 implies a1: a corrupt table, and the next
// `upgrade heads` fails with an overlap error); §10 recommends the >=1.13.1
// rule, which leaves {b1}.
TEST_F(MergeOfDependentRoots, DowngradeToTheImpliedParentWritesNoRedundantRow) {  // §8 #32
  ASSERT_TRUE(given({"upgrade", "heads"}));
  ASSERT_EQ(rows(), (Rows{"bm"}));
  auto result = retort({"downgrade", "a1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "-bm");
  EXPECT_EQ(rows(), (Rows{"b1"}));

  clear_log();
  auto again = retort({"upgrade", "heads"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(log(), "bm");
  EXPECT_EQ(rows(), (Rows{"bm"}));
}

class DependencyOnAncestor : public GraphDatabaseTest {
 protected:
  void add_graph(MigrationProject& into) override { add_dependency_on_ancestor_graph(into); }
};

// Alembic 1.8.1 writes INSERT b; UPDATE c -> a, leaving the corrupt {a, b};
// §10 recommends the >=1.13.1 rule: UPDATE c -> b.
TEST_F(DependencyOnAncestor, DowngradeMinusOneUpdatesToTheVersionedParent) {  // §8 #33
  ASSERT_TRUE(given({"upgrade", "head"}));
  ASSERT_EQ(rows(), (Rows{"c"}));
  auto result = retort({"downgrade", "-1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(log(), "-c");
  EXPECT_EQ(rows(), (Rows{"b"}));

  clear_log();
  auto again = retort({"upgrade", "head"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(log(), "c");
  EXPECT_EQ(rows(), (Rows{"c"}));
}

}  // namespace
}  // namespace retort::testing
