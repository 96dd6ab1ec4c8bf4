#include "text/source_excerpt.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "retort/display_text.hpp"
#include "sql/text_position.hpp"
#include "text/utf8.hpp"

namespace retort::text {
namespace {

constexpr std::size_t k_gutter_digits = 5;
constexpr std::string_view k_cut_mark = "...";

// One character of the line as it is shown.
struct Cell {
  std::size_t byte = 0;  // where the character starts in the line
  std::string shown;
  std::size_t width = 0;  // terminal columns
};

std::vector<Cell> cells_of(std::string_view line) {
  std::vector<Cell> cells;
  cells.reserve(line.size());
  for (std::size_t i = 0; i < line.size();) {
    const Utf8Char character = decode_utf8(line, i);
    const std::size_t length = character.length == 0 ? 1 : character.length;
    const std::string_view piece = line.substr(i, length);
    if (piece == "\t") {
      cells.push_back({i, "    ", 4});
    } else if (character.length == 0 || needs_escaping(piece)) {
      std::string shown = escape_controls(piece);
      const std::size_t width = shown.size();
      cells.push_back({i, std::move(shown), width});
    } else {
      cells.push_back(
          {i, std::string(piece), static_cast<std::size_t>(display_width(character.code_point))});
    }
    i += length;
  }
  return cells;
}

}  // namespace

int display_width(char32_t c) {
  struct Range {
    char32_t first, last;
  };
  static constexpr Range k_zero[] = {
      {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
      {0x064B, 0x065F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
      {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
  };
  static constexpr Range k_wide[] = {
      {0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},
      {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},
      {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F},
      {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
  };
  auto in = [c](const auto& ranges) {
    return std::any_of(std::begin(ranges), std::end(ranges),
                       [c](const Range& r) { return c >= r.first && c <= r.last; });
  };
  if (in(k_zero)) return 0;
  if (in(k_wide)) return 2;
  return 1;
}

std::vector<std::string> source_excerpt(std::string_view line, int line_number, int column,
                                        std::size_t window) {
  const std::vector<Cell> cells = cells_of(line);
  std::vector<std::size_t> offsets;  // offsets[k]: columns before cell k; one more for the end
  offsets.reserve(cells.size() + 1);
  std::size_t total = 0;
  for (const Cell& cell : cells) {
    offsets.push_back(total);
    total += cell.width;
  }
  offsets.push_back(total);

  // The cell under the caret: the first that starts at or after the byte of
  // the column's character; cells.size() for the end of the line.
  const bool has_caret = column > 0;
  std::size_t caret_cell = 0;
  if (has_caret) {
    const auto byte = sql::byte_offset_of_character(line, static_cast<std::size_t>(column - 1));
    caret_cell = cells.size();
    if (byte) {
      caret_cell = static_cast<std::size_t>(
          std::find_if(cells.begin(), cells.end(), [&](const Cell& c) { return c.byte >= *byte; }) -
          cells.begin());
    }
  }
  const std::size_t caret = offsets[caret_cell];

  // The window [from, to) in columns, then the cells wholly inside it.
  std::size_t from = 0, to = total;
  if (total > window) {
    from = has_caret && caret > window / 2 ? caret - window / 2 : 0;
    to = std::min(total, from + window);
    from = to - std::min(to, window);
  }
  std::size_t first = 0;
  while (first < cells.size() && offsets[first] < from) ++first;
  std::size_t last = first;  // one past the last cell shown
  while (last < cells.size() && offsets[last + 1] <= to) ++last;

  std::string shown;
  if (first > 0) shown += k_cut_mark;
  for (std::size_t k = first; k < last; ++k) shown += cells[k].shown;
  if (last < cells.size()) shown += k_cut_mark;

  const std::string number = std::to_string(line_number);
  const std::size_t gutter = std::max(k_gutter_digits, number.size());
  std::vector<std::string> lines;
  lines.push_back(shown.empty() ? fmt::format("{:>{}} |", number, gutter)
                                : fmt::format("{:>{}} | {}", number, gutter, shown));
  if (has_caret) {
    const std::size_t at = (caret - offsets[first]) + (first > 0 ? k_cut_mark.size() : 0);
    lines.push_back(fmt::format("{:{}} | {:{}}^", "", gutter, "", at));
  }
  return lines;
}

}  // namespace retort::text
