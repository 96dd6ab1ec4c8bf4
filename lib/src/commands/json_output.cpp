#include "commands/json_output.hpp"

#include <string>
#include <vector>

#include "retort/commands.hpp"

namespace retort::json_output {

nlohmann::ordered_json document(std::string_view command) {
  return nlohmann::ordered_json{{"ok", true}, {"command", command}};
}

nlohmann::ordered_json revision(const RevisionGraph& graph, RevIndex revision,
                                const RevisionSet* current) {
  const Revision& rev = graph.at(revision);
  std::vector<std::string> parents;
  for (const auto& id : rev.down_revisions) parents.push_back(id.str());
  std::vector<std::string> children;
  for (RevIndex child : graph.children(revision)) children.push_back(graph.id(child));
  nlohmann::ordered_json result{
      {"revision", rev.id.str()},
      {"down_revisions", parents},
      {"depends_on", rev.depends_on},
      {"branch_labels", rev.branch_labels},
      {"labels", graph.labels(revision)},
      {"message", rev.message},
      {"doc", rev.doc()},
      {"create_date", rev.create_date},
      {"path", rev.path},
      {"children", children},
      {"head", graph.is_head(revision)},
      {"effective_head", graph.is_head(revision) && !graph.is_real_head(revision)},
      {"base", graph.is_base(revision)},
      {"branch_point", graph.is_branch_point(revision)},
      {"merge_point", graph.is_merge_point(revision)},
      {"reversible", rev.downgrade.has_value()},
  };
  if (current != nullptr) result["current"] = current->contains(revision);
  return result;
}

void emit(Reporter& reporter, const nlohmann::ordered_json& document) {
  // Messages and paths come from files: invalid UTF-8 is replaced, not fatal.
  reporter.output(document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

}  // namespace retort::json_output

namespace retort {

std::string error_document(const Error& error) {
  nlohmann::ordered_json location = nullptr;
  if (error.location()) {
    location = {{"file", error.location()->file},
                {"line", error.location()->line},
                {"column", error.location()->column}};
  }
  nlohmann::ordered_json body{{"kind", to_string(error.kind())},
                              {"message", error.message()},
                              {"location", location},
                              {"hint", error.hint()},
                              {"sqlstate", error.sqlstate()}};
  nlohmann::ordered_json document{
      {"ok", false}, {"error", body}, {"exit_code", exit_code(error.kind())}};
  // Invalid UTF-8 in a message (a file name, a server message) must not make
  // the error report itself fail.
  return document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace retort
