// RevisionGraph: construction order, lookups and ancestry sets. Validation is
// in graph_validation.cpp, label propagation in labels.cpp.
#include "retort/revision_graph.hpp"

#include <algorithm>
#include <unordered_set>

#include "graph/slot_table.hpp"

namespace retort {

bool RevisionSet::insert(RevIndex r) {
  if (m_bits[r] != 0) return false;
  m_bits[r] = 1;
  ++m_count;
  return true;
}

void RevisionSet::erase(RevIndex r) {
  if (!contains(r)) return;
  m_bits[r] = 0;
  --m_count;
}

std::vector<RevIndex> RevisionSet::members() const {
  std::vector<RevIndex> out;
  out.reserve(m_count);
  for (std::size_t r = 0; r < m_bits.size() && out.size() < m_count; ++r) {
    if (m_bits[r] != 0) out.push_back(static_cast<RevIndex>(r));
  }
  return out;
}

RevisionGraph::RevisionGraph(std::vector<Revision> revisions) : m_revisions(std::move(revisions)) {
  index_revisions();  // ids, labels; duplicate ids, self-loops, label clashes
  link_edges();       // parents, dependencies, children; unknown references
  if (!compute_generations()) detect_cycles();  // a topological pass finds any cycle
  normalize_dependencies();                     // ndown (§1.5)
  classify();                                   // heads, bases, branch and merge points
  propagate_labels();                           // membership (§1.6)
}

std::optional<RevIndex> RevisionGraph::find_id(std::string_view id) const {
  return graph::find_slot(m_id_slots, id, [&](std::uint32_t r) { return this->id(r); });
}

std::optional<RevIndex> RevisionGraph::find_label(std::string_view label) const {
  auto k = graph::find_slot(m_label_slots, label, [&](std::uint32_t i) -> std::string_view {
    return m_declared_labels[i].first;
  });
  if (!k) return std::nullopt;
  return m_declared_labels[*k].second;
}

bool RevisionGraph::has_label(RevIndex r, std::string_view label) const {
  const auto& labels = this->labels(r);
  return std::find(labels.begin(), labels.end(), label) != labels.end();
}

void RevisionGraph::classify() {
  for (RevIndex r = 0; r < size(); ++r) {
    if (is_head(r)) m_heads.push_back(r);
    if (is_real_head(r)) m_real_heads.push_back(r);
    if (is_effective_head(r)) m_effective_heads.push_back(r);
    if (is_base(r)) m_bases.push_back(r);
    if (is_branch_point(r)) m_branch_points.push_back(r);
    if (is_merge_point(r)) m_merge_points.push_back(r);
  }
}

namespace {

// Closure of `from` over the edge lists in `next`.
RevisionSet closure(std::size_t size, std::span<const RevIndex> from, const Adjacency& next) {
  RevisionSet seen(size);
  std::vector<RevIndex> stack;
  for (RevIndex r : from) {
    if (seen.insert(r)) stack.push_back(r);
  }
  while (!stack.empty()) {
    RevIndex r = stack.back();
    stack.pop_back();
    for (RevIndex n : next[r]) {
      if (seen.insert(n)) stack.push_back(n);
    }
  }
  return seen;
}

}  // namespace

RevisionSet RevisionGraph::ancestors(std::span<const RevIndex> from) const {
  return closure(size(), from, m_all_parents);
}

RevisionSet RevisionGraph::descendants(std::span<const RevIndex> from) const {
  return closure(size(), from, m_all_children);
}

RevisionSet RevisionGraph::versioned_ancestors(std::span<const RevIndex> from) const {
  return closure(size(), from, m_parents);
}

RevisionSet RevisionGraph::versioned_descendants(std::span<const RevIndex> from) const {
  return closure(size(), from, m_children);
}

RevisionSet RevisionGraph::lineage(RevIndex r) const {
  RevisionSet result = versioned_ancestors(std::span<const RevIndex>(&r, 1));
  for (RevIndex d : versioned_descendants(std::span<const RevIndex>(&r, 1)).members()) {
    result.insert(d);
  }
  return result;
}

bool RevisionGraph::reaches(RevIndex from, RevIndex target, bool versioned_only) const {
  // Walk down from `from`; a revision below the target's generation cannot
  // have the target as an ancestor, so the walk stays between the two.
  const auto& next = versioned_only ? m_parents : m_all_parents;
  const std::uint32_t floor = m_generation[target];
  std::unordered_set<RevIndex> seen{from};
  std::vector<RevIndex> stack{from};
  while (!stack.empty()) {
    RevIndex r = stack.back();
    stack.pop_back();
    if (r == target) return true;
    for (RevIndex p : next[r]) {
      if (m_generation[p] >= floor && seen.insert(p).second) stack.push_back(p);
    }
  }
  return false;
}

bool RevisionGraph::shares_lineage(RevIndex a, RevIndex b) const {
  if (a == b) return true;
  if (m_generation[a] < m_generation[b]) return reaches(b, a, true);
  if (m_generation[b] < m_generation[a]) return reaches(a, b, true);
  return false;
}

bool RevisionGraph::is_ancestor(RevIndex a, RevIndex b) const {
  if (a == b) return true;
  return m_generation[a] < m_generation[b] && reaches(b, a, false);
}

}  // namespace retort
