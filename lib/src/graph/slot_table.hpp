// A minimal open-addressing hash table of numbers keyed by text that the
// caller derives from the number (an id, a label). Power-of-two size, linear
// probing, no removal: what RevisionGraph needs for its id and label lookups.
#pragma once

#include <bit>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace retort::graph {

inline constexpr std::uint32_t k_empty_slot = 0xffffffffu;

// Slots for `count` keys, at most half full.
inline std::vector<std::uint32_t> make_slots(std::size_t count) {
  return std::vector<std::uint32_t>(std::bit_ceil(std::max<std::size_t>(2 * count, 8)),
                                    k_empty_slot);
}

template <class KeyOf>
std::optional<std::uint32_t> find_slot(const std::vector<std::uint32_t>& slots,
                                       std::string_view key, KeyOf key_of) {
  if (slots.empty()) return std::nullopt;
  const std::size_t mask = slots.size() - 1;
  for (std::size_t i = std::hash<std::string_view>{}(key)&mask; slots[i] != k_empty_slot;
       i = (i + 1) & mask) {
    if (key_of(slots[i]) == key) return slots[i];
  }
  return std::nullopt;
}

// Inserts `value` under `key`; returns the number already there instead when
// the key is taken. REQUIRES: fewer keys than make_slots() was sized for.
template <class KeyOf>
std::optional<std::uint32_t> insert_slot(std::vector<std::uint32_t>& slots, std::string_view key,
                                         std::uint32_t value, KeyOf key_of) {
  const std::size_t mask = slots.size() - 1;
  std::size_t i = std::hash<std::string_view>{}(key)&mask;
  for (; slots[i] != k_empty_slot; i = (i + 1) & mask) {
    if (key_of(slots[i]) == key) return slots[i];
  }
  slots[i] = value;
  return std::nullopt;
}

}  // namespace retort::graph
