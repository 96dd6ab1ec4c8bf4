// How lint findings are shown: text lines for people (`retort lint`, and the
// warnings of an upgrade that lints its steps), a JSON form of one finding
// for `--format json` and the Lambda response, and a SARIF 2.1.0 log for
// code-scanning upload (`--format sarif`). No libpg_query here.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "retort/lint.hpp"

namespace retort::lint {

// The lines of one finding:
//   migrations/ab12_x.sql:9:1: RT101 warning: <message>
//       9 | CREATE INDEX orders_placed_idx ON orders (placed_at);
//         | ^
//     lock: SHARE on orders, ~1,200,000 rows, 340 MB (pg_class estimate)
//     hint: <safe form>
// Every piece from the file is escaped (control characters) and cut to a
// sane length; the source line is shown in a window around the caret.
std::vector<std::string> finding_lines(const LintFinding& finding);

// "SHARE on orders, ~1,200 rows, 64 kB (pg_class estimate)": the lock a
// finding is about and the table's estimate; "" when it names no lock.
std::string lock_text(const LintFinding& finding);

// "2 errors, 1 warning, 3 notes in 14 sections (52 statements)".
std::string report_summary(const LintReport& report);

// {"code", "rule", "severity", "file", "line", "column", "message", "hint",
//  "lock", "relation", "estimated_rows", "estimated_bytes", "revision",
//  "section"}; lock/relation/estimates are null when not known.
nlohmann::ordered_json finding_json(const LintFinding& finding);

// A SARIF 2.1.0 log (one run, tool.driver "retort" with every rule of
// lint_rules() as a reportingDescriptor, one result per finding with its
// rule id and index, level error/warning/note, message, a physicalLocation
// with the file as a relative URI (or a file: URI when absolute) and the
// region's start line, column and source line).
nlohmann::ordered_json sarif_log(const LintReport& report, const std::string& tool_version);

}  // namespace retort::lint
