// Target resolution (alembic-semantics.md §2): the user's revision strings
// turned into revisions of a graph.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retort/revision_graph.hpp"

namespace retort {

// Plain resolution (§2.1, first column), as used by `show`, `revision --head`,
// `merge`, `stamp` and history bounds: full ids, unique prefixes, labels,
// `head`, `heads`, `base` (nothing), `L@head`, `L@heads`, `L@base` (nothing),
// `L@rev`, `-N`, `L@-N`. Throws Error(ErrorKind::target) with Alembic's
// messages, except that an ambiguous prefix is reported as such and lists
// the candidates (§10). `head` with several heads throws with a hint naming
// the heads and suggesting `heads`, a label or `retort merge`.
std::vector<RevIndex> resolve_revisions(const RevisionGraph& graph, std::string_view text);

// Resolves the rows of a version table to revisions by exact id. Throws
// Error(ErrorKind::target) naming every row that no file defines ("the
// database is ahead of the migration files").
std::vector<RevIndex> resolve_rows(const RevisionGraph& graph, std::span<const std::string> rows);

}  // namespace retort
