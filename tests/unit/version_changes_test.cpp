// Version-table statements per step (docs/alembic-semantics.md §5.3), applying
// them, and the log line of a step (§6.2).
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
RevisionGraph cross_root() {
  return two_roots_with_dependency_graph();
}
RevisionGraph dependency_only() {
  return dependency_only_head_graph();
}
RevisionGraph merge_dependency() {
  return merge_with_dependency_between_parents_graph();
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
RevisionGraph merge_of_implied_parents() {
  return GraphBuilder()
      .rev("b1")
      .rev("x1", "b1")
      .rev("b2")
      .rev("x2", "b2")
      .rev("M", {"b1", "b2"})
      .build();
}
RevisionGraph revises_and_depends() {
  return GraphBuilder().rev("A").rev("B", "A").rev("C", "B").depends("A").build();
}

constexpr auto up = Command::upgrade;
constexpr auto down = Command::downgrade;

class VersionChanges : public ::testing::TestWithParam<PlanCase> {};

TEST_P(VersionChanges, MatchAlembicsHeadMaintainer) {
  expect_plan(GetParam());
}

// The examples table of §5.3, one row each (>=1.13.1 rules).
INSTANTIATE_TEST_SUITE_P(
    Examples, VersionChanges,
    ::testing::Values(
        PlanCase{"U1 U4: linear upgrade", linear, up, "", "C", "A B C",
                 "INSERT A | UPDATE A->B | UPDATE B->C", "C"},
        PlanCase{"D4 D1: linear downgrade", linear, down, "C", "base", "C B A",
                 "UPDATE C->B | UPDATE B->A | DELETE A", ""},
        PlanCase{"U2 U3: diamond upgrade", diamond, up, "", "head", "A B2 B1 M C",
                 "INSERT A | UPDATE A->B2 | INSERT B1 | DELETE B1; UPDATE B2->M | UPDATE M->C",
                 "C"},
        PlanCase{"D2: parent implied by another row", diamond, down, "B1 B2", "right@-1", "B2",
                 "DELETE B2", "B1"},
        PlanCase{"D4: single row", diamond, down, "B1", "-1", "B1", "UPDATE B1->A", "A"},
        PlanCase{"D3: unmerge", diamond, down, "M", "B2", "M", "INSERT B1; UPDATE M->B2", "B1 B2"},
        PlanCase{"U3: merge of three rows", triple_merge, up, "p q r", "M", "M",
                 "DELETE p; DELETE q; UPDATE r->M", "M"},
        PlanCase{"D3: unmerge into three rows", triple_merge, down, "M", "A@p", "M",
                 "INSERT p; INSERT q; UPDATE M->r", "p q r"},
        PlanCase{"U3: parent row and dependency row", cross_root, up, "x1 y1", "y2", "y2",
                 "DELETE y1; UPDATE x1->y2", "y2"},
        PlanCase{"D3: back to parent and dependency", cross_root, down, "y2", "y1", "y2",
                 "INSERT y1; UPDATE y2->x1", "x1 y1"},
        PlanCase{"U2: parent only implied", cross_root, up, "y2", "x2", "x2", "INSERT x2", "x2 y2"},
        PlanCase{"D2: parent implied by a dependent row", cross_root, down, "x2 y2", "x1", "x2",
                 "DELETE x2", "y2"},
        PlanCase{"U2: merge of implied parents", merge_of_implied_parents, up, "x1 x2", "M", "M",
                 "INSERT M", "x1 x2 M"},
        PlanCase{"U4: root depending on the row", dependency_only, up, "A", "B", "B", "UPDATE A->B",
                 "B"},
        // #1373: 1.8.1 wrote INSERT a1; UPDATE bm->b1 (rows {a1, b1}, overlapping).
        PlanCase{"D3 >=1.13.1: parent that is an ancestor of the other", merge_dependency, down,
                 "bm", "a1", "bm", "UPDATE bm->b1", "b1"},
        // 1.8.1 wrote INSERT B; UPDATE C->A (rows {A, B}, overlapping).
        PlanCase{"D3 >=1.13.1: dependency on an ancestor", revises_and_depends, down, "C", "B", "C",
                 "UPDATE C->B", "B"}),
    [](const auto& param) { return test_name(param.param.name); });

TEST(ApplyChanges, AppliesInsertUpdateAndDeleteInOrder) {
  const std::vector<VersionChange> changes{
      {VersionChange::Op::update, "A", "B"},
      {VersionChange::Op::insert, "", "C"},
      {VersionChange::Op::remove, "B", ""},
  };
  EXPECT_EQ(join(apply_changes({"A"}, changes)), "C");
  EXPECT_EQ(join(apply_changes({"X", "A"}, changes)), "X C");
  EXPECT_EQ(join(apply_changes({}, {})), "");
}

TEST(ApplyChanges, PlanStatementsReproduceRowsAfter) {
  const RevisionGraph graph = diamond_graph();
  Plan plan = plan_upgrade(graph, {}, "head");
  std::vector<std::string> rows = plan.rows_before;
  for (const auto& step : plan.steps) rows = apply_changes(rows, step.changes);
  EXPECT_EQ(rows, plan.rows_after);
}

TEST(DescribeStep, UsesVersionedParentsAndTheDoc) {
  const RevisionGraph graph = GraphBuilder()
                                  .rev("a0000001")
                                  .message("create users\n\nlonger text")
                                  .rev("b1000001", "a0000001")
                                  .rev("b2000001", "a0000001")
                                  .message("add index")
                                  .rev("m0000001", {"b1000001", "b2000001"})
                                  .rev("x0000001")
                                  .message("uses users")
                                  .depends("a0000001")
                                  .build();
  Plan plan = plan_upgrade(graph, {}, "heads");
  ASSERT_FALSE(plan.steps.empty());
  EXPECT_EQ(describe_step(graph, plan.steps[0]), "Running upgrade  -> a0000001, create users");
  EXPECT_EQ(describe_step(graph, plan.steps[0], false), "Running upgrade  -> a0000001");
  const Step merge{Direction::upgrade, *graph.find_id("m0000001"), {}, {}};
  EXPECT_EQ(describe_step(graph, merge), "Running upgrade b1000001, b2000001 -> m0000001");
  const Step dependent{Direction::upgrade, *graph.find_id("x0000001"), {}, {}};
  EXPECT_EQ(describe_step(graph, dependent), "Running upgrade  -> x0000001, uses users");
  const Step unmerge{Direction::downgrade, *graph.find_id("m0000001"), {}, {}};
  EXPECT_EQ(describe_step(graph, unmerge), "Running downgrade m0000001 -> b1000001, b2000001");
  const Step last{Direction::downgrade, *graph.find_id("b2000001"), {}, {}};
  EXPECT_EQ(describe_step(graph, last), "Running downgrade b2000001 -> a0000001, add index");
}

}  // namespace
}  // namespace retort::testing
