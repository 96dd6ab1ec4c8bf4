// Relative upgrade and downgrade targets (docs/alembic-semantics.md §2.6, §2.7,
// §3.3 and the relative rows of §4.4 and §8).
#include <gtest/gtest.h>

#include <tuple>

#include "support/graph_shapes.hpp"
#include "support/plan_case.hpp"

namespace retort::testing {
namespace {

RevisionGraph five_chain() {
  return GraphBuilder().rev("a").rev("b", "a").rev("c", "b").rev("d", "c").rev("e", "d").build();
}
RevisionGraph linear() {
  return linear_graph();
}
RevisionGraph diamond() {
  return diamond_graph();
}
RevisionGraph diamond_with_tail() {
  return diamond_graph(true);
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

constexpr auto up = Command::upgrade;
constexpr auto down = Command::downgrade;

class RelativeTarget : public ::testing::TestWithParam<PlanCase> {};

TEST_P(RelativeTarget, MatchesAlembic) {
  expect_plan(GetParam());
}

// §3.3: linear a <- b <- c <- d <- e.
INSTANTIATE_TEST_SUITE_P(
    LinearUpgrade, RelativeTarget,
    ::testing::Values(
        PlanCase{"+2 from a", five_chain, up, "a", "+2", "b c", nullptr, "c"},
        PlanCase{"+3 from b", five_chain, up, "b", "+3", "c d e", nullptr, "e"},
        PlanCase{"b+2 is relative to b, not to the rows", five_chain, up, "a", "b+2", "b c d",
                 nullptr, "d"},
        PlanCase{"d-2", five_chain, up, "a", "d-2", "b", nullptr, "b"},
        PlanCase{"-2 never upgrades", five_chain, up, "b", "-2", "", nullptr, nullptr,
                 "Relative revision -2 didn't produce 2 migrations"},
        PlanCase{"+5 walks past the head", five_chain, up, "b", "+5", "", nullptr, nullptr,
                 "Relative revision +5 didn't produce 5 migrations"},
        PlanCase{"base+2 from an empty table", five_chain, up, "", "base+2", "a b", nullptr, "b"},
        PlanCase{"+0", five_chain, up, "b", "+0", "", nullptr, nullptr,
                 "Relative revision 0 didn't produce 0 migrations"},
        PlanCase{"+1 from an empty table starts at the base", five_chain, up, "", "+1", "a",
                 "INSERT a", "a"},
        PlanCase{"sym+0 is the symbol", five_chain, up, "a", "c+0", "b c", nullptr, "c"},
        // Alembic crashes with an assertion here; §10 asks for the regular error.
        PlanCase{"A+9 overwalk", linear, up, "A", "A+9", "", nullptr, nullptr,
                 "Relative revision +9 didn't produce 9 migrations"},
        PlanCase{"A-1 reaches base: nothing to do", linear, up, "", "A-1", "", "", ""}),
    [](const auto& param) { return test_name(param.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Downgrade, RelativeTarget,
    ::testing::Values(PlanCase{"-1 from C", linear, down, "C", "-1", "C", "UPDATE C->B", "B"},
                      PlanCase{"-1 with no rows", linear, down, "", "-1", "", nullptr, nullptr,
                               "Relative revision -1 didn't produce 1 migrations"},
                      PlanCase{"+1 never downgrades", linear, down, "B", "+1", "", nullptr, nullptr,
                               "Relative revision +1 didn't produce 1 migrations"},
                      PlanCase{"C-9 walks too far", linear, down, "B", "C-9", "", nullptr, nullptr,
                               "Walked too far"},
                      PlanCase{"A+9 walks too far", linear, down, "B", "A+9", "", nullptr, nullptr,
                               "Walked too far"},
                      PlanCase{"-3 from C reaches base", linear, down, "C", "-3", "C B A",
                               "UPDATE C->B | UPDATE B->A | DELETE A", ""},
                      PlanCase{"-4 from C is too far", linear, down, "C", "-4", "", nullptr,
                               nullptr, "Relative revision -4 didn't produce 4 migrations"},
                      PlanCase{"-1 from the merge's child", diamond, down, "C", "-1", "C",
                               "UPDATE C->M", "M"},
                      PlanCase{"-2 walks into a merge", diamond, down, "C", "-2", "", nullptr,
                               nullptr, "Ambiguous walk"},
                      PlanCase{"-1 from a merge", diamond, down, "M", "-1", "", nullptr, nullptr,
                               "Ambiguous walk"},
                      PlanCase{"-3 from D hits the merge", diamond_with_tail, down, "D", "-3", "",
                               nullptr, nullptr, "Ambiguous walk"}),
    [](const auto& param) { return test_name(param.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Branches, RelativeTarget,
    ::testing::Values(
        // §2.7: steps count graph edges, not migrations (scenario 15).
        PlanCase{"+2 from B1 runs three migrations", diamond, up, "B1", "+2", "B2 M C",
                 "INSERT B2 | DELETE B1; UPDATE B2->M | UPDATE M->C", "C"},
        PlanCase{"+1 at a branch point", two_heads, up, "A", "+1", "", nullptr, nullptr,
                 "Ambiguous walk"},
        PlanCase{"L@+1 chooses the branch", two_heads, up, "A", "left@+1", "B1", "UPDATE A->B1",
                 "B1"},
        PlanCase{"L@+1 from the other branch's row", two_heads, up, "B2", "left@+1", "B1",
                 "INSERT B1", "B1 B2"},
        PlanCase{"+1 from several rows", two_heads, up, "B1 B2", "+1", "", nullptr, nullptr,
                 "Ambiguous upgrade from multiple current revisions"},
        PlanCase{"L@+1 picks the row on L", two_heads, up, "B1 B2", "right@+1", "B2b",
                 "UPDATE B2->B2b", "B1 B2b"},
        PlanCase{"L@+1 from an empty table walks from L's base", cross_root, up, "", "yb@+1", "y1",
                 "INSERT y1", "y1"},
        PlanCase{"L@+1 from a branch implied through a dependency", cross_root, up, "y2", "xb@+1",
                 "x2", "INSERT x2", "x2 y2"},
        PlanCase{"L@-1 drops only L's tip", two_heads, down, "B1b B2b", "left@-1", "B1b",
                 "UPDATE B1b->B1", "B1 B2b"},
        PlanCase{"L@-1 from an implied branch", cross_root, down, "y2", "xb@-1", "y2 x1",
                 "INSERT y1; UPDATE y2->x1 | DELETE x1", "y1"},
        PlanCase{"L@-1 with no revision on L", two_heads, down, "B2b", "left@-1", "", nullptr,
                 nullptr, "Relative revision -1 didn't produce 1 migrations"},
        PlanCase{"c1branch@-1", labeled, down, "d1 d2", "c1branch@-1", "d1", "UPDATE d1->c1",
                 "c1 d2"},
        PlanCase{"c1branch@head-1", labeled, down, "d1 d2", "c1branch@head-1", "d1",
                 "UPDATE d1->c1", "c1 d2"},
        PlanCase{"c1-1 drops both branches", labeled, down, "d1 d2", "c1-1", "d1 c1 d2 c2",
                 "UPDATE d1->c1 | DELETE c1 | UPDATE d2->c2 | UPDATE c2->b", "b"},
        PlanCase{"c1branch@c1-1 drops one branch", labeled, down, "d1 d2", "c1branch@c1-1", "d1 c1",
                 "UPDATE d1->c1 | DELETE c1", "d2"},
        PlanCase{"base+2", labeled, down, "d1 d2", "base+2", "d1 c1 d2 c2", nullptr, "b"},
        PlanCase{"c2branch@base+2", labeled, down, "d1 d2", "c2branch@base+2", "d2 c2",
                 "UPDATE d2->c2 | DELETE c2", "d1"},
        PlanCase{"d2-1", labeled, down, "c1 d2", "d2-1", "d2", "UPDATE d2->c2", "c1 c2"}),
    [](const auto& param) { return test_name(param.param.name); });

TEST(RelativeTarget, DowngradeMinusOneFromSeveralRowsWarnsAndPicksTheFirstRowReturned) {
  // Scenario 13: the first row in the server's order, as Alembic takes it (§2.6).
  const RevisionGraph graph = diamond_graph();
  for (const auto& [rows, dropped, kept] :
       {std::tuple{std::vector<std::string>{"B2", "B1"}, "B2", "B1"},
        std::tuple{std::vector<std::string>{"B1", "B2"}, "B1", "B2"}}) {
    Plan plan = plan_downgrade(graph, rows, "-1");
    EXPECT_EQ(step_ids(graph, plan), dropped);
    EXPECT_EQ(plan_changes(plan), std::string("DELETE ") + dropped);
    EXPECT_EQ(rows_after(plan), kept);
  }
  const std::vector<std::string> rows{"B2", "B1"};
  Plan plan = plan_downgrade(graph, rows, "-1");
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_EQ(plan.warnings[0],
            "downgrade -1 from multiple heads is ambiguous; this usage will be disallowed in a "
            "future release.");
}

}  // namespace
}  // namespace retort::testing
