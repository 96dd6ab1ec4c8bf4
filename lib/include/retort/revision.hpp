// Revision: one migration file, as parsed. Pure data; the graph gives it meaning.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retort {

// A revision identifier: 1-32 characters of [A-Za-z0-9_]. Constructed only
// through parse(), so a RevisionId in hand is always valid.
class RevisionId {
 public:
  // Returns an empty optional and sets *why (when given) if `text` is not a
  // valid id, e.g. "character(s) '-' not allowed in revision identifier 'a-b'".
  static std::optional<RevisionId> parse(std::string_view text, std::string* why = nullptr);

  const std::string& str() const { return m_value; }
  friend auto operator<=>(const RevisionId&, const RevisionId&) = default;

 private:
  explicit RevisionId(std::string value) : m_value(std::move(value)) {}
  std::string m_value;
};

// True when `label` is usable as a branch label: 1-64 characters, no
// whitespace and none of `@ + - : '` (they clash with the target syntax).
bool is_valid_branch_label(std::string_view label, std::string* why = nullptr);

// One `-- migrate:upgrade` or `-- migrate:downgrade` section.
struct Section {
  std::string sql;            // the text after the marker line, up to the next marker or EOF
  int marker_line = 0;        // 1-based line of the `-- migrate:...` marker
  int first_line = 0;         // 1-based line in the file where `sql` starts
  bool transactional = true;  // false for `transaction:false`
};

struct Revision {
  RevisionId id;
  std::vector<RevisionId> down_revisions;  // ordered; empty for a base; 2+ for a merge
  std::vector<std::string> branch_labels;  // labels declared here
  std::vector<std::string> depends_on;     // as written: revision ids or branch labels
  std::string message;                     // full message; the first paragraph is the "doc"
  std::string create_date;                 // as written in the header, may be empty
  std::string path;                        // the file it came from (as given to the loader)
  int header_line = 1;                     // line of the `revision:` key, for graph errors
  Section upgrade;
  std::optional<Section> downgrade;  // absent: the revision is irreversible
  // False when load_migrations() did not keep the sections' SQL (a big
  // project: see LoadOptions); every other field is set, and reload_sql()
  // reads the SQL again.
  bool sql_kept = true;

  // The first paragraph of the message (text up to the first blank line,
  // joined to one line), as shown by `history`.
  std::string doc() const;
};

}  // namespace retort
