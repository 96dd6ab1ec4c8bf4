#include "text/edit_distance.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <string_view>

namespace retort::text {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsAndSubstitutions) {
  struct Row {
    const char* name;
    std::string_view a, b;
    std::size_t expected;
  };
  const Row rows[] = {
      {"both empty", "", "", 0},
      {"from empty", "", "abc", 3},
      {"to empty", "abc", "", 3},
      {"equal", "message", "message", 0},
      {"one deletion", "mesage", "message", 1},
      {"one insertion", "messagee", "message", 1},
      {"one substitution", "massage", "message", 1},
      {"transposition is two edits", "mesasge", "message", 2},
      {"case is ignored", "Script_Location", "script_location", 0},
      {"case-folded substitution", "REVISON", "revision", 1},
      {"symmetric", "kitten", "sitting", 3},
      {"symmetric, reversed", "sitting", "kitten", 3},
      {"unrelated", "abc", "xyz", 3},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(edit_distance(row.a, row.b), row.expected) << row.name;
  }
}

TEST(EditDistance, ClosestMatchWithinTwoEdits) {
  constexpr std::array<std::string_view, 4> candidates = {"revision", "down_revision", "message",
                                                          "depends_on"};
  struct Row {
    const char* name;
    std::string_view word;
    std::size_t max_distance;
    std::string expected;
  };
  const Row rows[] = {
      {"exact", "message", 2, "message"},
      {"one typo", "mesage", 2, "message"},
      {"two typos", "dpends_onn", 2, "depends_on"},
      {"case differs", "Revision", 2, "revision"},
      {"three edits are not a typo", "mesxxxe", 2, ""},
      {"nothing close", "colour", 2, ""},
      {"empty word", "", 2, ""},
      {"tighter limit", "mesage", 0, ""},
      {"wider limit", "mesxxxe", 3, "message"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(closest_match(row.word, candidates, row.max_distance), row.expected) << row.name;
  }
}

TEST(EditDistance, ClosestMatchPrefersTheFirstOfEqualCandidates) {
  constexpr std::array<std::string_view, 2> candidates = {"head", "heap"};
  EXPECT_EQ(closest_match("hea", candidates), "head");
  EXPECT_EQ(closest_match("x", std::span<const std::string_view>()), "");
}

}  // namespace
}  // namespace retort::text
