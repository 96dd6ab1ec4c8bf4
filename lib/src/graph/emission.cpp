// The emission algorithm (docs/alembic-semantics.md §3.4) without per-slot
// ancestor sets.
//
// Alembic's procedure: slots hold revisions still to emit; the current slot's
// revision c is emitted unless c is an ancestor of another slot's revision,
// in which case the first such slot becomes current. After emitting c, its
// slot moves to the first of c's ndown parents still to emit (the others are
// appended as new slots), or is deleted (the current index then steps back
// one, or stays at 0).
//
// Equivalent test used here: call a revision live while it is an ancestor of
// some slot's revision (slot revisions included). c is blocked exactly when
// one of its children is live. live_children[] counts live children; it is
// updated when a revision stops being live, which happens once per revision.
#include "graph/emission.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace retort::graph {
namespace {

constexpr std::uint32_t k_none = std::numeric_limits<std::uint32_t>::max();

class Emitter {
 public:
  Emitter(const RevisionGraph& graph, RevisionSet& todo, std::vector<RevIndex>& out)
      : m_graph(graph),
        m_todo(todo),
        m_out(out),
        m_live(graph.size(), 0),
        m_live_children(graph.size(), 0),
        m_slot_of(graph.size(), k_none),
        m_seen(graph.size(), 0) {}

  void run(const std::vector<RevIndex>& start) {
    init(start);
    std::uint32_t current = m_first;
    while (m_slot_count > 0) {
      const RevIndex c = m_head[current];
      if (m_live_children[c] > 0) {
        std::uint32_t other = first_slot_needing(c, current);
        if (other != k_none) {
          current = other;
          continue;
        }
      }
      current = emit(current);
    }
  }

 private:
  void init(const std::vector<RevIndex>& start) {
    // Slots: the distinct start revisions still to emit, in load order.
    std::vector<RevIndex> heads;
    for (RevIndex r : start) {
      if (m_todo.contains(r)) heads.push_back(r);
    }
    std::sort(heads.begin(), heads.end());
    heads.erase(std::unique(heads.begin(), heads.end()), heads.end());
    for (RevIndex h : heads) append_slot(h);

    // Everything below a slot is live; count live children.
    std::vector<RevIndex> stack(heads.begin(), heads.end());
    for (RevIndex h : heads) m_live[h] = 1;
    while (!stack.empty()) {
      RevIndex r = stack.back();
      stack.pop_back();
      for (RevIndex p : m_graph.all_parents(r)) {
        ++m_live_children[p];
        if (!m_live[p]) {
          m_live[p] = 1;
          stack.push_back(p);
        }
      }
    }
  }

  void append_slot(RevIndex revision) {
    const auto slot = static_cast<std::uint32_t>(m_head.size());
    m_head.push_back(revision);
    m_prev.push_back(m_last);
    m_next.push_back(k_none);
    if (m_last != k_none) m_next[m_last] = slot;
    if (m_first == k_none) m_first = slot;
    m_last = slot;
    m_slot_of[revision] = slot;
    ++m_slot_count;
  }

  // Unlinks `slot`; returns the slot that becomes current (index - 1, or 0).
  std::uint32_t remove_slot(std::uint32_t slot) {
    const std::uint32_t prev = m_prev[slot];
    const std::uint32_t next = m_next[slot];
    if (prev != k_none) m_next[prev] = next;
    if (next != k_none) m_prev[next] = prev;
    if (m_first == slot) m_first = next;
    if (m_last == slot) m_last = prev;
    --m_slot_count;
    return prev != k_none ? prev : m_first;
  }

  // The first slot (other than `current`) whose revision has c as an
  // ancestor. Slots are numbered in list order, so "first" is the smallest.
  std::uint32_t first_slot_needing(RevIndex c, std::uint32_t current) {
    const std::uint32_t first_other = m_first != current ? m_first : m_next[m_first];
    if (m_slot_count == 2) return first_other;
    // Walk up through live revisions: exactly the ancestors of slot revisions.
    ++m_epoch;
    std::uint32_t best = k_none;
    m_stack.assign(1, c);
    m_seen[c] = m_epoch;
    while (!m_stack.empty()) {
      RevIndex r = m_stack.back();
      m_stack.pop_back();
      for (RevIndex child : m_graph.all_children(r)) {
        if (!m_live[child] || m_seen[child] == m_epoch) continue;
        m_seen[child] = m_epoch;
        const std::uint32_t slot = m_slot_of[child];
        if (slot != k_none && slot != current && (best == k_none || slot < best)) {
          best = slot;
          if (best == first_other) return best;
        }
        m_stack.push_back(child);
      }
    }
    return best;
  }

  // Emits the revision of `slot`; returns the slot that becomes current.
  std::uint32_t emit(std::uint32_t slot) {
    const RevIndex c = m_head[slot];
    m_out.push_back(c);
    m_todo.erase(c);
    m_slot_of[c] = k_none;

    std::uint32_t next_current = slot;
    bool replaced = false;
    for (RevIndex p : m_graph.normalized_parents(c)) {
      if (!m_todo.contains(p) || m_slot_of[p] != k_none) continue;
      if (!replaced) {
        m_head[slot] = p;
        m_slot_of[p] = slot;
        replaced = true;
      } else {
        append_slot(p);
      }
    }
    if (!replaced) next_current = remove_slot(slot);
    retire(c);
    return next_current;
  }

  // c is no longer live; neither is any parent left without live children
  // that is not itself a slot's revision.
  void retire(RevIndex c) {
    m_live[c] = 0;
    m_stack.assign(1, c);
    while (!m_stack.empty()) {
      RevIndex r = m_stack.back();
      m_stack.pop_back();
      for (RevIndex p : m_graph.all_parents(r)) {
        if (!m_live[p]) continue;
        if (--m_live_children[p] == 0 && m_slot_of[p] == k_none) {
          m_live[p] = 0;
          m_stack.push_back(p);
        }
      }
    }
  }

  const RevisionGraph& m_graph;
  RevisionSet& m_todo;
  std::vector<RevIndex>& m_out;
  std::vector<char> m_live;
  std::vector<std::uint32_t> m_live_children;
  std::vector<std::uint32_t> m_slot_of;  // slot whose revision this is, or k_none
  std::vector<std::uint32_t> m_seen;
  std::uint32_t m_epoch = 0;
  std::vector<RevIndex> m_stack;
  // Slots as a doubly linked list in creation order.
  std::vector<RevIndex> m_head;
  std::vector<std::uint32_t> m_prev, m_next;
  std::uint32_t m_first = k_none, m_last = k_none, m_slot_count = 0;
};

}  // namespace

std::vector<RevIndex> emission_order(const RevisionGraph& graph, RevisionSet todo,
                                     std::span<const RevIndex> start) {
  std::vector<RevIndex> out;
  out.reserve(todo.count());
  std::vector<RevIndex> heads(start.begin(), start.end());
  while (true) {
    Emitter(graph, todo, out).run(heads);
    if (todo.empty()) break;
    // Alembic would fail its assertion here: continue from the tips of what
    // is left (members without a child still to emit).
    heads.clear();
    for (RevIndex r : todo.members()) {
      const auto& children = graph.all_children(r);
      if (std::none_of(children.begin(), children.end(),
                       [&](RevIndex c) { return todo.contains(c); })) {
        heads.push_back(r);
      }
    }
  }
  return out;
}

}  // namespace retort::graph
