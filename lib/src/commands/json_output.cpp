#include "commands/json_output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "retort/commands.hpp"
#include "retort/display_text.hpp"
#include "retort/error_text.hpp"
#include "text/redact_json.hpp"
#include "text/utf8.hpp"

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

nlohmann::ordered_json lock_timeouts(const std::vector<LockTimeoutEvent>& events,
                                     std::size_t keep) {
  auto list = nlohmann::ordered_json::array();
  const std::size_t first = events.size() > keep ? events.size() - keep : 0;
  for (std::size_t i = first; i < events.size(); ++i) {
    const LockTimeoutEvent& event = events[i];
    auto blockers = nlohmann::ordered_json::array();
    for (const LockBlocker& blocker : event.blockers) {
      blockers.push_back({{"pid", blocker.pid},
                          {"state", text::shortened(blocker.state)},
                          {"application", text::shortened(blocker.application)},
                          {"transaction_s", blocker.transaction_s},
                          {"query", text::shortened(blocker.query, 120)}});
    }
    list.push_back({{"revision", event.revision},
                    {"statement", text::shortened(event.statement)},
                    {"relation", text::shortened(event.relation)},
                    {"mode", event.mode},
                    {"lock_timeout_s", event.lock_timeout_s},
                    {"attempt", event.attempt},
                    {"retry_in_s", event.retry_in_s ? nlohmann::ordered_json(*event.retry_in_s)
                                                    : nlohmann::ordered_json()},
                    {"blockers", blockers},
                    {"message", event.describe()}});
  }
  return list;
}

std::string dump(const nlohmann::ordered_json& document) {
  nlohmann::ordered_json masked = document;
  text::redact_strings(masked);
  // Messages and paths come from files: invalid UTF-8 is replaced, not fatal.
  const std::string text =
      masked.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  if (std::none_of(text.begin(), text.end(), [](unsigned char c) { return c >= 0x7F; })) {
    return text;
  }
  // The dumper escapes C0 controls only; the other characters a terminal
  // must not get raw can only be inside strings, where \uNNNN is their JSON
  // spelling. Line breaks outside strings are the layout and stay.
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size();) {
    const text::Utf8Char character = text::decode_utf8(text, i);
    const std::size_t length = character.length == 0 ? 1 : character.length;
    if (character.code_point == 0x7F || text::is_escaped_code_point(character.code_point)) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(character.code_point));
    } else {
      out.append(text, i, length);
    }
    i += length;
  }
  return out;
}

void emit(Reporter& reporter, const nlohmann::ordered_json& document) {
  reporter.document(dump(document));
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
                              {"sqlstate", error.sqlstate()},
                              {"text", error_text(error)}};
  if (!error.lock_timeouts().empty()) {
    body["lock_retries"] = retries_made(error.lock_timeouts());
    body["lock_timeouts"] = json_output::lock_timeouts(error.lock_timeouts());
  }
  nlohmann::ordered_json document{
      {"ok", false}, {"error", body}, {"exit_code", exit_code(error.kind())}};
  // Invalid UTF-8 in a message (a file name, a server message) must not make
  // the error report itself fail.
  return json_output::dump(document);
}

}  // namespace retort
