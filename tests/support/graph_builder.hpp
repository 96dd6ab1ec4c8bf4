// GraphBuilder: revision graphs in memory for graph, target and planning
// tests, plus helpers that render plans as short strings for assertions.
//
//   RevisionGraph g = GraphBuilder()
//                         .rev("A")
//                         .rev("B1", "A").label("left")
//                         .rev("B2", "A").label("right")
//                         .rev("M", {"B1", "B2"})
//                         .rev("x1").rev("y1").depends("x1")
//                         .build();
//
// Revisions are loaded in the order they are added; each gets the path
// "versions/<id>.sql", header line 1, and upgrade and downgrade sections.
#pragma once

#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

#include "retort/plan.hpp"
#include "retort/revision.hpp"
#include "retort/revision_graph.hpp"

namespace retort::testing {

class GraphBuilder {
 public:
  // A base revision.
  GraphBuilder& rev(const std::string& id);
  GraphBuilder& rev(const std::string& id, const std::string& parent);
  GraphBuilder& rev(const std::string& id, std::initializer_list<std::string> parents);
  GraphBuilder& rev_list(const std::string& id, const std::vector<std::string>& parents);

  // Modify the revision added last.
  GraphBuilder& label(const std::string& label);
  GraphBuilder& depends(const std::string& dependency);
  GraphBuilder& message(const std::string& message);
  GraphBuilder& path(const std::string& path, int header_line);

  std::vector<Revision> revisions() const { return m_revisions; }
  // Throws whatever RevisionGraph throws.
  RevisionGraph build() const { return RevisionGraph(m_revisions); }

 private:
  Revision& last();
  std::vector<Revision> m_revisions;
};

// `text` split at spaces (empty words dropped): "A B C" -> {"A", "B", "C"}.
std::vector<std::string> words(const std::string& text);
// `items` joined with `separator`.
std::string join(const std::vector<std::string>& items, const std::string& separator = " ");

// The ids of `revisions`, joined with spaces.
std::string ids(const RevisionGraph& graph, std::span<const RevIndex> revisions);
// The revision of every step (stamp steps to base show as "base"), joined with spaces.
std::string step_ids(const RevisionGraph& graph, const Plan& plan);
// One step's statements: "INSERT A; UPDATE A->B; DELETE B1".
std::string changes_text(const Step& step);
// Every step's statements, steps separated by " | ".
std::string plan_changes(const Plan& plan);
// The rows after the plan, joined with spaces.
std::string rows_after(const Plan& plan);

enum class Command { upgrade, downgrade, stamp };
// Plans `command` from `rows` (space separated). For stamp, `target` holds
// the destinations separated by spaces.
Plan plan_command(const RevisionGraph& graph, Command command, const std::string& rows,
                  const std::string& target);
// A GoogleTest parameter name made of the letters and digits of `text`.
std::string test_name(const std::string& text);

// The message of the retort::Error `body` throws, or "(no error)".
std::string error_message(const std::function<void()>& body);

}  // namespace retort::testing
