// Upgrade planning (docs/alembic-semantics.md §3): which revisions run, in
// Alembic's order (§3.4), with the version-table statements of §5.3.
#include <gtest/gtest.h>

#include "retort/error.hpp"
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
RevisionGraph cross_root() {
  return two_roots_with_dependency_graph();
}
RevisionGraph dependency_only() {
  return dependency_only_head_graph();
}
RevisionGraph merge_dependency() {
  return merge_with_dependency_between_parents_graph();
}

// §3.4 consequences.
RevisionGraph heads_x_first() {
  return GraphBuilder()
      .rev("A")
      .rev("X1", "A")
      .rev("X2", "X1")
      .rev("Y1", "A")
      .rev("Y2", "Y1")
      .build();
}
RevisionGraph heads_y_first() {
  return GraphBuilder()
      .rev("A")
      .rev("Y1", "A")
      .rev("Y2", "Y1")
      .rev("X1", "A")
      .rev("X2", "X1")
      .build();
}
RevisionGraph three_children() {
  return GraphBuilder().rev("A").rev("P", "A").rev("Q", "A").rev("R", "A").build();
}
RevisionGraph merge_reversed() {
  return GraphBuilder().rev("A").rev("B1", "A").rev("B2", "A").rev("M", {"B2", "B1"}).build();
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
// §5.3: b1 <- x1, b2 <- x2, M = (b1, b2).
RevisionGraph merge_of_implied_parents() {
  return GraphBuilder()
      .rev("b1")
      .rev("x1", "b1")
      .rev("b2")
      .rev("x2", "b2")
      .rev("M", {"b1", "b2"})
      .build();
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
RevisionGraph diamond_and_unrelated_root() {
  return GraphBuilder()
      .rev("A")
      .rev("B1", "A")
      .rev("B2", "A")
      .rev("M", {"B1", "B2"})
      .rev("Z")
      .build();
}

constexpr auto up = Command::upgrade;

class PlanUpgrade : public ::testing::TestWithParam<PlanCase> {};

TEST_P(PlanUpgrade, MatchesAlembic) {
  expect_plan(GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, PlanUpgrade,
    ::testing::Values(
        PlanCase{"linear from an empty table", linear, up, "", "head", "A B C",
                 "INSERT A | UPDATE A->B | UPDATE B->C", "C"},
        PlanCase{"upgrading backwards is a silent no-op", linear, up, "C", "A", "", "", "C"},
        PlanCase{"already at the target", linear, up, "C", "head", "", "", "C"},
        PlanCase{
            "diamond: last-listed parent's branch first", diamond, up, "", "head", "A B2 B1 M C",
            "INSERT A | UPDATE A->B2 | INSERT B1 | DELETE B1; UPDATE B2->M | UPDATE M->C", "C"},
        PlanCase{"to a merge from one parent", diamond, up, "B2", "M", "B1 M",
                 "INSERT B1 | DELETE B1; UPDATE B2->M", "M"},
        PlanCase{"to a sibling adds a row", diamond, up, "B2", "B1", "B1", "INSERT B1", "B1 B2"},
        PlanCase{"a bare label stops at the declaring revision", diamond, up, "", "left", "A B1",
                 "INSERT A | UPDATE A->B1", "B1"},
        PlanCase{"from the middle of a branch", diamond, up, "B1", "head", "B2 M C",
                 "INSERT B2 | DELETE B1; UPDATE B2->M | UPDATE M->C", "C"},
        PlanCase{"base is a no-op", diamond, up, "", "base", "", "", ""},
        PlanCase{"head with several heads", two_heads, up, "", "head", "", nullptr, nullptr,
                 "Multiple head revisions are present for given argument 'head'; please specify a "
                 "specific target revision, '<branchname>@head' to narrow to a specific head, or "
                 "'heads' for all heads"},
        PlanCase{"heads: the first head in load order runs last", two_heads, up, "", "heads",
                 "A B2 B2b B1 B1b",
                 "INSERT A | UPDATE A->B2 | UPDATE B2->B2b | INSERT B1 | UPDATE B1->B1b",
                 "B1b B2b"},
        PlanCase{"L@head", two_heads, up, "", "left@head", "A B1 B1b",
                 "INSERT A | UPDATE A->B1 | UPDATE B1->B1b", "B1b"},
        PlanCase{"across a dependency", cross_root, up, "", "yb@head", "x1 y1 y2",
                 "INSERT x1 | INSERT y1 | DELETE y1; UPDATE x1->y2", "y2"},
        PlanCase{"a dependency-implied parent inserts", cross_root, up, "y2", "xb@head", "x2",
                 "INSERT x2", "x2 y2"},
        PlanCase{"merge of a parent row and a dependency row", cross_root, up, "x1 y1", "y2", "y2",
                 "DELETE y1; UPDATE x1->y2", "y2"},
        PlanCase{"dependency row implied by another row", cross_root, up, "y1 x2", "y2", "y2",
                 "UPDATE y1->y2", "x2 y2"},
        PlanCase{"effective head makes head ambiguous", dependency_only, up, "", "head", "",
                 nullptr, nullptr,
                 "Multiple head revisions are present for given argument 'head'; please specify a "
                 "specific target revision, '<branchname>@head' to narrow to a specific head, or "
                 "'heads' for all heads"},
        PlanCase{"heads are the real heads", dependency_only, up, "", "heads", "A B",
                 "INSERT A | UPDATE A->B", "B"},
        PlanCase{"a root depending on a row moves it", dependency_only, up, "A", "B", "B",
                 "UPDATE A->B", "B"},
        PlanCase{"merge whose parent depends on the other", merge_dependency, up, "", "heads",
                 "a1 b1 bm", "INSERT a1 | UPDATE a1->b1 | UPDATE b1->bm", "bm"},
        PlanCase{"overlapping rows", linear, up, "A B", "head", "", nullptr, nullptr,
                 "Requested revision B overlaps with other requested revisions A"},
        PlanCase{"rows no file defines", diamond, up, "C zzzz", "head", "", nullptr, nullptr,
                 "Can't locate revision identified by 'zzzz'"},
        PlanCase{"current is not a target", diamond, up, "", "current", "", nullptr, nullptr,
                 "Can't locate revision identified by 'current'"}),
    [](const auto& param) { return test_name(param.param.name); });

// §3.4 "Consequences" [LIB].
INSTANTIATE_TEST_SUITE_P(
    EmissionOrder, PlanUpgrade,
    ::testing::Values(
        PlanCase{"siblings: X first in load order runs last", heads_x_first, up, "", "heads",
                 "A Y1 Y2 X1 X2", nullptr, "X2 Y2"},
        PlanCase{"siblings: Y first in load order runs last", heads_y_first, up, "", "heads",
                 "A X1 X2 Y1 Y2", nullptr, "Y2 X2"},
        PlanCase{"three children", three_children, up, "", "heads", "A R Q P", nullptr, "P Q R"},
        PlanCase{"merge (B2, B1)", merge_reversed, up, "", "heads", "A B1 B2 M",
                 "INSERT A | UPDATE A->B1 | INSERT B2 | DELETE B2; UPDATE B1->M", "M"},
        PlanCase{"long branches stay contiguous", long_diamond, up, "", "head",
                 "A B2 B2b B1 B1b M C", nullptr, "C"},
        PlanCase{"independent roots", independent_roots, up, "", "heads", "B1 B2 A1 A2", nullptr,
                 "A2 B2"}),
    [](const auto& param) { return test_name(param.param.name); });

// §5.3 upgrade rules U1-U4.
INSTANTIATE_TEST_SUITE_P(
    VersionRows, PlanUpgrade,
    ::testing::Values(PlanCase{"U2: merge whose parents are only implied", merge_of_implied_parents,
                               up, "x1 x2", "M", "M", "INSERT M", "x1 x2 M"},
                      PlanCase{"U3: three parent rows", triple_merge, up, "p q r", "M", "M",
                               "DELETE p; DELETE q; UPDATE r->M", "M"},
                      PlanCase{"U3 with an unrelated row", diamond_and_unrelated_root, up,
                               "B1 B2 Z", "M", "M", "DELETE B1; UPDATE B2->M", "M Z"}),
    [](const auto& param) { return test_name(param.param.name); });

TEST_F(TwoHeads, SeveralHeadsErrorHintListsTheHeads) {
  try {
    plan_upgrade(graph, {}, "head");
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::target);
    EXPECT_EQ(error.hint(),
              "the heads are B1b (left), B2b (right); use 'heads' for all of them, "
              "'<label>@head' for one branch, or run 'retort merge heads' to join them");
  }
}

TEST(PlanUpgrade, NoRevisionsGiveAnEmptyPlan) {
  RevisionGraph graph({});
  Plan plan = plan_upgrade(graph, {}, "head");
  EXPECT_TRUE(plan.steps.empty());
  EXPECT_TRUE(plan.rows_after.empty());
  EXPECT_TRUE(plan_upgrade(graph, {}, "heads").steps.empty());
}

TEST_F(Diamond, PlanKeepsRowsBeforeAndStepDirections) {
  const std::vector<std::string> rows{"B1"};
  Plan plan = plan_upgrade(graph, rows, "head");
  EXPECT_EQ(join(plan.rows_before), "B1");
  for (const auto& step : plan.steps) EXPECT_EQ(step.direction, Direction::upgrade);
  EXPECT_TRUE(plan.warnings.empty());
}

}  // namespace
}  // namespace retort::testing
