// Version-table statements per step (docs/alembic-semantics.md §5.3).
#include "graph/version_changes.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "graph/revision_errors.hpp"

namespace retort::graph {
namespace {

constexpr const char* k_repair_hint =
    "the version table does not match the migration files; inspect it with `retort current` and "
    "repair it with `retort stamp`";

bool contains(std::span<const RevIndex> list, RevIndex r) {
  return std::find(list.begin(), list.end(), r) != list.end();
}

}  // namespace

RowTracker::RowTracker(const RevisionGraph& graph, std::span<const RevIndex> rows)
    : m_graph(graph),
      m_rows(graph.size()),
      m_applied(graph.ancestors(rows)),
      m_seen(graph.size(), 0) {
  for (RevIndex r : rows) m_rows.insert(r);
}

template <class Accept>
bool RowTracker::reaches_row(RevIndex from, Accept accept) {
  // Any path from a revision down to `from` runs through revisions applied
  // (ancestors of a row), so the upward search may skip everything else.
  ++m_epoch;
  m_stack.assign(1, from);
  m_seen[from] = m_epoch;
  while (!m_stack.empty()) {
    RevIndex r = m_stack.back();
    m_stack.pop_back();
    if (accept(r)) return true;
    for (RevIndex c : m_graph.all_children(r)) {
      if (m_applied.contains(c) && m_seen[c] != m_epoch) {
        m_seen[c] = m_epoch;
        m_stack.push_back(c);
      }
    }
  }
  return false;
}

void RowTracker::insert(RevIndex r, std::vector<VersionChange>& out) {
  if (!m_rows.insert(r)) {
    throw RevisionFailure(
        fmt::format("Cannot insert version '{}': it is already in the version table",
                    m_graph.id(r)),
        k_repair_hint);
  }
  out.push_back({VersionChange::Op::insert, "", m_graph.id(r)});
}

void RowTracker::remove(RevIndex r, std::vector<VersionChange>& out) {
  if (!m_rows.contains(r)) {
    throw RevisionFailure(
        fmt::format("Cannot delete version '{}': it is not in the version table", m_graph.id(r)),
        k_repair_hint);
  }
  m_rows.erase(r);
  out.push_back({VersionChange::Op::remove, m_graph.id(r), ""});
}

void RowTracker::update(RevIndex from, RevIndex to, std::vector<VersionChange>& out) {
  if (!m_rows.contains(from)) {
    throw RevisionFailure(fmt::format("Cannot update version '{}' to '{}': '{}' is not in the "
                                      "version table",
                                      m_graph.id(from), m_graph.id(to), m_graph.id(from)),
                          k_repair_hint);
  }
  if (m_rows.contains(to)) {
    throw RevisionFailure(fmt::format("Cannot update version '{}' to '{}': '{}' is already in the "
                                      "version table",
                                      m_graph.id(from), m_graph.id(to), m_graph.id(to)),
                          k_repair_hint);
  }
  m_rows.erase(from);
  m_rows.insert(to);
  out.push_back({VersionChange::Op::update, m_graph.id(from), m_graph.id(to)});
}

std::vector<VersionChange> RowTracker::upgrade(RevIndex r) {
  std::vector<VersionChange> out;
  const auto& parents = m_graph.normalized_parents(r);
  const auto parent_rows = static_cast<std::size_t>(
      std::count_if(parents.begin(), parents.end(), [&](RevIndex p) { return is_row(p); }));
  if (parent_rows == 0) {
    insert(r, out);  // U1 (a base) / U2 (parents only implied by other rows)
  } else if (parents.size() > 1 && parent_rows > 1) {
    // U3: merge. F = the parents that are rows, minus what the other rows
    // O = H - P imply. A parent that is no row is implied by a row already
    // (e.g. by another parent that depends on it) and has nothing to delete.
    std::vector<RevIndex> merged;
    const bool others = row_count() > parent_rows;
    for (RevIndex p : parents) {
      if (!is_row(p)) continue;
      if (others &&
          reaches_row(p, [&](RevIndex x) { return is_row(x) && !contains(parents, x); })) {
        continue;
      }
      merged.push_back(p);
    }
    if (merged.empty()) {
      throw RevisionFailure(
          fmt::format("Cannot record the merge {}: its parents are implied by other rows",
                      m_graph.id(r)),
          k_repair_hint);
    }
    for (std::size_t i = 0; i + 1 < merged.size(); ++i) remove(merged[i], out);
    update(merged.back(), r, out);
  } else {
    // U4: the tip moves along the one parent that is a row.
    update(*std::find_if(parents.begin(), parents.end(), [&](RevIndex p) { return is_row(p); }), r,
           out);
  }
  m_applied.insert(r);
  return out;
}

std::vector<VersionChange> RowTracker::downgrade(RevIndex r) {
  std::vector<VersionChange> out;
  if (!is_row(r)) {
    throw RevisionFailure(
        fmt::format("Cannot downgrade {}: it is not in the version table", m_graph.id(r)),
        k_repair_hint);
  }
  const auto& parents = m_graph.normalized_parents(r);
  if (parents.empty()) {
    remove(r, out);  // D1
    m_applied.erase(r);
    return out;
  }
  // T: the parents that must become rows. With other rows O = H - {R}: the
  // parents not implied by O. Without (>=1.13.1): the parents that are not
  // ancestors of another parent.
  std::vector<RevIndex> keep;
  const bool others = row_count() > 1;
  for (RevIndex p : parents) {
    const bool implied =
        others ? reaches_row(p, [&](RevIndex x) { return x != r && is_row(x); })
               : reaches_row(p, [&](RevIndex x) { return x != p && contains(parents, x); });
    if (!implied) keep.push_back(p);
  }
  if (keep.empty()) {
    remove(r, out);  // D2: the parents stay implied by other rows
  } else if (parents.size() > 1) {
    // D3: unmerge.
    for (std::size_t i = 0; i + 1 < keep.size(); ++i) insert(keep[i], out);
    update(r, keep.back(), out);
  } else {
    update(r, parents.front(), out);  // D4
  }
  m_applied.erase(r);
  return out;
}

std::vector<VersionChange> RowTracker::stamp(std::span<const RevIndex> sources,
                                             std::optional<RevIndex> destination, bool is_upgrade,
                                             bool branch_move) {
  std::vector<VersionChange> out;
  if (!destination) {
    remove(sources.front(), out);
    return out;
  }
  const RevIndex to = *destination;
  const bool source_moved =
      std::any_of(sources.begin(), sources.end(), [&](RevIndex s) { return !is_row(s); });
  if (is_upgrade && (branch_move || source_moved) && !is_row(to)) {
    insert(to, out);
  } else if (sources.size() > 1) {
    for (std::size_t i = 0; i + 1 < sources.size(); ++i) remove(sources[i], out);
    update(sources.back(), to, out);
  } else if (!sources.empty()) {
    update(sources.front(), to, out);
  } else {
    throw RevisionFailure(
        fmt::format("Cannot stamp {}: it is already in the version table", m_graph.id(to)));
  }
  return out;
}

}  // namespace retort::graph
