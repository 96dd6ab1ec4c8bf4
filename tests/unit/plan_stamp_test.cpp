// `stamp` planning (docs/alembic-semantics.md §5.4), with related rows computed
// per destination (§10) so the multi-destination defect does not happen.
#include <gtest/gtest.h>

#include "support/graph_shapes.hpp"
#include "support/plan_case.hpp"

namespace retort::testing {
namespace {

RevisionGraph diamond() {
  return diamond_graph();
}
RevisionGraph two_heads() {
  return two_heads_graph();
}
RevisionGraph labeled() {
  return labeled_branches_graph();
}
RevisionGraph two_roots() {
  return two_roots_graph();
}
RevisionGraph cross_root() {
  return two_roots_with_dependency_graph();
}

constexpr auto stamp = Command::stamp;

class PlanStamp : public ::testing::TestWithParam<PlanCase> {};

TEST_P(PlanStamp, MatchesAlembic) {
  expect_plan(GetParam());
}

// The §5.4 table on the diamond (A; B1 "left"; B2 "right"; M = (B1, B2); C).
INSTANTIATE_TEST_SUITE_P(
    Diamond, PlanStamp,
    ::testing::Values(
        PlanCase{"new table", diamond, stamp, "", "B1", "B1", "INSERT B1", "B1"},
        PlanCase{"a sibling branch", diamond, stamp, "B1", "B2", "B2", "INSERT B2", "B1 B2"},
        PlanCase{"down to the branch point", diamond, stamp, "B1 B2", "A", "A",
                 "DELETE B1; UPDATE B2->A", "A"},
        PlanCase{"two destinations from their branch point", diamond, stamp, "A", "B1 B2", "B1 B2",
                 "UPDATE A->B1 | INSERT B2", "B1 B2"},
        PlanCase{"head merges the rows", diamond, stamp, "B1 B2", "head", "C",
                 "DELETE B1; UPDATE B2->C", "C"},
        PlanCase{"down to a merge parent moves the row", diamond, stamp, "C", "B2", "B2",
                 "UPDATE C->B2", "B2"},
        PlanCase{"base", diamond, stamp, "B2", "base", "base", "DELETE B2", ""},
        PlanCase{"no destination means base", diamond, stamp, "B1 B2", "", "base base",
                 "DELETE B1 | DELETE B2", ""},
        PlanCase{"heads into an empty table", diamond, stamp, "", "heads", "C", "INSERT C", "C"},
        PlanCase{"up through the merge", diamond, stamp, "B1", "M", "M", "UPDATE B1->M", "M"},
        PlanCase{"a destination already a row is skipped", diamond, stamp, "B1", "A B1", "A",
                 "UPDATE B1->A", "A"},
        PlanCase{"already there", diamond, stamp, "C", "C", "", "", "C"},
        // Alembic 1.8.1 crashes with a KeyError (§10.1): both would move C down.
        PlanCase{"two destinations moving one row down", diamond, stamp, "C", "M B1", "", nullptr,
                 nullptr, "Stamp destinations M and B1 would both move the row C down"},
        PlanCase{"base on an empty table", diamond, stamp, "", "base", "", "", ""},
        // Alembic crashes with an assertion after UPDATE A->B1 (§10).
        PlanCase{"a destination given twice", diamond, stamp, "A", "B1 B1", "", nullptr, nullptr,
                 "Stamp destination B1 is given more than once"},
        PlanCase{"rows no file defines", diamond, stamp, "C zzzz", "B1", "", nullptr, nullptr,
                 "Can't locate revision identified by 'zzzz'"},
        PlanCase{"head with several heads", two_heads, stamp, "", "head", "", nullptr, nullptr,
                 "Multiple heads are present; please specify a single target revision"}),
    [](const auto& param) { return test_name(param.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Branches, PlanStamp,
    ::testing::Values(
        // Branched B2 graph [LIB], rows {d1, c2}.
        PlanCase{"L@base deletes only L's row", labeled, stamp, "d1 c2", "c1branch@base", "base",
                 "DELETE d1", "c2"},
        PlanCase{"L@head moves only L's row", labeled, stamp, "d1 c2", "c2branch@head", "d2",
                 "UPDATE c2->d2", "d1 d2"},
        PlanCase{"the shared parent merges both rows", labeled, stamp, "d1 c2", "b", "b",
                 "DELETE d1; UPDATE c2->b", "b"},
        // §5.4 known defect: Alembic gives {x2} (y1 lost); per-destination rows keep y1.
        PlanCase{"unrelated row survives a multi-destination stamp", two_roots, stamp, "x1 y1",
                 "x2 y1", "x2", "UPDATE x1->x2", "x2 y1"},
        PlanCase{"each destination moves its own row", two_roots, stamp, "x1 y1", "x2 y2", "x2 y2",
                 "UPDATE x1->x2 | UPDATE y1->y2", "x2 y2"},
        PlanCase{"a row related through a dependency moves down", cross_root, stamp, "y2", "x1",
                 "x1", "UPDATE y2->x1", "x1"},
        PlanCase{"a dependency's sibling is unrelated", cross_root, stamp, "y2", "x2", "x2",
                 "INSERT x2", "x2 y2"},
        PlanCase{"a new root branch", cross_root, stamp, "x2", "y1", "y1", "INSERT y1", "x2 y1"}),
    [](const auto& param) { return test_name(param.param.name); });

TEST_F(Diamond, PurgeDeletesEveryRowFirstAndIgnoresUnknownOnes) {
  // Scenario 35: `stamp --purge B1` with rows {C, zzzz}.
  const std::vector<std::string> rows{"C", "zzzz"};
  const std::vector<std::string> destinations{"B1"};
  Plan plan = plan_stamp(graph, rows, destinations, true);
  EXPECT_EQ(step_ids(graph, plan), "B1");
  EXPECT_EQ(plan_changes(plan), "DELETE C; DELETE zzzz; INSERT B1");
  EXPECT_EQ(join(plan.rows_before), "C zzzz");
  EXPECT_EQ(rows_after(plan), "B1");
  EXPECT_EQ(join(apply_changes(plan.rows_before, plan.steps[0].changes)), "B1");
}

TEST_F(Diamond, PurgeToBaseIsOneStepDeletingEverything) {
  const std::vector<std::string> rows{"B1", "B2"};
  const std::vector<std::string> destinations{"base"};
  Plan plan = plan_stamp(graph, rows, destinations, true);
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan_changes(plan), "DELETE B1; DELETE B2");
  EXPECT_EQ(rows_after(plan), "");
  EXPECT_EQ(describe_step(graph, plan.steps[0]), "Purging the version table");
}

TEST_F(Diamond, StampStepsDescribeSourcesAndDestination) {
  const std::vector<std::string> rows{"B1", "B2"};
  Plan merge = plan_stamp(graph, rows, std::vector<std::string>{"M"}, false);
  ASSERT_EQ(merge.steps.size(), 1u);
  EXPECT_EQ(merge.steps[0].direction, Direction::stamp);
  EXPECT_EQ(describe_step(graph, merge.steps[0]), "Running stamp_revision B1, B2 -> M");
  Plan base =
      plan_stamp(graph, std::vector<std::string>{"B2"}, std::vector<std::string>{"base"}, false);
  EXPECT_EQ(describe_step(graph, base.steps[0]), "Running stamp_revision B2 -> ");
  Plan fresh = plan_stamp(graph, {}, std::vector<std::string>{"B1"}, false);
  EXPECT_EQ(describe_step(graph, fresh.steps[0]), "Running stamp_revision  -> B1");
}

}  // namespace
}  // namespace retort::testing
