// history, heads, branches, show: read-only views of the revision files.
#include <fmt/format.h>

#include "commands/json_output.hpp"
#include "commands/revision_text.hpp"
#include "retort/commands.hpp"
#include "retort/history.hpp"
#include "retort/target.hpp"

namespace retort {
namespace {

// True when either end of a history range is `current` (needs the database).
bool range_mentions_current(std::string_view range) {
  const auto colon = range.find(':');
  if (colon == std::string_view::npos) return range == "current";
  return range.substr(0, colon) == "current" || range.substr(colon + 1) == "current";
}

void emit_full_entries(Reporter& reporter, const RevisionGraph& graph,
                       const std::vector<RevIndex>& revisions, const RevisionSet* current) {
  for (RevIndex r : revisions) {
    for (const auto& line : listing::full_entry(graph, r, current)) reporter.output(line);
  }
}

void emit_json_list(Reporter& reporter, std::string_view command, std::string_view key,
                    const RevisionGraph& graph, const std::vector<RevIndex>& revisions,
                    const RevisionSet* current = nullptr) {
  auto document = json_output::document(command);
  auto& list = document[std::string(key)] = nlohmann::ordered_json::array();
  for (RevIndex r : revisions) list.push_back(json_output::revision(graph, r, current));
  json_output::emit(reporter, document);
}

}  // namespace

void run_history(const CommandContext& context, const HistoryOptions& options, Reporter& reporter) {
  const RevisionGraph& graph = context.graph();
  std::vector<std::string> rows;
  if (options.indicate_current) {
    rows = context.version_rows("`history --indicate-current`");
  } else if (range_mentions_current(options.range)) {
    rows = context.version_rows("`history -r current`");
  }
  const auto selected = select_history(graph, options.range, rows);
  std::optional<RevisionSet> current;
  if (options.indicate_current) {
    current = graph.empty_set();
    for (RevIndex r : resolve_rows(graph, rows)) current->insert(r);
  }
  const RevisionSet* marks = current ? &*current : nullptr;
  if (context.json()) {
    auto document = json_output::document("history");
    document["range"] = options.range;
    auto& list = document["revisions"] = nlohmann::ordered_json::array();
    for (RevIndex r : selected) list.push_back(json_output::revision(graph, r, marks));
    json_output::emit(reporter, document);
  } else if (options.verbose || context.verbose()) {
    emit_full_entries(reporter, graph, selected, marks);
  } else {
    for (RevIndex r : selected) {
      reporter.output(listing::short_line(graph, r, listing::k_history_style, marks));
    }
  }
}

void run_heads(const CommandContext& context, const HeadsOptions& options, Reporter& reporter) {
  const RevisionGraph& graph = context.graph();
  const auto& heads = options.resolve_dependencies ? graph.real_heads() : graph.heads();
  if (context.json()) {
    emit_json_list(reporter, "heads", "heads", graph, heads);
  } else if (options.verbose || context.verbose()) {
    emit_full_entries(reporter, graph, heads, nullptr);
  } else {
    for (RevIndex r : heads) reporter.output(listing::short_line(graph, r, listing::k_heads_style));
  }
}

void run_branches(const CommandContext& context, const BranchesOptions& options,
                  Reporter& reporter) {
  const RevisionGraph& graph = context.graph();
  // Branch points in history order (newest first).
  std::vector<RevIndex> points;
  for (RevIndex r : select_history(graph, "")) {
    if (graph.is_branch_point(r)) points.push_back(r);
  }
  if (context.json()) {
    emit_json_list(reporter, "branches", "branch_points", graph, points);
    return;
  }
  const bool verbose = options.verbose || context.verbose();
  for (RevIndex r : points) {
    if (verbose) {
      for (const auto& line : listing::full_entry(graph, r)) reporter.output(line);
    } else {
      reporter.output(listing::short_line(graph, r, listing::k_branches_style));
    }
    const std::string indent(graph.id(r).size(), ' ');
    const auto& style = verbose ? listing::k_branch_child_verbose_style : listing::k_branches_style;
    for (RevIndex child : graph.children(r)) {
      reporter.output(fmt::format("{} -> {}", indent, listing::short_line(graph, child, style)));
    }
    reporter.output("");
  }
}

void run_show(const CommandContext& context, const ShowOptions& options, Reporter& reporter) {
  const RevisionGraph& graph = context.graph();
  std::vector<RevIndex> revisions;
  for (const auto& text : options.revisions) {
    const auto resolved = text == "current"
                              ? resolve_rows(graph, context.version_rows("`show current`"))
                              : resolve_revisions(graph, text);
    revisions.insert(revisions.end(), resolved.begin(), resolved.end());
  }
  if (context.json()) {
    emit_json_list(reporter, "show", "revisions", graph, revisions);
  } else {
    emit_full_entries(reporter, graph, revisions, nullptr);
  }
}

}  // namespace retort
