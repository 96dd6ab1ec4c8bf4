// A migration file: BOM, header block (fast path, else yaml-cpp), sections.
#include "files/migration_parser.hpp"

#include "files/file_error.hpp"
#include "files/header_entries.hpp"
#include "files/header_fields.hpp"
#include "files/section_parser.hpp"
#include "files/text_lines.hpp"
#include "retort/migration_files.hpp"
#include "sql/text_position.hpp"

namespace retort::files {
namespace {

ParsedMigration parse_counting_bytes(std::string_view text, const std::string& path,
                                     bool keep_sql) {
  text = strip_bom(text);
  std::vector<Line> lines = split_lines(text);

  // The header: the first unbroken block of `--` lines (after any blank
  // lines), ending before a `-- migrate:` marker.
  std::size_t index = 0;
  while (index < lines.size() && is_blank(lines[index].text)) ++index;
  std::vector<HeaderLine> header;
  header.reserve(8);
  while (index < lines.size() && lines[index].text.substr(0, 2) == "--" &&
         !is_marker_candidate(lines[index].text)) {
    header.push_back(make_header_line(lines[index].text, lines[index].number));
    ++index;
  }
  if (header.empty()) {
    throw_file_error(path, index < lines.size() ? lines[index].number : 1, 1,
                     "missing header: a migration file starts with `-- revision: <id>`",
                     "`retort revision -m \"...\"` writes a new file with a complete header");
  }

  // Errors are reported roughly in file order: header syntax, then what
  // follows the header (a header cut in two would otherwise surface as a
  // confusing missing key), then the header's content, then the sections.
  auto entries = parse_header_fast(header);
  if (!entries) entries = parse_header_yaml(header, path);
  check_preamble(lines, index, header.back().number, path);
  HeaderFields fields = validate_header(*entries, path, header.front().number);
  Sections sections = parse_sections(text, lines, index, header.back().number, path, keep_sql);

  ParsedMigration parsed{Revision{.id = std::move(*fields.id),
                                  .down_revisions = std::move(fields.down_revisions),
                                  .branch_labels = std::move(fields.branch_labels),
                                  .depends_on = std::move(fields.depends_on),
                                  .message = std::move(fields.message),
                                  .create_date = std::move(fields.create_date),
                                  .path = {},
                                  .header_line = fields.revision_line,
                                  .upgrade = std::move(sections.upgrade),
                                  .downgrade = std::move(sections.downgrade),
                                  .sql_kept = keep_sql},
                         fields.revision_column};
  return parsed;
}

}  // namespace

ParsedMigration parse_migration(std::string_view text, std::string path, bool keep_sql) {
  try {
    ParsedMigration parsed = parse_counting_bytes(text, path, keep_sql);
    parsed.revision.path = std::move(path);
    return parsed;
  } catch (const Error& error) {
    // The parsers count a column in bytes of its line; Error's columns count
    // characters, as the server's positions do (sql/text_position.hpp).
    const auto& at = error.location();
    if (!at || at->file != path || at->line <= 0 || at->column <= 1) throw;
    const std::vector<Line> lines = split_lines(strip_bom(text));
    if (static_cast<std::size_t>(at->line) > lines.size()) throw;
    const int column = sql::character_column(lines[at->line - 1].text, at->column);
    if (column == at->column) throw;
    throw Error(error.kind(), error.message(), SourceLocation{at->file, at->line, column},
                error.hint(), error.sqlstate());
  }
}

}  // namespace retort::files

namespace retort {

Revision parse_migration_file(std::string_view text, const std::string& path) {
  return files::parse_migration(text, path).revision;
}

}  // namespace retort
