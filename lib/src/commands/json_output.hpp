// JSON documents of the commands (--format json). nlohmann-json stays in lib/src.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "retort/lock_wait.hpp"
#include "retort/reporter.hpp"
#include "retort/revision_graph.hpp"

namespace retort::json_output {

// {"ok": true, "command": <command>}: the start of every success document.
nlohmann::ordered_json document(std::string_view command);

// Everything known about one revision: id, down_revisions, depends_on (as
// written), branch_labels (declared), labels (propagated), message, doc,
// create_date, path, children, head, effective_head, base, branch_point,
// merge_point, reversible, and "current" when `current` is given.
nlohmann::ordered_json revision(const RevisionGraph& graph, RevIndex revision,
                                const RevisionSet* current = nullptr);

// The last `keep` of `events` (docs/architecture.md §5.11), each {"revision",
// "statement", "relation", "mode", "lock_timeout_s", "attempt",
// "retry_in_s" (null for no retry), "blockers": [{"pid", "state",
// "application", "transaction_s", "query"}], "message": describe()}; the
// query cut to 120 bytes, every server value masked before its cut.
nlohmann::ordered_json lock_timeouts(const std::vector<LockTimeoutEvent>& events,
                                     std::size_t keep = 10);

// `document` pretty-printed, with every string value redacted
// (retort/redact.hpp), invalid UTF-8 replaced and every character that
// display_text.hpp escapes written as a JSON escape: its only control
// characters are the line breaks of its layout.
std::string dump(const nlohmann::ordered_json& document);

// Writes dump(document) as the command's output: Reporter::document().
void emit(Reporter& reporter, const nlohmann::ordered_json& document);

}  // namespace retort::json_output
