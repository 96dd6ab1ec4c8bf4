// Target resolution (docs/alembic-semantics.md §2): the user's revision strings
// turned into revisions of a graph.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retort/revision_graph.hpp"

namespace retort {

// A target string parsed once (§2.6). A target is relative when its
// beginning matches `[LABEL@][SYMBOL](+|-)DIGITS`, as Alembic's regular
// expression does: LABEL is the shortest text before an '@' that lets the
// rest match, SYMBOL a run of word characters, and anything after the digits
// is ignored (so a label `rel-1` reads as SYMBOL `rel`, delta -1). Anything
// else is absolute and resolved as a whole.
struct Target {
  std::string text;  // as given

  bool relative = false;
  // Relative targets only; empty when absent.
  std::string label;
  std::string symbol;
  std::string delta_text;  // the signed number as written, e.g. "+2", "-01"
  std::int64_t delta = 0;  // its value, saturated at +/- 1e9
  // |delta| for messages ("didn't produce N migrations"), without leading zeros.
  std::string magnitude_text;

  static Target parse(std::string_view text);
};

// `start:end` as used by `history -r` and the offline (`--sql`) forms (§2.8).
struct RevisionRange {
  std::string start;  // empty: not given
  std::string end;    // empty: not given

  // Returns nullopt when `text` has no ':'. Throws Error(ErrorKind::usage)
  // when it has more than one.
  static std::optional<RevisionRange> parse(std::string_view text);
};

// How the error for `head` with several heads is worded (§2.3).
enum class HeadsWording {
  target,        // "Multiple head revisions are present for given argument 'head'; ..."
  new_revision,  // `revision`/`merge`: "Multiple heads are present; please specify the head ..."
  stamp,         // "Multiple heads are present; please specify a single target revision"
};

// Plain resolution (§2.1, first column), as used by `show`, `revision --head`,
// `merge`, `stamp` and history bounds: full ids, unique prefixes, labels,
// `head`, `heads`, `base` (nothing), `L@head`, `L@heads`, `L@base` (nothing),
// `L@rev`, `-N`, `L@-N`. Throws Error(ErrorKind::target) with Alembic's
// messages ("Can't locate revision identified by 'x'", the detail in the
// hint), except that an ambiguous prefix is reported as such and lists the
// candidates (§10): "Multiple revisions start with 'b1': b1000001, b1000002".
// `head` with several heads throws with a hint naming the heads and
// suggesting `heads`, a label or `retort merge`. A `-N` walk past the bases
// throws "Walked too far"; one that ends exactly below a base yields nothing.
std::vector<RevIndex> resolve_revisions(const RevisionGraph& graph, std::string_view text,
                                        HeadsWording wording = HeadsWording::target);

// Resolves the rows of a version table to revisions by exact id, in load
// order, duplicates removed. Throws Error(ErrorKind::target) naming every row
// that no file defines ("the database is ahead of the migration files").
std::vector<RevIndex> resolve_rows(const RevisionGraph& graph, std::span<const std::string> rows);

}  // namespace retort
