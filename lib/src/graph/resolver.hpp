// Resolver: Alembic's RevisionMap lookups (docs/alembic-semantics.md §2), one
// method per Alembic routine so the semantics can be checked side by side.
// Failures are thrown as the internal types of revision_errors.hpp. A
// Resolver caches lineage sets; make one per command.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "retort/revision_graph.hpp"

namespace retort::graph {

// What a lookup or a walk can produce: a revision, "nothing" (Alembic's None:
// before the first revision, e.g. `base`), the pseudo-revision "base" that a
// walk down past a base reaches, or "overwalked" (Alembic's None from a `-N`
// walk that ran out inside get_revisions).
struct Place {
  enum class Kind { nothing, base, revision, overwalked };
  Kind kind = Kind::nothing;
  RevIndex rev = 0;

  static Place nothing() { return {}; }
  static Place base() { return {Kind::base, 0}; }
  static Place revision(RevIndex r) { return {Kind::revision, r}; }
  static Place from(std::optional<RevIndex> r) { return r ? revision(*r) : nothing(); }
  bool is_revision() const { return kind == Kind::revision; }
};

// The revisions among `places`, in order.
std::vector<RevIndex> revisions_of(std::span<const Place> places);

class Resolver {
 public:
  explicit Resolver(const RevisionGraph& graph) : m_graph(graph) {}
  const RevisionGraph& graph() const { return m_graph; }

  // _resolve_revision_number: splits `L@X` at the first '@' and expands
  // `heads`, `head` and `base`; other tokens are returned unresolved.
  struct Number {
    std::vector<std::string> tokens;
    std::string label;  // empty: none
  };
  Number resolve_number(std::string_view text);

  // get_revisions: plain resolution of one string (§2.1), including `-N`.
  std::vector<Place> get_revisions(std::string_view text);
  // get_revisions of a tuple: each element, concatenated.
  std::vector<Place> get_revisions(std::span<const std::string> texts);
  // get_revision: at most one revision; several => MultipleHeadsFailure.
  std::optional<RevIndex> get_revision(std::string_view text);

  // _revision_for_ident: exact key (id or label), else a unique prefix among
  // keys longer than 3 characters, filtered by `check_branch` lineage.
  // No token (`base`) gives nullopt after validating the branch.
  std::optional<RevIndex> revision_for_ident(std::optional<std::string_view> token,
                                             std::string_view check_branch = {});
  // _resolve_branch: exact key, else any identifier, else "No such branch".
  RevIndex resolve_branch(std::string_view label);
  // get_current_head: the single versioned head (in `label`'s lineage).
  std::optional<RevIndex> current_head(std::string_view label);

  // filter_for_lineage: the members of `targets` sharing lineage with what
  // `check_against` names (versioned edges, or all edges). `check_against`
  // naming nothing (`base`) keeps everything.
  std::vector<RevIndex> filter_for_lineage(std::span<const RevIndex> targets,
                                           std::string_view check_against,
                                           bool include_dependencies = false);

  // _walk (§2.7): |steps| steps up (steps > 0, candidates filtered by
  // `label` lineage) or down. Returns nullopt when the walk runs out and
  // `no_overwalk` is set; otherwise it stays where it ran out.
  std::optional<Place> walk(Place start, std::int64_t steps, std::string_view label,
                            bool no_overwalk);

  // vanc(r) ∪ vdesc(r), or anc(r) ∪ desc(r) with dependencies; cached.
  const RevisionSet& lineage_set(RevIndex anchor, bool include_dependencies);

 private:
  // The revisions `check_against` names, as filter_for_lineage uses them;
  // nullopt when it names nothing (keep everything).
  std::optional<std::vector<RevIndex>> lineage_anchors(std::string_view check_against);
  // Key candidates (ids, then labels) longer than 3 characters starting with `prefix`.
  std::vector<std::pair<std::string, RevIndex>> prefix_candidates(std::string_view prefix) const;

  const RevisionGraph& m_graph;
  std::unordered_map<RevIndex, RevisionSet> m_lineage;
  std::unordered_map<RevIndex, RevisionSet> m_full_lineage;
};

// Python's int() for the tokens Alembic tests: optional sign, ASCII digits.
std::optional<std::int64_t> parse_integer(std::string_view text);

}  // namespace retort::graph
