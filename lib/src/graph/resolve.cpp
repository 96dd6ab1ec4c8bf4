// Plain resolution (docs/alembic-semantics.md §2.2-§2.5, §2.7): Alembic's
// RevisionMap lookups, one method per routine.
#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "graph/resolver.hpp"
#include "graph/revision_errors.hpp"
#include "retort/display_text.hpp"

namespace retort::graph {

std::vector<RevIndex> revisions_of(std::span<const Place> places) {
  std::vector<RevIndex> out;
  for (const Place& place : places) {
    if (place.is_revision()) out.push_back(place.rev);
  }
  return out;
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  constexpr std::int64_t k_limit = 1'000'000'000;  // walks never need more
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = std::min<std::int64_t>(value * 10 + (c - '0'), k_limit);
  }
  return negative ? -value : value;
}

Resolver::Number Resolver::resolve_number(std::string_view text) {
  Number out;
  std::string_view id = text;
  if (auto at = text.find('@'); at != std::string_view::npos) {
    out.label = std::string(text.substr(0, at));
    id = text.substr(at + 1);
  }
  auto add = [&](std::span<const RevIndex> revisions) {
    for (RevIndex r : revisions) out.tokens.push_back(m_graph.id(r));
  };
  if (id == "heads") {
    if (out.label.empty()) {
      add(m_graph.real_heads());
    } else {
      add(filter_for_lineage(m_graph.heads(), out.label));
    }
  } else if (id == "head") {
    if (auto head = current_head(out.label)) out.tokens.push_back(m_graph.id(*head));
  } else if (id != "base") {
    out.tokens.emplace_back(id);
  }
  return out;
}

std::vector<Place> Resolver::get_revisions(std::string_view text) {
  Number number = resolve_number(text);
  if (number.tokens.size() == 1) {
    if (auto steps = parse_integer(number.tokens.front()); steps && *steps < 0) {
      // `-N` / `L@-N` (§2.5): walk down from the real heads carrying label L.
      std::vector<Place> out;
      for (RevIndex head : m_graph.real_heads()) {
        if (!number.label.empty() && !m_graph.has_label(head, number.label)) continue;
        auto place = walk(Place::revision(head), *steps, {}, true);
        out.push_back(place ? *place : Place{Place::Kind::overwalked, 0});
      }
      return out;
    }
  }
  std::vector<Place> out;
  for (const auto& token : number.tokens) {
    out.push_back(Place::from(revision_for_ident(token, number.label)));
  }
  return out;
}

std::vector<Place> Resolver::get_revisions(std::span<const std::string> texts) {
  std::vector<Place> out;
  for (const auto& text : texts) {
    auto part = get_revisions(text);
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

std::optional<RevIndex> Resolver::get_revision(std::string_view text) {
  Number number = resolve_number(text);
  if (number.tokens.size() > 1) {
    std::vector<RevIndex> heads;
    for (const auto& token : number.tokens) heads.push_back(*m_graph.find_id(token));
    throw MultipleHeadsFailure(std::move(heads), std::string(text));
  }
  if (number.tokens.empty()) return revision_for_ident(std::nullopt, number.label);
  return revision_for_ident(number.tokens.front(), number.label);
}

std::vector<std::pair<std::string, RevIndex>> Resolver::prefix_candidates(
    std::string_view prefix) const {
  std::vector<std::pair<std::string, RevIndex>> out;
  for (RevIndex r = 0; r < m_graph.size(); ++r) {
    const auto& id = m_graph.id(r);
    if (id.size() > 3 && id.starts_with(prefix)) out.emplace_back(id, r);
  }
  for (const auto& [label, r] : m_graph.declared_labels()) {
    if (label.size() > 3 && label.starts_with(prefix)) out.emplace_back(label, r);
  }
  return out;
}

std::optional<RevIndex> Resolver::revision_for_ident(std::optional<std::string_view> token,
                                                     std::string_view check_branch) {
  std::optional<RevIndex> branch;
  if (!check_branch.empty()) branch = resolve_branch(check_branch);
  if (!token) return std::nullopt;
  const std::string_view tok = *token;

  std::optional<RevIndex> revision = m_graph.find_id(tok);
  if (!revision) revision = m_graph.find_label(tok);
  if (!revision) {
    auto candidates = prefix_candidates(tok);
    if (branch && !candidates.empty()) {
      std::vector<RevIndex> revs;
      for (const auto& candidate : candidates) revs.push_back(candidate.second);
      auto kept = filter_for_lineage(revs, check_branch);
      std::erase_if(candidates, [&](const auto& candidate) {
        return std::find(kept.begin(), kept.end(), candidate.second) == kept.end();
      });
    }
    if (candidates.empty()) {
      throw ResolutionFailure(
          fmt::format("No such revision or branch {}{}", text::quote(tok),
                      tok.size() < 4 ? "; please ensure at least four characters are present "
                                       "for partial revision identifier matches"
                                     : ""),
          std::string(tok));
    }
    if (candidates.size() > 1) {
      std::vector<std::string> names;
      for (const auto& candidate : candidates) names.push_back(candidate.first);
      throw ResolutionFailure(fmt::format("Multiple revisions start with {}", text::quote(tok)),
                              std::string(tok), std::move(names));
    }
    revision = candidates.front().second;
  }
  if (branch && !lineage_set(*branch, false).contains(*revision)) {
    throw ResolutionFailure(fmt::format("Revision {} is not a member of branch {}",
                                        m_graph.id(*revision), text::quote(check_branch)),
                            std::string(tok));
  }
  return revision;
}

RevIndex Resolver::resolve_branch(std::string_view label) {
  if (auto r = m_graph.find_id(label)) return *r;
  if (auto r = m_graph.find_label(label)) return *r;
  try {
    return *revision_for_ident(label);
  } catch (const ResolutionFailure&) {
    throw ResolutionFailure(fmt::format("No such branch: {}", text::quote(label)),
                            std::string(label));
  }
}

std::optional<RevIndex> Resolver::current_head(std::string_view label) {
  std::vector<RevIndex> heads = m_graph.heads();
  if (!label.empty()) heads = filter_for_lineage(heads, label);
  if (heads.size() > 1) {
    throw MultipleHeadsFailure(std::move(heads),
                               label.empty() ? "head" : fmt::format("{}@head", label));
  }
  if (heads.empty()) return std::nullopt;
  return heads.front();
}

std::optional<std::vector<RevIndex>> Resolver::lineage_anchors(std::string_view check_against) {
  Number number = resolve_number(check_against);
  std::vector<std::string> shares;
  if (!number.label.empty()) shares.push_back(number.label);
  shares.insert(shares.end(), number.tokens.begin(), number.tokens.end());
  if (shares.empty()) return std::nullopt;
  std::vector<RevIndex> anchors;
  for (const auto& share : shares) anchors.push_back(*revision_for_ident(share));
  return anchors;
}

std::vector<RevIndex> Resolver::filter_for_lineage(std::span<const RevIndex> targets,
                                                   std::string_view check_against,
                                                   bool include_dependencies) {
  if (targets.empty()) return {};  // Alembic never resolves check_against then
  auto anchors = lineage_anchors(check_against);
  if (!anchors) return {targets.begin(), targets.end()};
  std::vector<RevIndex> out;
  for (RevIndex t : targets) {
    for (RevIndex anchor : *anchors) {
      if (lineage_set(anchor, include_dependencies).contains(t)) {
        out.push_back(t);
        break;
      }
    }
  }
  return out;
}

std::optional<Place> Resolver::walk(Place start, std::int64_t steps, std::string_view label,
                                    bool no_overwalk) {
  Place at = start;
  const std::int64_t count = steps < 0 ? -steps : steps;
  for (std::int64_t i = 0; i < count; ++i) {
    std::vector<Place> next;
    if (steps > 0) {
      std::span<const RevIndex> from =
          at.is_revision() ? m_graph.children(at.rev) : std::span<const RevIndex>(m_graph.bases());
      std::vector<RevIndex> up(from.begin(), from.end());
      if (!label.empty()) up = filter_for_lineage(up, label);
      for (RevIndex r : up) next.push_back(Place::revision(r));
    } else if (at.kind != Place::Kind::base) {
      std::span<const RevIndex> down =
          at.is_revision() ? m_graph.parents(at.rev) : std::span<const RevIndex>(m_graph.heads());
      for (RevIndex r : down) next.push_back(Place::revision(r));
      if (next.empty()) next.push_back(Place::base());
    }
    if (next.empty()) return no_overwalk ? std::nullopt : std::optional<Place>(at);
    if (next.size() > 1) throw RevisionFailure("Ambiguous walk");
    at = next.front();
  }
  return at;
}

const RevisionSet& Resolver::lineage_set(RevIndex anchor, bool include_dependencies) {
  auto& cache = include_dependencies ? m_full_lineage : m_lineage;
  auto it = cache.find(anchor);
  if (it != cache.end()) return it->second;
  RevisionSet set;
  if (include_dependencies) {
    const RevIndex from[] = {anchor};
    set = m_graph.ancestors(from);
    for (RevIndex r : m_graph.descendants(from).members()) set.insert(r);
  } else {
    set = m_graph.lineage(anchor);
  }
  return cache.emplace(anchor, std::move(set)).first->second;
}

}  // namespace retort::graph
