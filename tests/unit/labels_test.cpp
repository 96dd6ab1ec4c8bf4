// Branch labels: declaration vs. propagated membership (docs/alembic-semantics.md §1.6).
#include <gtest/gtest.h>

#include "retort/revision_graph.hpp"
#include "support/graph_builder.hpp"
#include "support/graph_shapes.hpp"

namespace retort::testing {
namespace {

// "id:labels" for every revision, e.g. "A: B:l C:l".
std::string membership(const RevisionGraph& graph) {
  std::vector<std::string> out;
  for (RevIndex r = 0; r < graph.size(); ++r) {
    out.push_back(graph.id(r) + ":" + join(graph.labels(r), ","));
  }
  return join(out);
}

struct LabelCase {
  const char* name;
  GraphBuilder builder;
  const char* expected;
};

class LabelMembership : public ::testing::TestWithParam<LabelCase> {};

TEST_P(LabelMembership, MatchesAlembic) {
  const auto& row = GetParam();
  EXPECT_EQ(membership(row.builder.build()), row.expected) << row.name;
}

// The examples table of §1.6 [LIB].
INSTANTIATE_TEST_SUITE_P(
    Labels, LabelMembership,
    ::testing::Values(
        LabelCase{"label on the head spreads down a plain chain",
                  GraphBuilder().rev("A").rev("B", "A").rev("C", "B").label("l"), "A:l B:l C:l"},
        LabelCase{"label on the root spreads up",
                  GraphBuilder().rev("A").label("l").rev("B", "A").rev("C", "B"), "A:l B:l C:l"},
        LabelCase{"stops before a branch point",
                  GraphBuilder()
                      .rev("A")
                      .rev("B0", "A")
                      .rev("B1", "B0")
                      .label("l1")
                      .rev("B1b", "B1")
                      .rev("B2", "B0"),
                  "A: B0: B1:l1 B1b:l1 B2:"},
        LabelCase{"label on a branch point covers its children only",
                  GraphBuilder().rev("A").rev("X", "A").label("lx").rev("B1", "X").rev("B2", "X"),
                  "A: X:lx B1:lx B2:lx"},
        LabelCase{
            "no downward spread when descendants branch",
            GraphBuilder().rev("A").rev("R", "A").label("l").rev("S", "R").rev("T1", "S").rev("T2",
                                                                                              "S"),
            "A: R:l S:l T1:l T2:l"},
        LabelCase{"a merge carries both labels",
                  GraphBuilder()
                      .rev("A")
                      .rev("B1", "A")
                      .label("l1")
                      .rev("B2", "A")
                      .label("l2")
                      .rev("M", {"B1", "B2"})
                      .rev("C", "M"),
                  "A: B1:l1 B2:l2 M:l1,l2 C:l1,l2"},
        LabelCase{
            "a dependency child makes a real branch point",
            GraphBuilder().rev("A").rev("B", "A").rev("C", "B").label("l").rev("X").depends("B"),
            "A: B: C:l X:"},
        LabelCase{"several labels on one revision",
                  GraphBuilder().rev("A").rev("B", "A").label("one").label("two"),
                  "A:one,two B:one,two"}),
    [](const auto& param) { return test_name(param.param.name); });

TEST_F(LabeledBranches, DeclarationNamesTheDeclaringRevision) {
  EXPECT_EQ(graph.id(*graph.find_label("c1branch")), "c1");
  EXPECT_EQ(graph.id(*graph.find_label("c2branch")), "c2");
  EXPECT_EQ(membership(graph), "a: b: c1:c1branch d1:c1branch c2:c2branch d2:c2branch");
  ASSERT_EQ(graph.declared_labels().size(), 2u);
  EXPECT_EQ(graph.declared_labels()[0].first, "c1branch");
}

TEST_F(TwoRootsWithDependency, LabelsOnRootsSpreadOverTheirChains) {
  EXPECT_EQ(membership(graph), "x1:xb x2:xb y1:yb y2:yb");
  EXPECT_TRUE(graph.has_label(*graph.find_id("y2"), "yb"));
  EXPECT_FALSE(graph.has_label(*graph.find_id("y2"), "xb"));
}

TEST(Labels, DeclaredLabelsComeFirst) {
  auto graph = GraphBuilder()
                   .rev("A")
                   .rev("B1", "A")
                   .label("zeta")
                   .rev("B2", "A")
                   .label("alpha")
                   .rev("M", {"B1", "B2"})
                   .label("mid")
                   .build();
  EXPECT_EQ(join(graph.labels(*graph.find_id("M"))), "mid zeta alpha");
}

}  // namespace
}  // namespace retort::testing
