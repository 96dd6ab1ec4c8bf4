// Parsing upgrade and downgrade targets against the current state
// (docs/alembic-semantics.md §2.6): Alembic's _parse_upgrade_target and
// _parse_downgrade_target.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "graph/resolver.hpp"
#include "retort/target.hpp"

namespace retort::graph {

// The revisions an upgrade (or a history range end) goes to. `current` are
// the start points as strings: the version-table rows in load order, or a
// history lower bound. With `assert_relative_length` a walk that runs out
// fails with "Relative revision +N didn't produce N migrations" (Alembic
// crashes for `sym+N`); without it the walk stops where it ran out.
std::vector<Place> parse_upgrade_target(Resolver& resolver, std::span<const std::string> current,
                                        const Target& target, bool assert_relative_length);

struct DowngradeTarget {
  std::string label;  // branch filter (§4.1 step 3); empty: none
  Place target;       // a revision, or nothing/base: downgrade to base
  std::vector<std::string> warnings;
};

// What a downgrade goes to. `current` are the rows in load order; `-N` with
// several rows warns and walks from the first (§10: deterministic).
DowngradeTarget parse_downgrade_target(Resolver& resolver, std::span<const std::string> current,
                                       const Target& target, bool assert_relative_length);

}  // namespace retort::graph
