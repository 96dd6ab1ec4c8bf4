// The graph shapes of docs/alembic-semantics.md §8, as builders and GoogleTest
// fixtures named after them. Load order is the order listed.
#pragma once

#include <gtest/gtest.h>

#include "support/graph_builder.hpp"

namespace retort::testing {

// L3: A <- B <- C.
inline RevisionGraph linear_graph() {
  return GraphBuilder().rev("A").rev("B", "A").rev("C", "B").build();
}

// D1: A <- B1 (left), A <- B2 (right), M = (B1, B2), M <- C [, C <- D].
inline RevisionGraph diamond_graph(bool with_tail = false) {
  GraphBuilder builder;
  builder.rev("A").rev("B1", "A").label("left").rev("B2", "A").label("right");
  builder.rev("M", {"B1", "B2"}).rev("C", "M");
  if (with_tail) builder.rev("D", "C");
  return builder.build();
}

// BR: A <- B1 (left) <- B1b, A <- B2 (right) <- B2b; two heads.
inline RevisionGraph two_heads_graph() {
  return GraphBuilder()
      .rev("A")
      .rev("B1", "A")
      .label("left")
      .rev("B1b", "B1")
      .rev("B2", "A")
      .label("right")
      .rev("B2b", "B2")
      .build();
}

// B2G (Alembic's own tests): a <- b, b <- c1 (c1branch) <- d1, b <- c2 (c2branch) <- d2.
inline RevisionGraph labeled_branches_graph() {
  return GraphBuilder()
      .rev("a")
      .rev("b", "a")
      .rev("c1", "b")
      .label("c1branch")
      .rev("d1", "c1")
      .rev("c2", "b")
      .label("c2branch")
      .rev("d2", "c2")
      .build();
}

// XY: x1 (xb) <- x2, y1 (yb) <- y2, y2 depends_on x1.
inline RevisionGraph two_roots_with_dependency_graph() {
  return GraphBuilder()
      .rev("x1")
      .label("xb")
      .rev("x2", "x1")
      .rev("y1")
      .label("yb")
      .rev("y2", "y1")
      .depends("x1")
      .build();
}

// DO: A root, B root depending on A (A is an effective head).
inline RevisionGraph dependency_only_head_graph() {
  return GraphBuilder().rev("A").rev("B").depends("A").build();
}

// BM (Alembic issue #1373): a1 root, b1 root depending on a1, bm = (a1, b1).
inline RevisionGraph merge_with_dependency_between_parents_graph() {
  return GraphBuilder().rev("a1").rev("b1").depends("a1").rev("bm", {"a1", "b1"}).build();
}

// TR: two independent roots x1 <- x2 and y1 <- y2.
inline RevisionGraph two_roots_graph() {
  return GraphBuilder().rev("x1").rev("x2", "x1").rev("y1").rev("y2", "y1").build();
}

class LinearGraph : public ::testing::Test {
 protected:
  RevisionGraph graph = linear_graph();
};

class Diamond : public ::testing::Test {
 protected:
  RevisionGraph graph = diamond_graph();
};

class TwoHeads : public ::testing::Test {
 protected:
  RevisionGraph graph = two_heads_graph();
};

class LabeledBranches : public ::testing::Test {
 protected:
  RevisionGraph graph = labeled_branches_graph();
};

class TwoRootsWithDependency : public ::testing::Test {
 protected:
  RevisionGraph graph = two_roots_with_dependency_graph();
};

class DependencyOnlyHead : public ::testing::Test {
 protected:
  RevisionGraph graph = dependency_only_head_graph();
};

class MergeWithDependencyBetweenParents : public ::testing::Test {
 protected:
  RevisionGraph graph = merge_with_dependency_between_parents_graph();
};

}  // namespace retort::testing
