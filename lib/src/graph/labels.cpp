// Branch-label membership (docs/alembic-semantics.md §1.6). A declared label is
// copied to the declaring revision D and all of vdesc(D); then, from the last
// revision a depth-first walk of vdesc(D) visits, down through single
// down_revision links, stopping before the first real branch point or merge
// point. In effect the label spreads below D only when D's descendants form
// one unbranched chain.
#include <algorithm>

#include "retort/revision_graph.hpp"

namespace retort {

void RevisionGraph::propagate_labels() {
  const std::size_t n = m_revisions.size();
  // Label numbers follow m_declared_labels, so sorting them gives declaration order.
  std::vector<std::vector<std::uint32_t>> member(n);
  std::vector<std::uint32_t> visited(n, 0);
  std::uint32_t epoch = 0;
  std::vector<RevIndex> stack;

  std::size_t first = 0;
  while (first < m_declared_labels.size()) {
    // All labels declared by one revision propagate together (Alembic does so
    // per revision); they are consecutive in m_declared_labels.
    const RevIndex declaring = m_declared_labels[first].second;
    std::size_t last = first;
    while (last < m_declared_labels.size() && m_declared_labels[last].second == declaring) ++last;
    auto add = [&](RevIndex r) {
      for (std::size_t k = first; k < last; ++k) member[r].push_back(static_cast<std::uint32_t>(k));
    };

    // Depth-first over versioned children exactly as Alembic's iterator:
    // pop, skip if seen, push children, yield.
    ++epoch;
    RevIndex last_visited = declaring;
    stack.assign(1, declaring);
    while (!stack.empty()) {
      RevIndex r = stack.back();
      stack.pop_back();
      if (visited[r] == epoch) continue;
      visited[r] = epoch;
      for (RevIndex c : m_children[r]) stack.push_back(c);
      add(r);
      last_visited = r;
    }

    RevIndex walk = last_visited;
    while (!is_real_branch_point(walk) && !is_merge_point(walk)) {
      add(walk);
      if (m_parents[walk].empty()) break;
      walk = m_parents[walk].front();
    }
    first = last;
  }

  m_labels.assign(n, {});
  for (RevIndex r = 0; r < n; ++r) {
    auto& numbers = member[r];
    if (numbers.empty()) continue;
    std::sort(numbers.begin(), numbers.end());
    numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
    auto& out = m_labels[r];
    for (const auto& label : m_revisions[r].branch_labels) out.push_back(label);
    for (std::uint32_t k : numbers) {
      const auto& label = m_declared_labels[k].first;
      if (std::find(out.begin(), out.end(), label) == out.end()) out.push_back(label);
    }
  }
}

}  // namespace retort
