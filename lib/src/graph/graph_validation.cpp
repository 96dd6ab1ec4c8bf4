// Building and validating the revision graph (docs/alembic-semantics.md §1.1,
// §1.3, §1.5). Every error names the revisions involved and their files.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <deque>
#include <string>

#include "graph/slot_table.hpp"
#include "retort/error.hpp"
#include "retort/revision_graph.hpp"

namespace retort {
namespace {

SourceLocation location_of(const Revision& revision) {
  return SourceLocation{revision.path, revision.header_line, 0};
}

std::string where(const Revision& revision) {
  return location_of(revision).to_string();
}

[[noreturn]] void fail(const Revision& revision, std::string message, std::string hint = {}) {
  throw Error(ErrorKind::graph, std::move(message), location_of(revision), std::move(hint));
}

// Alembic's cycle errors: "<kind> is detected in revisions (a, b)". The
// location is the first revision (load order), the hint lists every file.
[[noreturn]] void fail_cycle(const std::vector<Revision>& revisions, std::vector<RevIndex> involved,
                             bool sorted_ids, std::string_view kind) {
  std::sort(involved.begin(), involved.end());
  std::vector<std::string> ids;
  for (RevIndex r : involved) ids.push_back(revisions[r].id.str());
  if (sorted_ids) std::sort(ids.begin(), ids.end());
  std::string files;
  const std::size_t shown = std::min<std::size_t>(involved.size(), 20);
  for (std::size_t i = 0; i < shown; ++i) {
    const Revision& revision = revisions[involved[i]];
    files += fmt::format("{}{} ({})", i == 0 ? "" : ", ", revision.id.str(), where(revision));
  }
  if (shown < involved.size()) files += fmt::format(" and {} more", involved.size() - shown);
  throw Error(ErrorKind::graph,
              fmt::format("{} is detected in revisions ({})", kind, fmt::join(ids, ", ")),
              location_of(revisions[involved.front()]),
              fmt::format("check down_revision and depends_on of: {}", files));
}

std::vector<bool> reach(std::size_t size, const std::vector<RevIndex>& from,
                        const Adjacency& next) {
  std::vector<bool> seen(size, false);
  std::vector<RevIndex> stack;
  for (RevIndex r : from) {
    if (!seen[r]) {
      seen[r] = true;
      stack.push_back(r);
    }
  }
  while (!stack.empty()) {
    RevIndex r = stack.back();
    stack.pop_back();
    for (RevIndex n : next[r]) {
      if (!seen[n]) {
        seen[n] = true;
        stack.push_back(n);
      }
    }
  }
  return seen;
}

// Revisions on (or between) cycles: what remains after peeling revisions
// without remaining parents, then revisions without remaining children.
std::vector<RevIndex> cyclic_core(const Adjacency& up, const Adjacency& down) {
  const std::size_t n = up.size();
  std::vector<bool> removed(n, false);
  auto peel = [&](const Adjacency& in, const Adjacency& out) {
    std::vector<std::size_t> degree(n, 0);
    std::deque<RevIndex> ready;
    for (RevIndex r = 0; r < n; ++r) {
      if (removed[r]) continue;
      for (RevIndex p : in[r]) degree[r] += removed[p] ? 0 : 1;
      if (degree[r] == 0) ready.push_back(r);
    }
    while (!ready.empty()) {
      RevIndex r = ready.front();
      ready.pop_front();
      removed[r] = true;
      for (RevIndex c : out[r]) {
        if (!removed[c] && --degree[c] == 0) ready.push_back(c);
      }
    }
  };
  peel(down, up);  // drop revisions whose parents are all gone
  peel(up, down);  // then those whose children are all gone
  std::vector<RevIndex> core;
  for (RevIndex r = 0; r < n; ++r) {
    if (!removed[r]) core.push_back(r);
  }
  return core;
}

}  // namespace

void RevisionGraph::index_revisions() {
  const std::size_t n = m_revisions.size();
  m_id_slots = graph::make_slots(n);
  auto id_of = [&](std::uint32_t r) -> std::string_view { return id(r); };
  std::size_t label_count = 0;
  for (RevIndex r = 0; r < n; ++r) {
    const Revision& revision = m_revisions[r];
    const std::string& rev_id = revision.id.str();
    label_count += revision.branch_labels.size();
    for (const auto& parent : revision.down_revisions) {
      if (parent.str() == rev_id) {
        fail(revision, fmt::format("Self-loop is detected in revisions ({})", rev_id));
      }
    }
    for (const auto& dependency : revision.depends_on) {
      if (dependency == rev_id) {
        fail(revision, fmt::format("Dependency self-loop is detected in revisions ({})", rev_id));
      }
    }
    if (auto first = graph::insert_slot(m_id_slots, rev_id, r, id_of)) {
      fail(revision,
           fmt::format("Revision {} is present more than once: {} and {}", rev_id,
                       where(m_revisions[*first]), where(revision)),
           "every revision id must be unique; give one of the files a new id");
    }
  }
  m_label_slots = graph::make_slots(label_count);
  auto label_of = [&](std::uint32_t k) -> std::string_view { return m_declared_labels[k].first; };
  for (RevIndex r = 0; r < n; ++r) {
    const Revision& revision = m_revisions[r];
    for (const auto& label : revision.branch_labels) {
      std::string why;
      if (!is_valid_branch_label(label, &why)) fail(revision, why);
      std::optional<RevIndex> other = find_id(label);
      if (!other) other = find_label(label);
      if (other) {
        fail(revision,
             fmt::format("Branch name '{}' in revision {} already used by revision {}", label,
                         revision.id.str(), id(*other)),
             fmt::format("{} is declared at {}", id(*other), where(m_revisions[*other])));
      }
      m_declared_labels.emplace_back(label, r);
      graph::insert_slot(m_label_slots, label,
                         static_cast<std::uint32_t>(m_declared_labels.size() - 1), label_of);
    }
  }
}

void RevisionGraph::link_edges() {
  // Each kind of edge is one flat Adjacency: the lists are written in load
  // order, so the lists of neighbouring revisions sit next to each other.
  const std::size_t n = m_revisions.size();
  m_parents = Adjacency();
  m_dependencies = Adjacency();
  m_all_parents = Adjacency();
  std::size_t parent_count = 0, dependency_count = 0;
  for (const Revision& revision : m_revisions) {
    parent_count += revision.down_revisions.size();
    dependency_count += revision.depends_on.size();
  }
  m_parents.reserve(n, parent_count);
  m_dependencies.reserve(n, dependency_count);
  m_all_parents.reserve(n, parent_count + dependency_count);
  for (RevIndex r = 0; r < n; ++r) {
    const Revision& revision = m_revisions[r];
    for (const auto& dependency : revision.depends_on) {
      std::optional<RevIndex> target = find_id(dependency);
      if (!target) target = find_label(dependency);
      if (!target) {
        fail(revision,
             fmt::format("Dependency '{}' of revision {} is not present", dependency,
                         revision.id.str()),
             "depends_on entries must be exactly a revision id or a branch label");
      }
      if (*target == r) {
        fail(revision,
             fmt::format("Dependency self-loop is detected in revisions ({})", revision.id.str()));
      }
      auto deps = m_dependencies.open_list();
      if (std::find(deps.begin(), deps.end(), *target) == deps.end()) m_dependencies.push(*target);
    }
    for (const auto& parent_id : revision.down_revisions) {
      auto parent = find_id(parent_id.str());
      if (!parent) {
        fail(revision,
             fmt::format("Revision {} referenced from {} is not present", parent_id.str(),
                         revision.id.str()),
             fmt::format("{} lists {} in down_revision, but no migration file defines it",
                         revision.id.str(), parent_id.str()));
      }
      auto parents = m_parents.open_list();
      if (std::find(parents.begin(), parents.end(), *parent) != parents.end()) {
        fail(revision, fmt::format("Revision {} lists {} more than once in down_revision",
                                   revision.id.str(), parent_id.str()));
      }
      m_parents.push(*parent);
      m_all_parents.push(*parent);
    }
    for (RevIndex d : m_dependencies.open_list()) {
      auto all = m_all_parents.open_list();
      if (std::find(all.begin(), all.end(), d) == all.end()) m_all_parents.push(d);
    }
    m_parents.end_list();
    m_dependencies.end_list();
    m_all_parents.end_list();
  }
  m_children = m_parents.reversed();
  m_dependents = m_dependencies.reversed();
  m_all_children = m_all_parents.reversed();
}

void RevisionGraph::detect_cycles() const {
  // In an acyclic graph every revision lies between a head and a base, so
  // Alembic's rules below report nothing; they run only once a cycle is known,
  // to report it with Alembic's wording.
  const std::size_t n = m_revisions.size();
  if (n == 0) return;
  std::vector<RevIndex> all(n);
  for (RevIndex r = 0; r < n; ++r) all[r] = r;

  // Alembic's rules (§1.1): everything must lie between a head and a base.
  auto check = [&](const std::vector<RevIndex>& heads, const std::vector<RevIndex>& bases,
                   const Adjacency& down, const Adjacency& up, std::string_view kind) {
    if (heads.empty() || bases.empty()) fail_cycle(m_revisions, all, false, kind);
    auto from_heads = reach(n, heads, down);
    auto from_bases = reach(n, bases, up);
    std::vector<RevIndex> outside;
    for (RevIndex r = 0; r < n; ++r) {
      if (!from_heads[r] || !from_bases[r]) outside.push_back(r);
    }
    if (!outside.empty()) fail_cycle(m_revisions, outside, true, kind);
  };
  std::vector<RevIndex> heads, bases, real_heads, real_bases;
  for (RevIndex r = 0; r < n; ++r) {
    if (m_children[r].empty()) heads.push_back(r);
    if (m_parents[r].empty()) bases.push_back(r);
    if (m_all_children[r].empty()) real_heads.push_back(r);
    if (m_parents[r].empty() && m_revisions[r].depends_on.empty()) real_bases.push_back(r);
  }
  check(heads, bases, m_parents, m_children, "Cycle");
  check(real_heads, real_bases, m_all_parents, m_all_children, "Dependency cycle");

  // Alembic's rules miss a cycle whose members all lie between a head and a
  // base (e.g. B revises (A, C) and C revises B, with a head above C).
  if (auto core = cyclic_core(m_children, m_parents); !core.empty()) {
    fail_cycle(m_revisions, core, true, "Cycle");
  }
  if (auto core = cyclic_core(m_all_children, m_all_parents); !core.empty()) {
    fail_cycle(m_revisions, core, true, "Dependency cycle");
  }
}

bool RevisionGraph::compute_generations() {
  const std::size_t n = m_revisions.size();
  m_generation.assign(n, 0);
  std::vector<std::uint32_t> pending(n, 0);
  std::vector<RevIndex> ready;
  for (RevIndex r = 0; r < n; ++r) {
    pending[r] = static_cast<std::uint32_t>(m_all_parents[r].size());
    if (pending[r] == 0) ready.push_back(r);
  }
  std::size_t numbered = 0;
  while (!ready.empty()) {
    RevIndex r = ready.back();
    ready.pop_back();
    ++numbered;
    for (RevIndex c : m_all_children[r]) {
      m_generation[c] = std::max(m_generation[c], m_generation[r] + 1);
      if (--pending[c] == 0) ready.push_back(c);
    }
  }
  return numbered == n;
}

void RevisionGraph::normalize_dependencies() {
  // ndeps(R) drops a dependency that a proper versioned ancestor of R also
  // declares. The search walks down from R and stops below the generation of
  // the lowest other revision declaring that dependency.
  const std::size_t n = m_revisions.size();
  m_normalized_parents = Adjacency();
  m_normalized_parents.reserve(n, m_all_parents.item_count());
  std::vector<std::uint32_t> visited(n, 0);
  std::uint32_t epoch = 0;
  std::vector<RevIndex> stack;
  auto declared_below = [&](RevIndex r, RevIndex dependency) {
    std::uint32_t floor = m_generation[r];
    for (RevIndex a : m_dependents[dependency]) {
      if (a != r && m_generation[a] < m_generation[r]) floor = std::min(floor, m_generation[a]);
    }
    if (floor == m_generation[r]) return false;
    ++epoch;
    stack.assign(m_parents[r].begin(), m_parents[r].end());
    while (!stack.empty()) {
      RevIndex x = stack.back();
      stack.pop_back();
      if (visited[x] == epoch || m_generation[x] < floor) continue;
      visited[x] = epoch;
      const auto deps = m_dependencies[x];
      if (std::find(deps.begin(), deps.end(), dependency) != deps.end()) return true;
      for (RevIndex p : m_parents[x]) stack.push_back(p);
    }
    return false;
  };
  for (RevIndex r = 0; r < n; ++r) {
    for (RevIndex p : m_parents[r]) m_normalized_parents.push(p);
    for (RevIndex d : m_dependencies[r]) {
      auto out = m_normalized_parents.open_list();
      if (std::find(out.begin(), out.end(), d) != out.end()) continue;
      if (!declared_below(r, d)) m_normalized_parents.push(d);
    }
    m_normalized_parents.end_list();
  }
}

}  // namespace retort
