#include "files/section_parser.hpp"

#include <fmt/format.h>

#include "files/file_error.hpp"
#include "files/header_fields.hpp"
#include "retort/display_text.hpp"

namespace retort::files {
namespace {

constexpr const char* k_marker_hint = "write `-- migrate:upgrade` or `-- migrate:downgrade`";

int column_of(std::size_t index) {
  return static_cast<int>(index) + 1;
}

struct Marker {
  bool upgrade = true;
  bool transactional = true;
};

// Parses a marker candidate (is_marker_candidate() is true for `line`).
Marker parse_marker(const Line& line, const std::string& path) {
  std::string_view text = line.text;
  std::size_t pos = text.find("migrate") + 7;
  if (text[pos] != ':') {
    throw_file_error(path, line.number, column_of(pos), "malformed section marker",
                     std::string(k_marker_hint) + " (no space before ':')");
  }
  std::size_t name_begin = pos + 1;
  std::size_t name_end = std::min(text.find_first_of(" \t", name_begin), text.size());
  std::string_view name = text.substr(name_begin, name_end - name_begin);
  Marker marker;
  if (name.empty()) {
    throw_file_error(path, line.number, column_of(name_begin), "malformed section marker",
                     std::string(k_marker_hint) + " (no space after ':')");
  }
  if (name != "upgrade" && name != "downgrade") {
    throw_file_error(path, line.number, column_of(name_begin),
                     fmt::format("unknown section {}", text::quote("migrate:" + std::string(name))),
                     k_marker_hint);
  }
  marker.upgrade = name == "upgrade";

  bool seen_transaction = false;
  std::size_t begin = text.find_first_not_of(" \t", name_end);
  while (begin != std::string_view::npos) {
    std::size_t end = std::min(text.find_first_of(" \t", begin), text.size());
    std::string_view option = text.substr(begin, end - begin);
    std::size_t colon = option.find(':');
    if (option.substr(0, colon) != "transaction" || colon == std::string_view::npos) {
      throw_file_error(path, line.number, column_of(begin),
                       fmt::format("unknown section option {}", text::quote(option)),
                       "the only option is transaction:false (or transaction:true)");
    }
    if (seen_transaction) {
      throw_file_error(path, line.number, column_of(begin),
                       "duplicate section option 'transaction'", "give the option once");
    }
    seen_transaction = true;
    std::string_view value = option.substr(colon + 1);
    if (value != "true" && value != "false") {
      throw_file_error(
          path, line.number, column_of(begin + colon + 1),
          fmt::format("invalid value {} for section option 'transaction'", text::quote(value)),
          "use transaction:false or transaction:true");
    }
    marker.transactional = value == "true";
    begin = text.find_first_not_of(" \t", end);
  }
  return marker;
}

// Lines between the header and the first marker: blank lines and comments
// only. A `-- key:` comment there is a header line cut off by a blank line.
void check_preamble_line(const Line& line, int header_end, const std::string& path) {
  std::string_view text = line.text;
  if (is_blank(text)) return;
  if (text.substr(0, 2) == "--") {
    std::size_t begin = text.find_first_not_of(' ', 2);
    if (begin == std::string_view::npos) return;
    std::size_t colon = text.find(':', begin);
    if (colon != std::string_view::npos && is_header_key(text.substr(begin, colon - begin))) {
      throw_file_error(
          path, line.number, column_of(begin),
          fmt::format("header key '{}' after the end of the header (line {})",
                      text.substr(begin, colon - begin), header_end),
          "the header is the first unbroken block of `--` lines; remove the lines that split it");
    }
    return;
  }
  throw_file_error(path, line.number, column_of(text.find_first_not_of(" \t")),
                   "SQL before the first `-- migrate:` section would never run",
                   "move it below `-- migrate:upgrade`");
}

}  // namespace

void check_preamble(const std::vector<Line>& lines, std::size_t first, int header_end,
                    const std::string& path) {
  for (std::size_t i = first; i < lines.size() && !is_marker_candidate(lines[i].text); ++i) {
    check_preamble_line(lines[i], header_end, path);
  }
}

Sections parse_sections(std::string_view text, const std::vector<Line>& lines, std::size_t first,
                        int header_end, const std::string& path, bool keep_sql) {
  std::optional<Section> upgrade;
  std::optional<Section> downgrade;
  std::optional<Section>* open = nullptr;  // the section whose SQL is being collected

  std::size_t sql_begin = 0;
  for (std::size_t i = first; i < lines.size(); ++i) {
    const Line& line = lines[i];
    if (!is_marker_candidate(line.text)) {
      if (open == nullptr) check_preamble_line(line, header_end, path);
      continue;
    }
    Marker marker = parse_marker(line, path);
    if (open != nullptr && keep_sql)
      (*open)->sql = std::string(text.substr(sql_begin, line.offset - sql_begin));
    open = marker.upgrade ? &upgrade : &downgrade;
    if (open->has_value()) {
      throw_file_error(path, line.number, 1,
                       fmt::format("duplicate `-- migrate:{}` section (the first is on line {})",
                                   marker.upgrade ? "upgrade" : "downgrade", (*open)->marker_line),
                       "merge the two sections into one");
    }
    *open = Section{{}, line.number, line.number + 1, marker.transactional};
    sql_begin = line.next;
  }
  if (open != nullptr && keep_sql) (*open)->sql = std::string(text.substr(sql_begin));

  if (!upgrade) {
    int at = downgrade ? downgrade->marker_line : (lines.empty() ? 1 : lines.back().number);
    throw_file_error(path, at, 1, "missing `-- migrate:upgrade` section",
                     "add a line `-- migrate:upgrade` followed by the upgrade SQL");
  }
  return Sections{std::move(*upgrade), std::move(downgrade)};
}

}  // namespace retort::files
