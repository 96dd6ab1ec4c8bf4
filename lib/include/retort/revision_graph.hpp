// RevisionGraph: the validated DAG of revisions (docs/alembic-semantics.md §1).
//
// Revisions are addressed by RevIndex, their position in load order (sorted
// file names). Every list returned is in load order unless stated otherwise.
// The graph does no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "retort/adjacency.hpp"
#include "retort/revision.hpp"

namespace retort {

// A set of revisions of one graph, as a bitmap over RevIndex.
class RevisionSet {
 public:
  RevisionSet() = default;
  explicit RevisionSet(std::size_t graph_size) : m_bits(graph_size, 0) {}

  bool contains(RevIndex r) const { return r < m_bits.size() && m_bits[r] != 0; }
  // Returns true if `r` was not yet a member.
  // REQUIRES: r < the graph size the set was made for.
  bool insert(RevIndex r);
  void erase(RevIndex r);
  std::size_t count() const { return m_count; }
  bool empty() const { return m_count == 0; }
  // Members in load order.
  std::vector<RevIndex> members() const;

 private:
  std::vector<char> m_bits;
  std::size_t m_count = 0;
};

class RevisionGraph {
 public:
  // Builds and validates the graph. Throws Error(ErrorKind::graph) naming the
  // revisions (and their files) involved for: duplicate id, unknown parent,
  // unknown dependency, self-loop, dependency self-loop, label clash (label
  // equal to an id or declared twice), invalid label, cycle, dependency cycle.
  // Cycle messages are Alembic's ("Cycle is detected in revisions (a, b)");
  // the error's location is the first file involved, its hint lists them all.
  explicit RevisionGraph(std::vector<Revision> revisions);

  std::size_t size() const { return m_revisions.size(); }
  const Revision& at(RevIndex r) const { return m_revisions[r]; }
  const std::string& id(RevIndex r) const { return m_revisions[r].id.str(); }

  // Exact lookups.
  std::optional<RevIndex> find_id(std::string_view id) const;
  // The revision that declared `label`.
  std::optional<RevIndex> find_label(std::string_view label) const;
  // Every declared label with its declaring revision, in load order of the
  // declaring revision, then declaration order.
  const std::vector<std::pair<std::string, RevIndex>>& declared_labels() const {
    return m_declared_labels;
  }

  // down(R): versioned parents in declared order.
  std::span<const RevIndex> parents(RevIndex r) const { return m_parents[r]; }
  // rdeps(R): depends_on resolved (labels to their declaring revision),
  // declared order, duplicates removed.
  std::span<const RevIndex> dependencies(RevIndex r) const { return m_dependencies[r]; }
  // alldown(R): parents followed by dependencies, duplicates removed.
  std::span<const RevIndex> all_parents(RevIndex r) const { return m_all_parents[r]; }
  // ndown(R) (§1.5): parents followed by normalized dependencies (declared order).
  std::span<const RevIndex> normalized_parents(RevIndex r) const { return m_normalized_parents[r]; }
  // vkids(R): revisions listing R in down_revision.
  std::span<const RevIndex> children(RevIndex r) const { return m_children[r]; }
  // Revisions listing R in depends_on (resolved).
  std::span<const RevIndex> dependents(RevIndex r) const { return m_dependents[r]; }
  // allkids(R): children and dependents, each revision once.
  std::span<const RevIndex> all_children(RevIndex r) const { return m_all_children[r]; }

  // Versioned heads (no versioned children).
  const std::vector<RevIndex>& heads() const { return m_heads; }
  // Real heads (no versioned and no dependency children).
  const std::vector<RevIndex>& real_heads() const { return m_real_heads; }
  // Effective heads: versioned heads that only have dependency children.
  const std::vector<RevIndex>& effective_heads() const { return m_effective_heads; }
  // Bases (empty down_revision; may have dependencies).
  const std::vector<RevIndex>& bases() const { return m_bases; }
  // Versioned branch points (2+ children) and merge points (2+ parents).
  const std::vector<RevIndex>& branch_points() const { return m_branch_points; }
  const std::vector<RevIndex>& merge_points() const { return m_merge_points; }

  bool is_head(RevIndex r) const { return children(r).empty(); }
  bool is_real_head(RevIndex r) const { return children(r).empty() && dependents(r).empty(); }
  bool is_effective_head(RevIndex r) const { return children(r).empty() && !dependents(r).empty(); }
  bool is_base(RevIndex r) const { return parents(r).empty(); }
  bool is_branch_point(RevIndex r) const { return children(r).size() >= 2; }
  // Counting dependency children too (used by label propagation, §1.6).
  bool is_real_branch_point(RevIndex r) const { return all_children(r).size() >= 2; }
  bool is_merge_point(RevIndex r) const { return parents(r).size() >= 2; }

  // Propagated branch-label membership (§1.6), declared labels first, then the
  // inherited ones in label declaration order.
  // Revisions with the same membership share one list.
  const std::vector<std::string>& labels(RevIndex r) const {
    return m_label_sets[m_label_set_of[r]];
  }
  bool has_label(RevIndex r, std::string_view label) const;

  // Length of the longest path from a base to R over all edges (bases: 0).
  // Strictly increases along every parent -> child edge, so it bounds
  // ancestry searches.
  std::uint32_t generation(RevIndex r) const { return m_generation[r]; }

  // anc(S): S plus everything reachable through parents and dependencies.
  RevisionSet ancestors(std::span<const RevIndex> from) const;
  // desc(S): S plus everything reachable through children and dependents.
  RevisionSet descendants(std::span<const RevIndex> from) const;
  // vanc(S) / vdesc(S): versioned edges only.
  RevisionSet versioned_ancestors(std::span<const RevIndex> from) const;
  RevisionSet versioned_descendants(std::span<const RevIndex> from) const;
  // vanc(R) ∪ vdesc(R): the revisions sharing versioned lineage with R.
  RevisionSet lineage(RevIndex r) const;
  // True when one of a, b is a versioned ancestor of the other (or a == b).
  bool shares_lineage(RevIndex a, RevIndex b) const;
  // True when `a` is in anc(b) (all edges; a == b counts).
  bool is_ancestor(RevIndex a, RevIndex b) const;

  RevisionSet empty_set() const { return RevisionSet(size()); }

 private:
  void index_revisions();
  void link_edges();
  // Numbers revisions by generation in a topological pass; false when some
  // revision lies on (or above) a cycle.
  bool compute_generations();
  // Throws the cycle error; only called when compute_generations() failed.
  void detect_cycles() const;
  void normalize_dependencies();
  void classify();
  void propagate_labels();
  // Is `target` reachable from `from` through `next` edges, visiting only
  // revisions whose generation lies between the two?
  bool reaches(RevIndex from, RevIndex target, bool versioned_only) const;

  std::vector<Revision> m_revisions;
  // Open-addressing hash tables (power-of-two size, linear probing) holding
  // revision numbers by id, and numbers into m_declared_labels by label.
  // Numbers rather than pointers keep a copied graph valid.
  std::vector<std::uint32_t> m_id_slots;
  std::vector<std::uint32_t> m_label_slots;
  std::vector<std::pair<std::string, RevIndex>> m_declared_labels;
  Adjacency m_parents, m_dependencies, m_all_parents, m_normalized_parents, m_children,
      m_dependents, m_all_children;
  // labels(r) is m_label_sets[m_label_set_of[r]]; set 0 is the empty one.
  std::vector<std::vector<std::string>> m_label_sets;
  std::vector<std::uint32_t> m_label_set_of;
  std::vector<std::uint32_t> m_generation;
  std::vector<RevIndex> m_heads, m_real_heads, m_effective_heads, m_bases, m_branch_points,
      m_merge_points;
};

}  // namespace retort
