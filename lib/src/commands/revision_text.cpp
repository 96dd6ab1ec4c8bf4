#include "commands/revision_text.hpp"

#include <fmt/format.h>

#include <string_view>

namespace retort::listing {
namespace {

template <typename Range, typename ToText>
std::string join(const Range& items, ToText to_text) {
  std::string result;
  for (const auto& item : items) {
    if (!result.empty()) result += ", ";
    result += to_text(item);
  }
  return result;
}

std::string join_ids(const RevisionGraph& graph, std::span<const RevIndex> revisions) {
  return join(revisions, [&](RevIndex r) { return graph.id(r); });
}

std::string join_text(const std::vector<std::string>& items) {
  return join(items, [](const std::string& s) { return s; });
}

// The versioned parents as "<base>" or "a, b".
std::string parents_text(const Revision& revision) {
  if (revision.down_revisions.empty()) return "<base>";
  return join(revision.down_revisions, [](const RevisionId& id) { return id.str(); });
}

std::vector<std::string> message_lines(const std::string& message) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < message.size()) {
    std::size_t end = message.find('\n', pos);
    if (end == std::string::npos) end = message.size();
    std::string_view line(message.data() + pos, end - pos);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    lines.push_back(line.empty() ? std::string() : fmt::format("    {}", line));
    pos = end + 1;
  }
  return lines;
}

}  // namespace

std::string short_line(const RevisionGraph& graph, RevIndex revision, const LineStyle& style,
                       const RevisionSet* current) {
  const Revision& rev = graph.at(revision);
  std::string text;
  if (style.parents) {
    text = parents_text(rev);
    if (!rev.depends_on.empty()) text += fmt::format(" ({})", join_text(rev.depends_on));
    text += " -> ";
  }
  text += rev.id.str();
  const auto& labels = graph.labels(revision);
  if (style.labels && !labels.empty()) text += fmt::format(" ({})", join_text(labels));
  if (graph.is_real_head(revision)) {
    text += " (head)";
  } else if (graph.is_head(revision)) {
    text += " (effective head)";
  }
  if (current != nullptr && current->contains(revision)) text += " (current)";
  if (style.tree_indicators) {
    if (graph.is_branch_point(revision)) text += " (branchpoint)";
    if (graph.is_merge_point(revision)) text += " (mergepoint)";
  }
  if (style.doc) {
    const std::string doc = rev.doc();
    if (!doc.empty()) text += fmt::format(", {}", doc);
  }
  return text;
}

std::vector<std::string> full_entry(const RevisionGraph& graph, RevIndex revision,
                                    const RevisionSet* current) {
  const Revision& rev = graph.at(revision);
  std::vector<std::string> lines;
  std::string first = fmt::format("Rev: {}", rev.id.str());
  if (graph.is_head(revision)) first += " (head)";
  if (graph.is_branch_point(revision)) first += " (branchpoint)";
  if (graph.is_merge_point(revision)) first += " (mergepoint)";
  if (current != nullptr && current->contains(revision)) first += " (current)";
  lines.push_back(std::move(first));
  lines.push_back(fmt::format("{}: {}", graph.is_merge_point(revision) ? "Merges" : "Parent",
                              parents_text(rev)));
  if (!rev.depends_on.empty()) {
    lines.push_back(fmt::format("Also depends on: {}", join_text(rev.depends_on)));
  }
  if (graph.is_branch_point(revision)) {
    lines.push_back(fmt::format("Branches into: {}", join_ids(graph, graph.children(revision))));
  }
  if (!graph.labels(revision).empty()) {
    lines.push_back(fmt::format("Branch names: {}", join_text(graph.labels(revision))));
  }
  lines.push_back(fmt::format("Path: {}", rev.path));
  lines.emplace_back();
  for (auto& line : message_lines(rev.message)) lines.push_back(std::move(line));
  lines.emplace_back();
  return lines;
}

}  // namespace retort::listing
