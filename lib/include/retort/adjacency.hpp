// Adjacency: one list of revision numbers per revision, stored flat (every
// list in one array, with the start of each), so a graph of n revisions costs
// two allocations per kind of edge instead of n.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace retort {

using RevIndex = std::uint32_t;

class Adjacency {
 public:
  Adjacency() = default;

  // Building: the lists are written in revision order. push() appends to the
  // list being written; end_list() closes it and starts the next one.
  void push(RevIndex r) { m_items.push_back(r); }
  void end_list() { m_starts.push_back(static_cast<std::uint32_t>(m_items.size())); }
  void reserve(std::size_t lists, std::size_t items) {
    m_starts.reserve(lists + 1);
    m_items.reserve(items);
  }
  // The list being written (after the last end_list()).
  std::span<const RevIndex> open_list() const {
    return std::span<const RevIndex>(m_items).subspan(m_starts.back());
  }

  // The list of revision `r`. REQUIRES: r < size().
  std::span<const RevIndex> operator[](RevIndex r) const {
    return std::span<const RevIndex>(m_items.data() + m_starts[r], m_starts[r + 1] - m_starts[r]);
  }
  // The number of closed lists.
  std::size_t size() const { return m_starts.size() - 1; }
  // The number of entries over all lists.
  std::size_t item_count() const { return m_items.size(); }

  // The reverse edges: list r holds every s whose list holds r, in
  // increasing s (load order).
  Adjacency reversed() const {
    const std::size_t n = size();
    Adjacency out;
    out.m_starts.assign(n + 1, 0);
    for (RevIndex item : m_items) ++out.m_starts[item + 1];
    for (std::size_t r = 0; r < n; ++r) out.m_starts[r + 1] += out.m_starts[r];
    out.m_items.resize(m_items.size());
    std::vector<std::uint32_t> next(out.m_starts.begin(), out.m_starts.end() - 1);
    for (RevIndex s = 0; s < n; ++s) {
      for (RevIndex item : (*this)[s]) out.m_items[next[item]++] = s;
    }
    return out;
  }

 private:
  std::vector<std::uint32_t> m_starts{0};  // list r is m_items[m_starts[r], m_starts[r + 1])
  std::vector<RevIndex> m_items;
};

}  // namespace retort
