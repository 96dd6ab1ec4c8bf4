// Downgrade planning (docs/alembic-semantics.md §4): what is dropped, in which
// order (§4.3), with the version-table statements of §5.3.
#include <gtest/gtest.h>

#include "support/graph_shapes.hpp"
#include "support/plan_case.hpp"

namespace retort::testing {
namespace {

RevisionGraph linear() {
  return linear_graph();
}
RevisionGraph diamond() {
  return diamond_graph();
}
RevisionGraph two_heads() {
  return two_heads_graph();
}
RevisionGraph labeled() {
  return labeled_branches_graph();
}
RevisionGraph cross_root() {
  return two_roots_with_dependency_graph();
}
RevisionGraph dependency_only() {
  return dependency_only_head_graph();
}
RevisionGraph merge_dependency() {
  return merge_with_dependency_between_parents_graph();
}
RevisionGraph three_children() {
  return GraphBuilder().rev("A").rev("P", "A").rev("Q", "A").rev("R", "A").build();
}
RevisionGraph long_diamond() {
  return GraphBuilder()
      .rev("A")
      .rev("B1", "A")
      .rev("B1b", "B1")
      .rev("B2", "A")
      .rev("B2b", "B2")
      .rev("M", {"B1b", "B2b"})
      .rev("C", "M")
      .build();
}
RevisionGraph independent_roots() {
  return GraphBuilder().rev("A1").rev("A2", "A1").rev("B1").rev("B2", "B1").build();
}
RevisionGraph triple_merge() {
  return GraphBuilder()
      .rev("A")
      .rev("p", "A")
      .rev("q", "A")
      .rev("r", "A")
      .rev("M", {"p", "q", "r"})
      .build();
}
// Scenario 33: A <- B, C revises B and depends on A.
RevisionGraph revises_and_depends() {
  return GraphBuilder().rev("A").rev("B", "A").rev("C", "B").depends("A").build();
}

constexpr auto down = Command::downgrade;

class PlanDowngrade : public ::testing::TestWithParam<PlanCase> {};

TEST_P(PlanDowngrade, MatchesAlembic) {
  expect_plan(GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Linear, PlanDowngrade,
    ::testing::Values(
        PlanCase{"to base", linear, down, "B", "base", "B A", "UPDATE B->A | DELETE A", ""},
        PlanCase{"all the way from the head", linear, down, "C", "base", "C B A",
                 "UPDATE C->B | UPDATE B->A | DELETE A", ""},
        PlanCase{"to the current row is a no-op", linear, down, "C", "C", "", "", "C"},
        PlanCase{"above the rows", linear, down, "B", "C", "", nullptr, nullptr,
                 "Destination C is not a valid downgrade target from current head(s)"},
        PlanCase{"empty table to base", linear, down, "", "base", "", "", ""},
        PlanCase{"empty table to a revision", linear, down, "", "A", "", nullptr, nullptr,
                 "Destination A is not a valid downgrade target from current head(s)"},
        // §5.2/scenario 34: a redundant row still downgrades.
        PlanCase{"redundant rows", linear, down, "A B", "base", "B A", "DELETE B | DELETE A", ""},
        PlanCase{"rows no file defines", linear, down, "C zzzz", "base", "", nullptr, nullptr,
                 "Can't locate revision identified by 'zzzz'"}),
    [](const auto& param) { return test_name(param.param.name); });

// §4.4 diamond table.
INSTANTIATE_TEST_SUITE_P(
    Diamond, PlanDowngrade,
    ::testing::Values(
        PlanCase{"to one merge parent keeps both parents", diamond, down, "C", "B1", "C M",
                 "UPDATE C->M | INSERT B1; UPDATE M->B2", "B1 B2"},
        PlanCase{"to the other merge parent", diamond, down, "C", "B2", "C M",
                 "UPDATE C->M | INSERT B1; UPDATE M->B2", "B1 B2"},
        PlanCase{"to the branch point", diamond, down, "C", "A", "C M B1 B2",
                 "UPDATE C->M | INSERT B1; UPDATE M->B2 | DELETE B1 | UPDATE B2->A", "A"},
        PlanCase{"two rows to the branch point, in load order", diamond, down, "B2 B1", "A",
                 "B1 B2", "DELETE B1 | UPDATE B2->A", "A"},
        PlanCase{"to base", diamond, down, "C", "base", "C M B1 B2 A",
                 "UPDATE C->M | INSERT B1; UPDATE M->B2 | DELETE B1 | UPDATE B2->A | DELETE A", ""},
        PlanCase{"unmerge a merge row", diamond, down, "M", "B1", "M", "INSERT B1; UPDATE M->B2",
                 "B1 B2"},
        PlanCase{"one branch by label", diamond, down, "B1 B2", "right@-1", "B2", "DELETE B2",
                 "B1"},
        PlanCase{"single row to its parent", diamond, down, "B1", "A", "B1", "UPDATE B1->A", "A"}),
    [](const auto& param) { return test_name(param.param.name); });

// §4.4 branched table (Alembic's own tests) and §4.2 pitfalls.
INSTANTIATE_TEST_SUITE_P(
    LabeledBranches, PlanDowngrade,
    ::testing::Values(
        PlanCase{"b", labeled, down, "d1 d2", "b", "d1 c1 d2 c2",
                 "UPDATE d1->c1 | DELETE c1 | UPDATE d2->c2 | UPDATE c2->b", "b"},
        PlanCase{"c2", labeled, down, "d1 d2", "c2", "d2", "UPDATE d2->c2", "d1 c2"},
        PlanCase{"c2@b: revision as branch filter", labeled, down, "d1 d2", "c2@b", "d2 c2",
                 "UPDATE d2->c2 | DELETE c2", "d1"},
        PlanCase{"d1@b", labeled, down, "d1 d2", "d1@b", "d1 c1", "UPDATE d1->c1 | DELETE c1",
                 "d2"},
        // §4.2: one shared root, so the label filters nothing.
        PlanCase{"c1branch@base drops everything", labeled, down, "d1 d2", "c1branch@base",
                 "d1 c1 d2 c2 b a", nullptr, ""},
        // Absolute targets drop the label: c1branch@head is the global head.
        PlanCase{"c1branch@head", labeled, down, "d1 d2", "c1branch@head", "", nullptr, nullptr,
                 "Multiple head revisions are present for given argument 'c1branch@head'; please "
                 "specify a specific target revision, '<branchname>@c1branch@head' to narrow to a "
                 "specific head, or 'heads' for all heads"},
        PlanCase{"right@base with one root drops the left branch too", two_heads, down, "B1b B2b",
                 "right@base", "B1b B1 B2b B2 A",
                 "UPDATE B1b->B1 | DELETE B1 | UPDATE B2b->B2 | UPDATE B2->A | DELETE A", ""},
        PlanCase{"L@T with nothing of L applied", two_heads, down, "B2b", "left@A", "", nullptr,
                 nullptr,
                 "Destination left@A is not a valid downgrade target from current head(s)"},
        PlanCase{"unknown branch filter", two_heads, down, "B1b B2b", "nosuch@A", "", nullptr,
                 nullptr, "Can't locate revision identified by 'nosuch'"},
        PlanCase{"heads as a target with several heads", two_heads, down, "B1b B2b", "heads", "",
                 nullptr, nullptr,
                 "Multiple head revisions are present for given argument 'heads'; please specify "
                 "a specific target revision, '<branchname>@heads' to narrow to a specific head, "
                 "or 'heads' for all heads"}),
    [](const auto& param) { return test_name(param.param.name); });

// §4.4 cross-root dependency table and §5.3 dependency rows.
INSTANTIATE_TEST_SUITE_P(
    Dependencies, PlanDowngrade,
    ::testing::Values(
        PlanCase{"xb@base takes the dependent along", cross_root, down, "x2 y2", "xb@base",
                 "x2 y2 x1", "DELETE x2 | INSERT y1; UPDATE y2->x1 | DELETE x1", "y1"},
        PlanCase{"x1 keeps what y2 implies", cross_root, down, "x2 y2", "x1", "x2", "DELETE x2",
                 "y2"},
        PlanCase{"y1 unmerges the dependency", cross_root, down, "y2", "y1", "y2",
                 "INSERT y1; UPDATE y2->x1", "x1 y1"},
        PlanCase{"an implied revision is not a target", dependency_only, down, "B", "A", "",
                 nullptr, nullptr,
                 "Destination A is not a valid downgrade target from current head(s)"},
        PlanCase{"dependency-only root to base", dependency_only, down, "B", "base", "B A",
                 "UPDATE B->A | DELETE A", ""},
        // Scenario 32 (#1373): >=1.13.1 rows {b1}; 1.8.1 wrote {a1, b1}.
        PlanCase{"merge whose parent depends on the other", merge_dependency, down, "bm", "a1",
                 "bm", "UPDATE bm->b1", "b1"},
        // Scenario 33: >=1.13.1 UPDATE C->B; 1.8.1 wrote {A, B}.
        PlanCase{"revision that also depends on its grandparent", revises_and_depends, down, "C",
                 "-1", "C", "UPDATE C->B", "B"}),
    [](const auto& param) { return test_name(param.param.name); });

// §4.3 order and §5.3 unmerge of three parents.
INSTANTIATE_TEST_SUITE_P(
    Order, PlanDowngrade,
    ::testing::Values(PlanCase{"rows in load order", three_children, down, "R Q P", "base",
                               "P Q R A", "DELETE P | DELETE Q | UPDATE R->A | DELETE A", ""},
                      PlanCase{"first-listed merge parent's branch first", long_diamond, down, "C",
                               "base", "C M B1b B1 B2b B2 A", nullptr, ""},
                      PlanCase{"two roots", independent_roots, down, "A2 B2", "base", "A2 A1 B2 B1",
                               "UPDATE A2->A1 | DELETE A1 | UPDATE B2->B1 | DELETE B1", ""},
                      PlanCase{"unmerge three parents", triple_merge, down, "M", "p", "M",
                               "INSERT p; INSERT q; UPDATE M->r", "p q r"}),
    [](const auto& param) { return test_name(param.param.name); });

TEST_F(Diamond, DowngradeStepsCarryTheirDirection) {
  const std::vector<std::string> rows{"C"};
  Plan plan = plan_downgrade(graph, rows, "B1");
  ASSERT_EQ(plan.steps.size(), 2u);
  EXPECT_EQ(plan.steps[0].direction, Direction::downgrade);
  EXPECT_EQ(join(plan.rows_before), "C");
  EXPECT_TRUE(plan.warnings.empty());
}

}  // namespace
}  // namespace retort::testing
