// The version-table statements of each step (docs/alembic-semantics.md §5.3,
// Alembic's HeadMaintainer with the >=1.13.1 unmerge rule), simulated on the
// rows so a plan knows the rows after every step.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "retort/plan.hpp"
#include "retort/revision_graph.hpp"

namespace retort::graph {

class RowTracker {
 public:
  // `rows`: the version-table rows before the first step.
  RowTracker(const RevisionGraph& graph, std::span<const RevIndex> rows);

  // Statements for running R's upgrade / downgrade (rules U1-U4 / D1-D4),
  // applied to the tracked rows. Where Alembic keeps sets the order of P
  // (ndown) is kept. Throws RevisionFailure where Alembic's HeadMaintainer
  // would crash or hit a missing row (only with an inconsistent table).
  std::vector<VersionChange> upgrade(RevIndex r);
  std::vector<VersionChange> downgrade(RevIndex r);

  // A stamp step (Alembic's StampStep): `sources` are the rows related to
  // the destination when the command was planned; no destination = delete
  // `sources[0]` (a step to base).
  std::vector<VersionChange> stamp(std::span<const RevIndex> sources,
                                   std::optional<RevIndex> destination, bool is_upgrade,
                                   bool branch_move);

  bool is_row(RevIndex r) const { return m_rows.contains(r); }
  std::size_t row_count() const { return m_rows.count(); }
  // The rows now, in load order.
  std::vector<RevIndex> rows() const { return m_rows.members(); }

 private:
  // Is some row accepted by `counts` reachable upward from `from` (itself
  // included) through applied revisions? Equivalent to "from ∈ anc(those
  // rows)", searched from the (usually small) applied part above `from`.
  template <class Counts>
  bool reaches_row(RevIndex from, Counts counts);

  void insert(RevIndex r, std::vector<VersionChange>& out);
  void remove(RevIndex r, std::vector<VersionChange>& out);
  void update(RevIndex from, RevIndex to, std::vector<VersionChange>& out);

  const RevisionGraph& m_graph;
  RevisionSet m_rows;
  // A superset of anc(rows): the applied revisions (maintained by upgrade
  // and downgrade; unused by stamp steps).
  RevisionSet m_applied;
  std::vector<std::uint32_t> m_seen;
  std::uint32_t m_epoch = 0;
  std::vector<RevIndex> m_stack;
};

}  // namespace retort::graph
