// Every scenario of docs/alembic-semantics.md §8 that needs no database, by
// number. Where Alembic has a defect (§10) the row asserts retort's
// recommended behaviour and says so.
#include <gtest/gtest.h>

#include "retort/error.hpp"
#include "retort/history.hpp"
#include "retort/target.hpp"
#include "support/graph_shapes.hpp"
#include "support/plan_case.hpp"

namespace retort::testing {
namespace {

RevisionGraph l3() {
  return linear_graph();
}
RevisionGraph d1() {
  return diamond_graph();
}
RevisionGraph d1_tail() {
  return diamond_graph(true);
}
RevisionGraph br() {
  return two_heads_graph();
}
RevisionGraph xy() {
  return two_roots_with_dependency_graph();
}
RevisionGraph do_graph() {
  return dependency_only_head_graph();
}
RevisionGraph bm() {
  return merge_with_dependency_between_parents_graph();
}
RevisionGraph b2g() {
  return labeled_branches_graph();
}
RevisionGraph tr() {
  return two_roots_graph();
}
RevisionGraph merge_b2_b1() {
  return GraphBuilder().rev("A").rev("B1", "A").rev("B2", "A").rev("M", {"B2", "B1"}).build();
}
RevisionGraph c_depends_on_a() {
  return GraphBuilder().rev("A").rev("B", "A").rev("C", "B").depends("A").build();
}

constexpr auto up = Command::upgrade;
constexpr auto down = Command::downgrade;
constexpr auto stamp = Command::stamp;
constexpr const char* k_several_heads =
    "Multiple head revisions are present for given argument 'head'; please specify a specific "
    "target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads";

class AlembicScenario : public ::testing::TestWithParam<PlanCase> {};

TEST_P(AlembicScenario, MatchesAlembic) {
  expect_plan(GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Section8, AlembicScenario,
    ::testing::Values(
        PlanCase{"01 L3 upgrade head", l3, up, "", "head", "A B C",
                 "INSERT A | UPDATE A->B | UPDATE B->C", "C"},
        PlanCase{"02 L3 downgrade -1", l3, down, "C", "-1", "C", "UPDATE C->B", "B"},
        PlanCase{"03 L3 downgrade base", l3, down, "B", "base", "B A", "UPDATE B->A | DELETE A",
                 ""},
        PlanCase{"04 L3 upgrade backwards is a no-op", l3, up, "C", "A", "", "", "C"},
        PlanCase{"05 L3 downgrade to the row is a no-op", l3, down, "C", "C", "", "", "C"},
        PlanCase{"06 L3 downgrade -1 on an empty table", l3, down, "", "-1", "", nullptr, nullptr,
                 "Relative revision -1 didn't produce 1 migrations"},
        // Alembic crashes with an assertion (exit 1); §10: the regular error.
        PlanCase{"07 L3 upgrade A+9", l3, up, "A", "A+9", "", nullptr, nullptr,
                 "Relative revision +9 didn't produce 9 migrations"},
        PlanCase{"08a L3 downgrade C-9", l3, down, "B", "C-9", "", nullptr, nullptr,
                 "Walked too far"},
        PlanCase{"08b L3 downgrade A+9", l3, down, "B", "A+9", "", nullptr, nullptr,
                 "Walked too far"},
        PlanCase{"09 L3 upgrade base+2", l3, up, "", "base+2", "A B", "INSERT A | UPDATE A->B",
                 "B"},
        PlanCase{"10 D1 upgrade head", d1, up, "", "head", "A B2 B1 M C",
                 "INSERT A | UPDATE A->B2 | INSERT B1 | DELETE B1; UPDATE B2->M | UPDATE M->C",
                 "C"},
        PlanCase{"11 D1 downgrade B1 keeps both parents", d1, down, "C", "B1", "C M",
                 "UPDATE C->M | INSERT B1; UPDATE M->B2", "B1 B2"},
        PlanCase{"12 D1 downgrade A from both branches", d1, down, "B1 B2", "A", "B1 B2",
                 "DELETE B1 | UPDATE B2->A", "A"},
        // The first row the SELECT returned (here B2), as Alembic picks it (§2.6).
        PlanCase{"13 D1 downgrade -1 from two rows", d1, down, "B2 B1", "-1", "B2", "DELETE B2",
                 "B1"},
        PlanCase{"14 D1 upgrade M from B2", d1, up, "B2", "M", "B1 M",
                 "INSERT B1 | DELETE B1; UPDATE B2->M", "M"},
        PlanCase{"15 D1 upgrade +2 from B1", d1, up, "B1", "+2", "B2 M C",
                 "INSERT B2 | DELETE B1; UPDATE B2->M | UPDATE M->C", "C"},
        PlanCase{"16 D1+D downgrade -3", d1_tail, down, "D", "-3", "", nullptr, nullptr,
                 "Ambiguous walk"},
        PlanCase{"17 D1 stamp M", d1, stamp, "B1", "M", "M", "UPDATE B1->M", "M"},
        PlanCase{"18 BR upgrade head", br, up, "", "head", "", nullptr, nullptr, k_several_heads},
        PlanCase{"19 BR upgrade heads", br, up, "", "heads", "A B2 B2b B1 B1b", nullptr, "B1b B2b"},
        PlanCase{"20a BR upgrade +1", br, up, "A", "+1", "", nullptr, nullptr, "Ambiguous walk"},
        PlanCase{"20b BR upgrade left@+1", br, up, "A", "left@+1", "B1", "UPDATE A->B1", "B1"},
        PlanCase{"21 BR downgrade right@base drops everything", br, down, "B1b B2b", "right@base",
                 "B1b B1 B2b B2 A", nullptr, ""},
        PlanCase{"22 BR downgrade left@-1", br, down, "B1b B2b", "left@-1", "B1b", "UPDATE B1b->B1",
                 "B1 B2b"},
        PlanCase{"23 BR downgrade left@A", br, down, "B2b", "left@A", "", nullptr, nullptr,
                 "Destination left@A is not a valid downgrade target from current head(s)"},
        PlanCase{"25 XY upgrade yb@head", xy, up, "", "yb@head", "x1 y1 y2",
                 "INSERT x1 | INSERT y1 | DELETE y1; UPDATE x1->y2", "y2"},
        PlanCase{"26 XY upgrade xb@head", xy, up, "y2", "xb@head", "x2", "INSERT x2", "x2 y2"},
        PlanCase{"27 XY downgrade xb@base", xy, down, "x2 y2", "xb@base", "x2 y2 x1",
                 "DELETE x2 | INSERT y1; UPDATE y2->x1 | DELETE x1", "y1"},
        PlanCase{"28 XY downgrade xb@-1", xy, down, "y2", "xb@-1", "y2 x1",
                 "INSERT y1; UPDATE y2->x1 | DELETE x1", "y1"},
        PlanCase{"30a DO upgrade head", do_graph, up, "", "head", "", nullptr, nullptr,
                 k_several_heads},
        PlanCase{"30b DO upgrade heads", do_graph, up, "", "heads", "A B", "INSERT A | UPDATE A->B",
                 "B"},
        PlanCase{"31 DO downgrade A", do_graph, down, "B", "A", "", nullptr, nullptr,
                 "Destination A is not a valid downgrade target from current head(s)"},
        // 1.8.1 leaves {a1, b1}, which later overlaps; >=1.13.1 (and retort) leave {b1}.
        PlanCase{"32a BM downgrade a1", bm, down, "bm", "a1", "bm", "UPDATE bm->b1", "b1"},
        PlanCase{"32b BM then upgrade heads", bm, up, "b1", "heads", "bm", "UPDATE b1->bm", "bm"},
        PlanCase{"32c BM corrupt rows from 1.8.1", bm, up, "a1 b1", "heads", "", nullptr, nullptr,
                 "Requested revision b1 overlaps with other requested revisions a1"},
        // 1.8.1 wrote INSERT B; UPDATE C->A ({A, B}, corrupt); >=1.13.1: UPDATE C->B.
        PlanCase{"33 C revises B and depends on A, downgrade -1", c_depends_on_a, down, "C", "-1",
                 "C", "UPDATE C->B", "B"},
        PlanCase{"34a L3 redundant rows block upgrades", l3, up, "A B", "head", "", nullptr,
                 nullptr, "Requested revision B overlaps with other requested revisions A"},
        PlanCase{"34b L3 redundant rows still downgrade", l3, down, "A B", "base", "B A",
                 "DELETE B | DELETE A", ""},
        PlanCase{"35a D1 unknown row", d1, stamp, "C zzzz", "B1", "", nullptr, nullptr,
                 "Can't locate revision identified by 'zzzz'"},
        PlanCase{"36a D1 stamp B1", d1, stamp, "", "B1", "B1", "INSERT B1", "B1"},
        PlanCase{"36b D1 stamp B2", d1, stamp, "B1", "B2", "B2", "INSERT B2", "B1 B2"},
        PlanCase{"36c D1 stamp A", d1, stamp, "B1 B2", "A", "A", "DELETE B1; UPDATE B2->A", "A"},
        PlanCase{"36d D1 stamp B1 B2", d1, stamp, "A", "B1 B2", "B1 B2", "UPDATE A->B1 | INSERT B2",
                 "B1 B2"},
        PlanCase{"36e D1 stamp head", d1, stamp, "B1 B2", "head", "C", "DELETE B1; UPDATE B2->C",
                 "C"},
        PlanCase{"36f D1 stamp B2 from C", d1, stamp, "C", "B2", "B2", "UPDATE C->B2", "B2"},
        PlanCase{"36g D1 stamp base", d1, stamp, "B2", "base", "base", "DELETE B2", ""},
        PlanCase{"36h D1 stamp heads", d1, stamp, "", "heads", "C", "INSERT C", "C"},
        // Alembic: DELETE x1; UPDATE y1->x2, rows {x2} (y1 lost). §10: related rows per
        // destination, so y1 stays.
        PlanCase{"37 TR stamp x2 y1 keeps y1", tr, stamp, "x1 y1", "x2 y1", "x2", "UPDATE x1->x2",
                 "x2 y1"},
        PlanCase{"39a D1 offline upgrade head", d1, up, "", "head", "A B2 B1 M C", nullptr, "C"},
        PlanCase{"39b D1 offline downgrade C:base", d1, down, "C", "base", "C M B1 B2 A",
                 "UPDATE C->M | INSERT B1; UPDATE M->B2 | DELETE B1 | UPDATE B2->A | DELETE A", ""},
        PlanCase{"39c D1 offline stamp base", d1, stamp, "", "base", "", "", ""},
        PlanCase{"40 D1 offline upgrade B1:head", d1, up, "B1", "head", "B2 M C",
                 "INSERT B2 | DELETE B1; UPDATE B2->M | UPDATE M->C", "C"},
        PlanCase{"43 B2G downgrade c1branch@head", b2g, down, "d1 d2", "c1branch@head", "", nullptr,
                 nullptr,
                 "Multiple head revisions are present for given argument 'c1branch@head'; please "
                 "specify a specific target revision, '<branchname>@c1branch@head' to narrow to a "
                 "specific head, or 'heads' for all heads"},
        PlanCase{"44a B2G downgrade c1-1", b2g, down, "d1 d2", "c1-1", "d1 c1 d2 c2", nullptr, "b"},
        PlanCase{"44b B2G downgrade c1branch@c1-1", b2g, down, "d1 d2", "c1branch@c1-1", "d1 c1",
                 nullptr, "d2"},
        PlanCase{"45 merge (B2, B1) upgrade heads", merge_b2_b1, up, "", "heads", "A B1 B2 M",
                 nullptr, "M"},
        PlanCase{"48 upgrade current", d1, up, "", "current", "", nullptr, nullptr,
                 "Can't locate revision identified by 'current'"}),
    [](const auto& param) { return test_name(param.param.name); });

TEST(AlembicScenario, S13DowngradeMinusOneWarns) {
  const RevisionGraph graph = d1();
  EXPECT_EQ(plan_downgrade(graph, std::vector<std::string>{"B1", "B2"}, "-1").warnings.size(), 1u);
  EXPECT_TRUE(plan_downgrade(graph, std::vector<std::string>{"C"}, "-1").warnings.empty());
}

TEST(AlembicScenario, S24AmbiguousPrefixIsReportedAsSuch) {
  // Alembic prints "Can't locate revision identified by 'b1'"; §10 recommends naming the ambiguity.
  const RevisionGraph graph = GraphBuilder()
                                  .rev("a0000001")
                                  .rev("b1000001", "a0000001")
                                  .label("left")
                                  .rev("b1000002", "b1000001")
                                  .rev("b2000001", "a0000001")
                                  .label("right")
                                  .build();
  EXPECT_EQ(error_message([&] { resolve_revisions(graph, "b1"); }),
            "Multiple revisions start with 'b1': b1000001, b1000002");
}

TEST(AlembicScenario, S25CurrentListsTheImpliedDependency) {
  const RevisionGraph graph = xy();
  Plan plan = plan_upgrade(graph, {}, "yb@head");
  std::vector<RevIndex> rows;
  for (const auto& row : plan.rows_after) rows.push_back(*graph.find_id(row));
  EXPECT_EQ(ids(graph, current_heads(graph, rows)), "x1 y2");
}

TEST(AlembicScenario, S29HeadsAndRealHeads) {
  const RevisionGraph graph = do_graph();
  EXPECT_EQ(ids(graph, graph.heads()), "A B");
  EXPECT_EQ(ids(graph, graph.effective_heads()), "A");
  EXPECT_EQ(ids(graph, graph.real_heads()), "B");
}

TEST(AlembicScenario, S30RevisionOnAnEffectiveHeadFails) {
  const RevisionGraph graph = do_graph();
  EXPECT_EQ(error_message([&] { resolve_revisions(graph, "head", HeadsWording::new_revision); }),
            "Multiple heads are present; please specify the head revision on which the new "
            "revision should be based, or perform a merge.");
}

TEST(AlembicScenario, S34CurrentHidesTheRedundantRow) {
  const RevisionGraph graph = l3();
  const std::vector<std::string> rows{"A", "B"};
  EXPECT_EQ(ids(graph, current_heads(graph, resolve_rows(graph, rows))), "B");
}

TEST(AlembicScenario, S35PurgeReplacesUnknownRows) {
  const RevisionGraph graph = d1();
  Plan plan = plan_stamp(graph, std::vector<std::string>{"C", "zzzz"},
                         std::vector<std::string>{"B1"}, true);
  EXPECT_EQ(plan_changes(plan), "DELETE C; DELETE zzzz; INSERT B1");
  EXPECT_EQ(rows_after(plan), "B1");
}

TEST(AlembicScenario, S42Resolution) {
  const RevisionGraph graph = GraphBuilder()
                                  .rev("a0000001")
                                  .rev("b1000001", "a0000001")
                                  .label("left")
                                  .rev("b1000002", "b1000001")
                                  .rev("b2000001", "a0000001")
                                  .label("right")
                                  .rev("abc", "b2000001")
                                  .rev("zz00", "abc")
                                  .build();
  EXPECT_EQ(ids(graph, resolve_revisions(graph, "a")), "a0000001");
  EXPECT_EQ(error_message([&] { resolve_revisions(graph, "ab"); }),
            "Can't locate revision identified by 'ab'");
  EXPECT_EQ(ids(graph, resolve_revisions(graph, "le")), "b1000001");
  EXPECT_EQ(ids(graph, resolve_revisions(graph, "right@b")), "b2000001");
  EXPECT_EQ(ids(graph, resolve_revisions(graph, "-1")), "b1000001 abc");
}

TEST(AlembicScenario, S46DuplicateIdIsAHardError) {
  // Alembic only warns and later fails with "Cycle is detected"; §1.1 recommends a hard error.
  auto builder = GraphBuilder().rev("A").rev("B1", "A").rev("B1", "A");
  EXPECT_EQ(error_message([&] { builder.build(); }),
            "Revision B1 is present more than once: versions/B1.sql:1 and versions/B1.sql:1");
}

TEST(AlembicScenario, S47MergeHeadsTakesRealHeadsOnly) {
  const RevisionGraph graph = GraphBuilder().rev("A").rev("B").depends("A").rev("C").build();
  EXPECT_EQ(ids(graph, resolve_revisions(graph, "heads")), "B C");
  EXPECT_EQ(ids(graph, graph.effective_heads()), "A");
}

TEST(AlembicScenario, S49NoRevisions) {
  RevisionGraph graph({});
  EXPECT_TRUE(plan_upgrade(graph, {}, "head").steps.empty());
  EXPECT_TRUE(graph.heads().empty());
  EXPECT_TRUE(select_history(graph, "").empty());
  EXPECT_TRUE(current_heads(graph, {}).empty());
}

}  // namespace
}  // namespace retort::testing
