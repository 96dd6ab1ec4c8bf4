// RevisionGraph: the validated DAG of revisions (alembic-semantics.md §1).
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
#include <vector>

#include "retort/revision.hpp"

namespace retort {

using RevIndex = std::uint32_t;

// A set of revisions of one graph, as a bitmap over RevIndex.
class RevisionSet {
 public:
  RevisionSet() = default;
  explicit RevisionSet(std::size_t graph_size) : m_bits(graph_size, 0) {}

  bool contains(RevIndex r) const { return r < m_bits.size() && m_bits[r] != 0; }
  // Returns true if `r` was not yet a member.
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
  // equal to an id or declared twice), cycle, dependency cycle.
  explicit RevisionGraph(std::vector<Revision> revisions);

  std::size_t size() const { return m_revisions.size(); }
  const Revision& at(RevIndex r) const { return m_revisions[r]; }
  const std::string& id(RevIndex r) const { return m_revisions[r].id.str(); }

  // Exact lookups.
  std::optional<RevIndex> find_id(std::string_view id) const;
  // The revision that declared `label`.
  std::optional<RevIndex> find_label(std::string_view label) const;

  // down(R): versioned parents in declared order.
  const std::vector<RevIndex>& parents(RevIndex r) const;
  // rdeps(R): depends_on resolved (labels to their declaring revision), declared order.
  const std::vector<RevIndex>& dependencies(RevIndex r) const;
  // ndown(R) (§1.5): parents followed by normalized dependencies.
  const std::vector<RevIndex>& normalized_parents(RevIndex r) const;
  // vkids(R): revisions listing R in down_revision.
  const std::vector<RevIndex>& children(RevIndex r) const;
  // Revisions listing R in depends_on (resolved).
  const std::vector<RevIndex>& dependents(RevIndex r) const;

  // Versioned heads (no versioned children).
  const std::vector<RevIndex>& heads() const { return m_heads; }
  // Real heads (no versioned and no dependency children).
  const std::vector<RevIndex>& real_heads() const { return m_real_heads; }
  // Bases (empty down_revision; may have dependencies).
  const std::vector<RevIndex>& bases() const { return m_bases; }

  bool is_head(RevIndex r) const { return children(r).empty(); }
  bool is_real_head(RevIndex r) const { return children(r).empty() && dependents(r).empty(); }
  bool is_base(RevIndex r) const { return parents(r).empty(); }
  bool is_branch_point(RevIndex r) const { return children(r).size() >= 2; }
  bool is_merge_point(RevIndex r) const { return parents(r).size() >= 2; }

  // Propagated branch-label membership (§1.6), declared labels first.
  const std::vector<std::string>& labels(RevIndex r) const;

  // anc(S): S plus everything reachable through parents and dependencies.
  RevisionSet ancestors(std::span<const RevIndex> from) const;
  // desc(S): S plus everything reachable through children and dependents.
  RevisionSet descendants(std::span<const RevIndex> from) const;
  // vanc(S) / vdesc(S): versioned edges only.
  RevisionSet versioned_ancestors(std::span<const RevIndex> from) const;
  RevisionSet versioned_descendants(std::span<const RevIndex> from) const;
  // True when one of a, b is a versioned ancestor of the other (or a == b).
  bool shares_lineage(RevIndex a, RevIndex b) const;

  RevisionSet empty_set() const { return RevisionSet(size()); }

 private:
  std::vector<Revision> m_revisions;
  // ... adjacency lists, label maps and cached head/base lists (implementation-defined).
  std::vector<std::vector<RevIndex>> m_parents, m_dependencies, m_normalized_parents, m_children,
      m_dependents;
  std::vector<std::vector<std::string>> m_labels;
  std::vector<RevIndex> m_heads, m_real_heads, m_bases;
};

}  // namespace retort
