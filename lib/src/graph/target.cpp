// Target parsing (§2.6, §2.8) and the public resolution entry points.
#include "retort/target.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "graph/resolver.hpp"
#include "graph/revision_errors.hpp"
#include "retort/display_text.hpp"

namespace retort {
namespace {

// Python's \w on the characters ids and labels use; non-ASCII bytes count as
// word characters (letters of UTF-8 text).
bool is_word(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         u >= 0x80;
}

// Matches `(\w+)?([+-]\d+)` at `pos`, filling symbol and number on success.
bool match_relative_tail(std::string_view text, std::size_t pos, Target& target) {
  std::size_t i = pos;
  while (i < text.size() && is_word(text[i])) ++i;
  const std::size_t symbol_end = i;
  if (i >= text.size() || (text[i] != '+' && text[i] != '-')) return false;
  const std::size_t sign = i++;
  const std::size_t digits = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  if (i == digits) return false;
  target.symbol = std::string(text.substr(pos, symbol_end - pos));
  target.delta_text = std::string(text.substr(sign, i - sign));
  target.delta = *graph::parse_integer(target.delta_text);
  std::string_view magnitude = text.substr(digits, i - digits);
  while (magnitude.size() > 1 && magnitude.front() == '0') magnitude.remove_prefix(1);
  target.magnitude_text = std::string(magnitude);
  return true;
}

}  // namespace

Target Target::parse(std::string_view text) {
  Target target;
  target.text = std::string(text);
  // `(?:(.+?)@)?`: the shortest label (at least one character) before an '@'
  // that lets the rest match wins; without one, try with no label.
  for (auto at = text.find('@', 1); at != std::string_view::npos; at = text.find('@', at + 1)) {
    if (match_relative_tail(text, at + 1, target)) {
      target.relative = true;
      target.label = std::string(text.substr(0, at));
      return target;
    }
  }
  target.relative = match_relative_tail(text, 0, target);
  return target;
}

std::optional<RevisionRange> RevisionRange::parse(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  if (text.find(':', colon + 1) != std::string_view::npos) {
    throw Error(ErrorKind::usage, fmt::format("{} has more than one ':'", text::quote(text)),
                std::nullopt, "write a range as START:END");
  }
  return RevisionRange{std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
}

std::vector<RevIndex> resolve_revisions(const RevisionGraph& graph, std::string_view text,
                                        HeadsWording wording) {
  graph::Resolver resolver(graph);
  graph::ErrorContext context;
  context.wording = wording;
  return graph::with_revision_errors(graph, context, [&] {
    auto places = resolver.get_revisions(text);
    for (const auto& place : places) {
      if (place.kind == graph::Place::Kind::overwalked) {
        throw graph::RevisionFailure("Walked too far");
      }
    }
    return graph::revisions_of(places);
  });
}

std::vector<RevIndex> resolve_rows(const RevisionGraph& graph, std::span<const std::string> rows) {
  std::vector<RevIndex> known;
  std::vector<std::string> unknown;
  for (const auto& row : rows) {
    if (auto r = graph.find_id(row)) {
      known.push_back(*r);
    } else if (std::find(unknown.begin(), unknown.end(), row) == unknown.end()) {
      unknown.push_back(row);
    }
  }
  if (!unknown.empty()) {
    // The rows come from the database: show a few, and how many there are.
    constexpr std::size_t k_shown = 10;
    std::vector<std::string> quoted;
    for (std::size_t i = 0; i < unknown.size() && i < k_shown; ++i) {
      quoted.push_back(text::quote(unknown[i]));
    }
    const std::string more =
        unknown.size() > k_shown ? fmt::format(", ... ({} in all)", unknown.size()) : "";
    throw Error(ErrorKind::target,
                fmt::format("Can't locate revision{} identified by {}{}",
                            unknown.size() > 1 ? "s" : "", fmt::join(quoted, ", "), more),
                std::nullopt,
                "the version table names revisions that no migration file defines: the database "
                "is ahead of these migration files (deploy the newer files, or reset the table "
                "with `retort stamp --purge`)");
  }
  std::sort(known.begin(), known.end());
  known.erase(std::unique(known.begin(), known.end()), known.end());
  return known;
}

}  // namespace retort
