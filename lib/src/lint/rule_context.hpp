// What a lint rule sees while it checks one statement (lint/rules.hpp): the
// objects known to be new, the section's transaction mode and facts, and
// where its findings go. The engine (lint_engine.cpp) owns it.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lint/lock_levels.hpp"
#include "lint/tree_access.hpp"
#include "retort/lint.hpp"

namespace retort::lint {

// A table or index as a statement names it. Without a schema it is taken to
// be in public, the usual search_path.
struct TableName {
  std::string schema;
  std::string name;
  // "public.orders": how names are compared.
  std::string key() const { return (schema.empty() ? std::string("public") : schema) + "." + name; }
  // As written: "orders", "app.orders".
  std::string shown() const { return schema.empty() ? name : schema + "." + name; }
};

// A RangeVar's fields ({"relname", "schemaname"}).
inline TableName range_name(const tree::Json& range) {
  return TableName{tree::text(range, "schemaname"), tree::text(range, "relname")};
}

// What lint remembers across the statements and sections of one scope
// (LintScope: a revision, or a whole plan).
struct ScopeMemory {
  std::set<std::string> new_relations;  // TableName::key() of tables, indexes, views created
  // A downgrade's own objects: what the same revision's upgrade creates
  // (dropping them is the undo, not a finding).
  std::set<std::string> own_relations;
  std::set<std::string> own_columns;  // "public.t.col"
  // CHECK (col IS NOT NULL) constraints added (also by ancestors, which
  // count as applied): name -> "public.t.col".
  std::map<std::string, std::string> not_null_checks;
  std::set<std::string> validated_not_null;  // "public.t.col" with a validated check
};

// A finding before the engine places and grades it.
struct DraftFinding {
  std::string_view code;
  std::string message;
  std::string hint;
  std::string lock;
  std::optional<TableName> table;  // graded by its size when live
  std::size_t offset = 0;          // in the section's text
};

struct RuleContext {
  ScopeMemory& memory;
  const LintFacts& facts;
  bool transactional = true;
  bool downgrade = false;
  std::size_t statement_offset = 0;  // of the statement's first token
  std::vector<DraftFinding>& findings;

  bool is_new(const TableName& table) const { return memory.new_relations.count(table.key()) > 0; }
  bool is_own(const TableName& table) const { return memory.own_relations.count(table.key()) > 0; }
  // An existing table: neither created in scope nor (in a downgrade) the revision's own.
  bool existing(const TableName& table) const { return !is_new(table) && !is_own(table); }
  void remember_new(const TableName& table) { memory.new_relations.insert(table.key()); }

  // A finding at the statement, or at `offset` when given.
  void report(std::string_view code, std::string message, std::string hint, std::string lock = {},
              std::optional<TableName> table = std::nullopt,
              std::optional<std::size_t> offset = std::nullopt) {
    findings.push_back(DraftFinding{code, std::move(message), std::move(hint), std::move(lock),
                                    std::move(table), offset.value_or(statement_offset)});
  }
};

// The rules for one statement (its tree: {"AlterTableStmt": {...}}).
// rules_statements.cpp dispatches; ALTER TABLE's subcommands are in
// rules_alter_table.cpp. Both also record the objects a statement creates.
void check_statement(const tree::Json& statement, RuleContext& context);
void check_alter_table(const tree::Json& alter, RuleContext& context);

// The objects a statement creates (CREATE TABLE/INDEX/MATERIALIZED VIEW,
// CREATE TABLE AS, a rename of a new object), remembered as new.
void remember_created(const tree::Json& statement, ScopeMemory& memory);
// What an upgrade section's statement creates, remembered as the revision's
// own for its downgrade (tables, indexes, added columns).
void remember_own(const tree::Json& statement, ScopeMemory& memory);

}  // namespace retort::lint
