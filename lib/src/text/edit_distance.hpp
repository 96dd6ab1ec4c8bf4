// Edit distance and the "did you mean" suggestion for misspelt names (config
// keys, migration header keys).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace retort::text {

// The Levenshtein distance between `a` and `b` (insertions, deletions and
// substitutions of one byte each), comparing ASCII letters case-insensitively.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The first of `candidates` closest to `word` by edit_distance(), if it is at
// most `max_distance` edits away (farther than 2 edits is not a typo); empty
// otherwise.
std::string closest_match(std::string_view word, std::span<const std::string_view> candidates,
                          std::size_t max_distance = 2);

}  // namespace retort::text
