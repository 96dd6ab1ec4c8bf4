#include "graph/revision_errors.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "retort/display_text.hpp"

namespace retort::graph {

Error to_error(const RevisionGraph& /*graph*/, const ErrorContext& /*context*/,
               const ResolutionFailure& failure) {
  if (!failure.candidates.empty()) {
    // §10: say that the prefix is ambiguous instead of "Can't locate".
    constexpr std::size_t k_shown = 10;
    const auto& all = failure.candidates;
    std::vector<std::string> shown(all.begin(), all.begin() + std::min(all.size(), k_shown));
    std::string more = all.size() > k_shown ? fmt::format(", ... ({} in all)", all.size()) : "";
    return Error(ErrorKind::target,
                 fmt::format("Multiple revisions start with {}: {}{}",
                             text::quote(failure.argument), fmt::join(shown, ", "), more),
                 std::nullopt, "give more characters of the revision id");
  }
  return Error(ErrorKind::target,
               fmt::format("Can't locate revision identified by {}", text::quote(failure.argument)),
               std::nullopt, text::shortened(failure.what()));
}

Error to_error(const RevisionGraph& graph, const ErrorContext& context,
               const MultipleHeadsFailure& failure) {
  std::string message;
  switch (context.wording) {
    case HeadsWording::target: {
      const std::string argument =
          text::shortened(context.end.empty() ? failure.argument : context.end);
      message = fmt::format(
          "Multiple head revisions are present for given argument '{}'; please specify a specific "
          "target revision, '<branchname>@{}' to narrow to a specific head, or 'heads' for all "
          "heads",
          argument, argument);
      break;
    }
    case HeadsWording::new_revision:
      message =
          "Multiple heads are present; please specify the head revision on which the new "
          "revision should be based, or perform a merge.";
      break;
    case HeadsWording::stamp:
      message = "Multiple heads are present; please specify a single target revision";
      break;
  }
  std::vector<std::string> heads;
  for (RevIndex r : failure.heads) {
    const auto& labels = graph.labels(r);
    heads.push_back(labels.empty() ? graph.id(r)
                                   : fmt::format("{} ({})", graph.id(r), fmt::join(labels, ", ")));
  }
  return Error(ErrorKind::target, message, std::nullopt,
               fmt::format("the heads are {}; use 'heads' for all of them, '<label>@head' for "
                           "one branch, or run 'retort merge heads' to join them",
                           fmt::join(heads, ", ")));
}

}  // namespace retort::graph
