// Branch-label membership (docs/alembic-semantics.md §1.6). A declared label is
// copied to the declaring revision D and all of vdesc(D); then, from the last
// revision a depth-first walk of vdesc(D) visits, down through single
// down_revision links, stopping before the first real branch point or merge
// point. In effect the label spreads below D only when D's descendants form
// one unbranched chain.
#include <algorithm>
#include <map>

#include "retort/revision_graph.hpp"

namespace retort {

void RevisionGraph::propagate_labels() {
  const std::size_t n = m_revisions.size();
  // Memberships as sets of label numbers, shared: revisions of one branch
  // have the same labels, so a big project holds a handful of sets rather
  // than one list per revision. Label numbers follow m_declared_labels, and
  // the labels are added in that order, so every set stays sorted.
  std::vector<std::vector<std::uint32_t>> sets(1);  // set 0: no label
  std::map<std::vector<std::uint32_t>, std::uint32_t> set_numbers;
  set_numbers.emplace(sets[0], 0);
  std::vector<std::uint32_t> set_of(n, 0);
  // For the label being spread: what each set becomes with it (0: not known yet).
  std::vector<std::uint32_t> grown;
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
    grown.assign(sets.size(), 0);
    auto add = [&](RevIndex r) {
      const std::uint32_t from = set_of[r];
      if (from >= grown.size()) grown.resize(sets.size(), 0);
      if (grown[from] == 0) {
        std::vector<std::uint32_t> members = sets[from];
        if (members.empty() || members.back() < first) {
          for (std::size_t k = first; k < last; ++k) {
            members.push_back(static_cast<std::uint32_t>(k));
          }
        }
        auto [known, added] = set_numbers.emplace(members, static_cast<std::uint32_t>(sets.size()));
        if (added) sets.push_back(std::move(members));
        grown[from] = known->second;
      }
      set_of[r] = grown[from];
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

  // The label lists: a declaring revision's own labels come first, so it
  // gets a list of its own; the others share the list of their set.
  auto names_of = [&](const std::vector<std::uint32_t>& numbers, std::vector<std::string> out) {
    for (std::uint32_t k : numbers) {
      const auto& label = m_declared_labels[k].first;
      if (std::find(out.begin(), out.end(), label) == out.end()) out.push_back(label);
    }
    return out;
  };
  m_label_sets.assign(1, {});
  m_label_set_of.assign(n, 0);
  std::vector<std::uint32_t> shared(sets.size(), 0);  // set -> its list, 0 until made
  for (RevIndex r = 0; r < n; ++r) {
    const std::uint32_t set = set_of[r];
    if (set == 0) continue;
    const auto& own = m_revisions[r].branch_labels;
    if (!own.empty()) {
      m_label_set_of[r] = static_cast<std::uint32_t>(m_label_sets.size());
      m_label_sets.push_back(names_of(sets[set], own));
      continue;
    }
    if (shared[set] == 0) {
      shared[set] = static_cast<std::uint32_t>(m_label_sets.size());
      m_label_sets.push_back(names_of(sets[set], {}));
    }
    m_label_set_of[r] = shared[set];
  }
}

}  // namespace retort
