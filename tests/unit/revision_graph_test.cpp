// RevisionGraph: derived notions (docs/alembic-semantics.md §1.3, §1.5) and
// validation errors (§1.1).
#include <gtest/gtest.h>

#include "retort/error.hpp"
#include "retort/revision_graph.hpp"
#include "support/graph_builder.hpp"
#include "support/graph_shapes.hpp"

namespace retort::testing {
namespace {

RevIndex at(const RevisionGraph& graph, const std::string& id) {
  return *graph.find_id(id);
}

TEST_F(Diamond, HeadsBasesBranchAndMergePoints) {
  EXPECT_EQ(ids(graph, graph.heads()), "C");
  EXPECT_EQ(ids(graph, graph.real_heads()), "C");
  EXPECT_EQ(ids(graph, graph.effective_heads()), "");
  EXPECT_EQ(ids(graph, graph.bases()), "A");
  EXPECT_EQ(ids(graph, graph.branch_points()), "A");
  EXPECT_EQ(ids(graph, graph.merge_points()), "M");
  EXPECT_EQ(ids(graph, graph.parents(at(graph, "M"))), "B1 B2");
  EXPECT_EQ(ids(graph, graph.children(at(graph, "A"))), "B1 B2");
  EXPECT_TRUE(graph.is_merge_point(at(graph, "M")));
  EXPECT_TRUE(graph.is_branch_point(at(graph, "A")));
}

TEST_F(Diamond, LabelsAreDeclaredAndPropagated) {
  EXPECT_EQ(graph.find_label("left"), graph.find_id("B1"));
  EXPECT_EQ(graph.find_label("right"), graph.find_id("B2"));
  EXPECT_FALSE(graph.find_label("B1"));
  EXPECT_EQ(join(graph.labels(at(graph, "A"))), "");
  EXPECT_EQ(join(graph.labels(at(graph, "B1"))), "left");
  EXPECT_EQ(join(graph.labels(at(graph, "M"))), "left right");
  EXPECT_EQ(join(graph.labels(at(graph, "C"))), "left right");
}

TEST_F(Diamond, AncestryAndLineage) {
  const RevIndex b1 = at(graph, "B1");
  const RevIndex b2 = at(graph, "B2");
  EXPECT_EQ(ids(graph, graph.ancestors(std::vector{b1}).members()), "A B1");
  EXPECT_EQ(ids(graph, graph.descendants(std::vector{b1}).members()), "B1 M C");
  EXPECT_EQ(ids(graph, graph.lineage(b1).members()), "A B1 M C");
  EXPECT_TRUE(graph.shares_lineage(b1, at(graph, "C")));
  EXPECT_TRUE(graph.shares_lineage(at(graph, "A"), b1));
  EXPECT_FALSE(graph.shares_lineage(b1, b2));
  EXPECT_TRUE(graph.is_ancestor(at(graph, "A"), at(graph, "C")));
  EXPECT_FALSE(graph.is_ancestor(at(graph, "C"), at(graph, "A")));
  EXPECT_EQ(graph.generation(at(graph, "A")), 0u);
  EXPECT_EQ(graph.generation(at(graph, "C")), 3u);
}

TEST_F(DependencyOnlyHead, DependencyTargetIsAnEffectiveHead) {
  EXPECT_EQ(ids(graph, graph.heads()), "A B");
  EXPECT_EQ(ids(graph, graph.real_heads()), "B");
  EXPECT_EQ(ids(graph, graph.effective_heads()), "A");
  EXPECT_EQ(ids(graph, graph.bases()), "A B");
  EXPECT_EQ(ids(graph, graph.dependencies(at(graph, "B"))), "A");
  EXPECT_EQ(ids(graph, graph.dependents(at(graph, "A"))), "B");
  EXPECT_EQ(ids(graph, graph.all_children(at(graph, "A"))), "B");
}

TEST_F(TwoRootsWithDependency, DependenciesAreParentsOnlyForOrdering) {
  const RevIndex y2 = at(graph, "y2");
  EXPECT_EQ(ids(graph, graph.parents(y2)), "y1");
  EXPECT_EQ(ids(graph, graph.all_parents(y2)), "y1 x1");
  EXPECT_EQ(ids(graph, graph.normalized_parents(y2)), "y1 x1");
  EXPECT_EQ(ids(graph, graph.heads()), "x2 y2");
  EXPECT_EQ(ids(graph, graph.real_heads()), "x2 y2");
  EXPECT_FALSE(graph.is_merge_point(y2));
  EXPECT_TRUE(graph.is_real_branch_point(at(graph, "x1")));
  EXPECT_FALSE(graph.is_branch_point(at(graph, "x1")));
}

TEST(RevisionGraph, DependencyOnALabelResolvesToTheDeclaringRevision) {
  // §1.3: depends_on='lbl' with lbl declared on A and A <- A2 means A.
  auto graph = GraphBuilder().rev("A").label("lbl").rev("A2", "A").rev("X").depends("lbl").build();
  EXPECT_EQ(ids(graph, graph.dependencies(at(graph, "X"))), "A");
}

// §1.5 examples.
TEST(RevisionGraph, NormalizedDependenciesKeepADependencyOnOwnAncestor) {
  auto graph = GraphBuilder().rev("A").rev("B", "A").rev("C", "B").depends("A").build();
  EXPECT_EQ(ids(graph, graph.normalized_parents(at(graph, "C"))), "B A");
}

TEST(RevisionGraph, NormalizedDependenciesDropWhatAnAncestorDeclares) {
  auto graph = GraphBuilder()
                   .rev("X")
                   .rev("A")
                   .rev("B", "A")
                   .depends("X")
                   .rev("C", "B")
                   .depends("X")
                   .build();
  EXPECT_EQ(ids(graph, graph.normalized_parents(at(graph, "B"))), "A X");
  EXPECT_EQ(ids(graph, graph.normalized_parents(at(graph, "C"))), "B");
  EXPECT_EQ(ids(graph, graph.all_parents(at(graph, "C"))), "B X");
}

TEST(RevisionGraph, NormalizedDependenciesKeepDeclaredOrder) {
  auto graph = GraphBuilder()
                   .rev("P")
                   .rev("Q")
                   .rev("R")
                   .rev("S")
                   .depends("R")
                   .depends("P")
                   .depends("Q")
                   .build();
  EXPECT_EQ(ids(graph, graph.normalized_parents(at(graph, "S"))), "R P Q");
}

TEST(RevisionGraph, EmptyGraphHasNothing) {
  RevisionGraph graph({});
  EXPECT_EQ(graph.size(), 0u);
  EXPECT_TRUE(graph.heads().empty());
  EXPECT_TRUE(graph.bases().empty());
}

struct InvalidGraphCase {
  const char* name;
  GraphBuilder builder;
  const char* message;
  const char* location;
};

class RejectsInvalidGraph : public ::testing::TestWithParam<InvalidGraphCase> {};

TEST_P(RejectsInvalidGraph, NamesTheRevisionsAndFiles) {
  const auto& row = GetParam();
  try {
    row.builder.build();
    FAIL() << row.name << ": no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::graph) << row.name;
    EXPECT_EQ(error.message(), row.message) << row.name;
    ASSERT_TRUE(error.location()) << row.name;
    EXPECT_EQ(error.location()->to_string(), row.location) << row.name;
  }
}

INSTANTIATE_TEST_SUITE_P(
    RevisionGraph, RejectsInvalidGraph,
    ::testing::Values(
        InvalidGraphCase{"duplicate id",
                         GraphBuilder().rev("A").path("v/1_a.sql", 2).rev("A").path("v/2_a.sql", 3),
                         "Revision A is present more than once: v/1_a.sql:2 and v/2_a.sql:3",
                         "v/2_a.sql:3"},
        InvalidGraphCase{"unknown parent", GraphBuilder().rev("A").rev("B", "Z"),
                         "Revision Z referenced from B is not present", "versions/B.sql:1"},
        InvalidGraphCase{"unknown dependency", GraphBuilder().rev("A").rev("B").depends("nope"),
                         "Dependency 'nope' of revision B is not present", "versions/B.sql:1"},
        InvalidGraphCase{"self-loop", GraphBuilder().rev("A", "A"),
                         "Self-loop is detected in revisions (A)", "versions/A.sql:1"},
        InvalidGraphCase{"dependency self-loop", GraphBuilder().rev("A").depends("A"),
                         "Dependency self-loop is detected in revisions (A)", "versions/A.sql:1"},
        InvalidGraphCase{"dependency self-loop through own label",
                         GraphBuilder().rev("A").label("mine").depends("mine"),
                         "Dependency self-loop is detected in revisions (A)", "versions/A.sql:1"},
        InvalidGraphCase{"label equal to an id", GraphBuilder().rev("A").rev("B", "A").label("A"),
                         "Branch name 'A' in revision B already used by revision A",
                         "versions/B.sql:1"},
        InvalidGraphCase{
            "label declared twice", GraphBuilder().rev("A").label("x").rev("B", "A").label("x"),
            "Branch name 'x' in revision B already used by revision A", "versions/B.sql:1"},
        InvalidGraphCase{"label parsed as relative syntax", GraphBuilder().rev("A").label("rel-1"),
                         "character '-' not allowed in branch label 'rel-1' (it clashes with the "
                         "target syntax)",
                         "versions/A.sql:1"},
        InvalidGraphCase{"parent listed twice", GraphBuilder().rev("A").rev("B", {"A", "A"}),
                         "Revision B lists A more than once in down_revision", "versions/B.sql:1"},
        InvalidGraphCase{"cycle away from heads and bases",
                         GraphBuilder().rev("A").rev("X", "Y").rev("Y", "X"),
                         "Cycle is detected in revisions (X, Y)", "versions/X.sql:1"},
        InvalidGraphCase{"cycle without any base", GraphBuilder().rev("Y", "X").rev("X", "Y"),
                         "Cycle is detected in revisions (Y, X)", "versions/Y.sql:1"},
        InvalidGraphCase{"cycle between a head and a base",
                         GraphBuilder().rev("A").rev("B", {"A", "C"}).rev("C", "B").rev("D", "C"),
                         "Cycle is detected in revisions (B, C)", "versions/B.sql:1"},
        InvalidGraphCase{
            "dependency cycle without real heads",
            GraphBuilder().rev("A").rev("B", "A").depends("C").rev("C", "A").depends("B"),
            "Dependency cycle is detected in revisions (A, B, C)", "versions/A.sql:1"},
        InvalidGraphCase{
            "dependency cycle between a real head and a real base",
            GraphBuilder().rev("A").rev("B", "A").depends("D").rev("C", "B").rev("D", "C").rev("E",
                                                                                               "D"),
            "Dependency cycle is detected in revisions (B, C, D)", "versions/B.sql:1"}),
    [](const auto& param) { return test_name(param.param.name); });

TEST(RevisionGraph, CycleHintListsEveryFile) {
  try {
    GraphBuilder().rev("A").rev("X", "Y").rev("Y", "X").build();
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.hint(),
              "check down_revision and depends_on of: X (versions/X.sql:1), Y (versions/Y.sql:1)");
  }
}

}  // namespace
}  // namespace retort::testing
