// Internal failures of resolution and planning, mirroring Alembic's exception
// classes. They are translated into retort::Error once, at each public entry
// point (as Alembic's _catch_revision_errors does), because the final wording
// depends on the command: e.g. "several heads" reads differently for
// `upgrade`, `stamp` and `revision`.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "retort/error.hpp"
#include "retort/revision_graph.hpp"
#include "retort/target.hpp"

namespace retort::graph {

// A token that names no revision (Alembic's ResolutionError). `argument` is
// the piece that failed; `candidates` is non-empty for an ambiguous prefix.
struct ResolutionFailure : std::runtime_error {
  ResolutionFailure(const std::string& detail, std::string failed_piece,
                    std::vector<std::string> matches = {})
      : std::runtime_error(detail),
        argument(std::move(failed_piece)),
        candidates(std::move(matches)) {}
  std::string argument;
  std::vector<std::string> candidates;
};

// `head` (or `L@head`) matched several heads (Alembic's MultipleHeads).
struct MultipleHeadsFailure : std::runtime_error {
  MultipleHeadsFailure(std::vector<RevIndex> matched, std::string text)
      : std::runtime_error("multiple heads"),
        heads(std::move(matched)),
        argument(std::move(text)) {}
  std::vector<RevIndex> heads;
  std::string argument;
};

// Any other planning failure; the message is final (Alembic's RevisionError).
struct RevisionFailure : std::runtime_error {
  explicit RevisionFailure(const std::string& message, std::string next_step = {})
      : std::runtime_error(message), hint(std::move(next_step)) {}
  std::string hint;
};

// The target is not above/below what it must be (Alembic's RangeNotAncestorError).
struct RangeNotAncestorFailure : std::runtime_error {
  RangeNotAncestorFailure() : std::runtime_error("range not ancestor") {}
};

// How failures read for one command.
struct ErrorContext {
  // The command's whole target argument; when set it is echoed in the
  // several-heads message instead of the failing piece (Alembic's `end`).
  std::string end;
  // Final message for RangeNotAncestorFailure.
  std::string not_ancestor_message;
  HeadsWording wording = HeadsWording::target;
};

Error to_error(const RevisionGraph& graph, const ErrorContext& context,
               const ResolutionFailure& failure);
Error to_error(const RevisionGraph& graph, const ErrorContext& context,
               const MultipleHeadsFailure& failure);

// Runs `body`, translating the failures above into Error(ErrorKind::target).
template <class Body>
decltype(auto) with_revision_errors(const RevisionGraph& graph, const ErrorContext& context,
                                    Body&& body) {
  try {
    return body();
  } catch (const ResolutionFailure& failure) {
    throw to_error(graph, context, failure);
  } catch (const MultipleHeadsFailure& failure) {
    throw to_error(graph, context, failure);
  } catch (const RangeNotAncestorFailure&) {
    throw Error(ErrorKind::target, context.not_ancestor_message);
  } catch (const RevisionFailure& failure) {
    throw Error(ErrorKind::target, failure.what(), std::nullopt, failure.hint);
  }
}

}  // namespace retort::graph
