// The `-- migrate:upgrade` / `-- migrate:downgrade` sections of a migration file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "files/text_lines.hpp"
#include "retort/revision.hpp"

namespace retort::files {

struct Sections {
  Section upgrade;
  std::optional<Section> downgrade;
};

// Checks the lines from lines[first] up to the first marker: only blank lines
// and `--` comments may appear there. Throws Error(ErrorKind::migration_file)
// for SQL, which would never run, and for a `-- key:` comment naming a header
// key (a header line cut off from the header by the line before it).
void check_preamble(const std::vector<Line>& lines, std::size_t first, int header_end,
                    const std::string& path);

// Parses lines[first...] of `text` (the BOM-stripped file), which follow the
// header that ends on line `header_end`. Before the first marker only blank
// lines and `--` comments may appear. A marker is "--", optional spaces,
// "migrate:", the section name and options separated by spaces; the only
// option is `transaction:false|true`. A section's SQL is the exact text from
// the line after its marker up to the next marker or the end of the file
// (line endings kept), and Section::first_line is that line's number.
// With `keep_sql` false every check runs but Section::sql stays empty.
// Throws Error(ErrorKind::migration_file) for what check_preamble() refuses,
// a malformed or unknown marker, an
// unknown or repeated option, a repeated section, and a missing upgrade section.
Sections parse_sections(std::string_view text, const std::vector<Line>& lines, std::size_t first,
                        int header_end, const std::string& path, bool keep_sql = true);

}  // namespace retort::files
