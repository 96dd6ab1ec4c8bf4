#include "support/graph_builder.hpp"

#include <stdexcept>

#include "retort/error.hpp"

namespace retort::testing {

GraphBuilder& GraphBuilder::rev(const std::string& id) {
  return rev_list(id, {});
}

GraphBuilder& GraphBuilder::rev(const std::string& id, const std::string& parent) {
  return rev_list(id, {parent});
}

GraphBuilder& GraphBuilder::rev(const std::string& id, std::initializer_list<std::string> parents) {
  return rev_list(id, std::vector<std::string>(parents));
}

GraphBuilder& GraphBuilder::rev_list(const std::string& id,
                                     const std::vector<std::string>& parents) {
  std::string why;
  auto parsed = RevisionId::parse(id, &why);
  if (!parsed) throw std::invalid_argument(why);
  Revision revision{*parsed, {},        {},       {}, {}, {}, "versions/" + id + ".sql",
                    1,       Section{}, Section{}};
  for (const auto& parent : parents) {
    auto parent_id = RevisionId::parse(parent, &why);
    if (!parent_id) throw std::invalid_argument(why);
    revision.down_revisions.push_back(*parent_id);
  }
  revision.upgrade.sql = "-- upgrade " + id + "\n";
  revision.upgrade.marker_line = 3;
  revision.upgrade.first_line = 4;
  revision.downgrade->sql = "-- downgrade " + id + "\n";
  revision.downgrade->marker_line = 6;
  revision.downgrade->first_line = 7;
  m_revisions.push_back(std::move(revision));
  return *this;
}

Revision& GraphBuilder::last() {
  if (m_revisions.empty()) throw std::logic_error("GraphBuilder: add a revision first");
  return m_revisions.back();
}

GraphBuilder& GraphBuilder::label(const std::string& label) {
  last().branch_labels.push_back(label);
  return *this;
}

GraphBuilder& GraphBuilder::depends(const std::string& dependency) {
  last().depends_on.push_back(dependency);
  return *this;
}

GraphBuilder& GraphBuilder::message(const std::string& message) {
  last().message = message;
  return *this;
}

GraphBuilder& GraphBuilder::path(const std::string& path, int header_line) {
  last().path = path;
  last().header_line = header_line;
  return *this;
}

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : text) {
    if (c == ' ') {
      if (!word.empty()) out.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) out.push_back(word);
  return out;
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string ids(const RevisionGraph& graph, std::span<const RevIndex> revisions) {
  std::vector<std::string> out;
  for (RevIndex r : revisions) out.push_back(graph.id(r));
  return join(out);
}

std::string step_ids(const RevisionGraph& graph, const Plan& plan) {
  std::vector<std::string> out;
  for (const auto& step : plan.steps)
    out.push_back(step.revision ? graph.id(*step.revision) : "base");
  return join(out);
}

std::string changes_text(const Step& step) {
  std::vector<std::string> out;
  for (const auto& change : step.changes) {
    switch (change.op) {
      case VersionChange::Op::insert:
        out.push_back("INSERT " + change.to);
        break;
      case VersionChange::Op::update:
        out.push_back("UPDATE " + change.from + "->" + change.to);
        break;
      case VersionChange::Op::remove:
        out.push_back("DELETE " + change.from);
        break;
    }
  }
  return join(out, "; ");
}

std::string plan_changes(const Plan& plan) {
  std::vector<std::string> out;
  for (const auto& step : plan.steps) out.push_back(changes_text(step));
  return join(out, " | ");
}

std::string rows_after(const Plan& plan) {
  return join(plan.rows_after);
}

Plan plan_command(const RevisionGraph& graph, Command command, const std::string& rows,
                  const std::string& target) {
  const std::vector<std::string> current = words(rows);
  switch (command) {
    case Command::upgrade:
      return plan_upgrade(graph, current, target);
    case Command::downgrade:
      return plan_downgrade(graph, current, target);
    case Command::stamp:
      return plan_stamp(graph, current, words(target), false);
  }
  throw std::logic_error("unknown command");
}

std::string test_name(const std::string& text) {
  std::string name = text;
  for (char& c : name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!keep) c = '_';
  }
  return name;
}

std::string error_message(const std::function<void()>& body) {
  try {
    body();
  } catch (const Error& error) {
    return error.message();
  }
  return "(no error)";
}

}  // namespace retort::testing
