// The rules for ALTER TABLE's subcommands (lint/rule_context.hpp).
#include <fmt/format.h>

#include <array>

#include "lint/rule_context.hpp"

namespace retort::lint {
namespace {

using tree::Json;

// Functions whose every call gives a new value: a default calling one is
// evaluated per row, so ADD COLUMN rewrites the table. (now() and
// current_timestamp are stable: one value per statement, stored once.)
constexpr std::array<std::string_view, 11> k_volatile_functions = {
    "random",           "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc",
    "uuid_generate_v4", "clock_timestamp", "timeofday",        "nextval",
    "txid_current",     "setseed",         "random_normal"};

bool is_volatile_call(const Json& call) {
  auto name = tree::names(tree::list(call, "funcname"));
  if (name.empty()) return false;
  return std::find(k_volatile_functions.begin(), k_volatile_functions.end(), name.back()) !=
         k_volatile_functions.end();
}

std::string type_name(const Json& column) {
  auto name = tree::names(tree::list(tree::field(column, "typeName"), "names"));
  return name.empty() ? std::string() : name.back();
}

struct ColumnFacts {
  const Json* default_expr = nullptr;
  bool not_null = false;
  bool generated_stored = false;
  bool identity = false;
  bool references = false;
  bool unique_or_key = false;
};

ColumnFacts column_facts(const Json& column) {
  ColumnFacts facts;
  for (const Json& item : tree::list(column, "constraints")) {
    const Json* constraint = tree::as(item, "Constraint");
    if (constraint == nullptr) continue;
    const std::string type = tree::text(*constraint, "contype");
    if (type == "CONSTR_DEFAULT") facts.default_expr = &tree::field(*constraint, "raw_expr");
    if (type == "CONSTR_NOTNULL" || type == "CONSTR_PRIMARY") facts.not_null = true;
    if (type == "CONSTR_GENERATED") facts.generated_stored = true;
    if (type == "CONSTR_IDENTITY") facts.identity = true;
    if (type == "CONSTR_FOREIGN") facts.references = true;
    if (type == "CONSTR_PRIMARY" || type == "CONSTR_UNIQUE") facts.unique_or_key = true;
  }
  return facts;
}

bool is_serial(const std::string& type) {
  return type == "serial" || type == "bigserial" || type == "smallserial" || type == "serial4" ||
         type == "serial8" || type == "serial2";
}

void check_add_column(const Json& column, const TableName& table, RuleContext& context) {
  const std::string name = tree::text(column, "colname");
  const ColumnFacts facts = column_facts(column);
  const std::string type = type_name(column);
  const bool volatile_default =
      facts.default_expr != nullptr &&
      tree::contains_node(*facts.default_expr, "FuncCall", &is_volatile_call);
  // Constant defaults are stored in the catalog from PostgreSQL 11; before,
  // any default rewrote the table.
  const bool old_server = context.facts.server_version && *context.facts.server_version < 110000;
  if (volatile_default || is_serial(type) || facts.generated_stored || facts.identity ||
      (old_server && facts.default_expr != nullptr)) {
    const std::string why = volatile_default         ? "a volatile default"
                            : is_serial(type)        ? fmt::format("type {}", type)
                            : facts.generated_stored ? "a stored generated value"
                            : facts.identity         ? "an identity"
                                                     : "a default on PostgreSQL 10 or older";
    context.report(lint_code::volatile_default,
                   fmt::format("ADD COLUMN {} with {} rewrites every row of {} under ACCESS "
                               "EXCLUSIVE, blocking reads and writes",
                               name, why, table.shown()),
                   "add the column without it (or with a constant default), fill it in "
                   "batches, then set the default",
                   "ACCESS EXCLUSIVE", table);
  } else if (facts.not_null && facts.default_expr == nullptr) {
    context.report(lint_code::not_null_without_default,
                   fmt::format("ADD COLUMN {} NOT NULL without a default fails when {} has rows",
                               name, table.shown()),
                   "give it a constant DEFAULT, or add it nullable, backfill, then set NOT NULL "
                   "through a validated CHECK (RT106)",
                   "ACCESS EXCLUSIVE", table);
  }
  if (facts.references) {
    context.report(lint_code::constraint_validated,
                   fmt::format("ADD COLUMN {} REFERENCES validates the foreign key while "
                               "it blocks writes to {} and the referenced table",
                               name, table.shown()),
                   "add the column, then ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID and "
                   "VALIDATE CONSTRAINT in a later step",
                   "SHARE ROW EXCLUSIVE", table);
  }
  if (facts.unique_or_key) {
    context.report(lint_code::unique_without_index,
                   fmt::format("ADD COLUMN {} with PRIMARY KEY/UNIQUE builds its index while it "
                               "blocks reads and writes of {}",
                               name, table.shown()),
                   "add the column, CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... "
                   "USING INDEX",
                   "ACCESS EXCLUSIVE", table);
  }
}

// Types a column can change to without a rewrite whatever it was (text and
// varchar share a representation; unconstrained varchar and numeric accept
// every value of their constrained forms). Anything else may rewrite: the
// old type is not in the statement.
bool never_rewrites(const Json& column) {
  const std::string type = type_name(column);
  const bool unconstrained = tree::list(tree::field(column, "typeName"), "typmods").empty();
  if (column.contains("raw_default")) return false;  // USING: every row is computed again
  return type == "text" || (unconstrained && (type == "varchar" || type == "numeric"));
}

// "col" of CHECK (col IS NOT NULL), or "".
std::string not_null_check_column(const Json& constraint) {
  const Json* test = tree::as(tree::field(constraint, "raw_expr"), "NullTest");
  if (test == nullptr || tree::text(*test, "nulltesttype") != "IS_NOT_NULL") return {};
  const Json* column = tree::as(tree::field(*test, "arg"), "ColumnRef");
  if (column == nullptr) return {};
  auto fields = tree::names(tree::list(*column, "fields"));
  return fields.size() == 1 ? fields[0] : std::string();
}

void check_add_constraint(const Json& constraint, const TableName& table, RuleContext& context) {
  const std::string type = tree::text(constraint, "contype");
  const std::string name = tree::text(constraint, "conname");
  const bool not_valid = tree::flag(constraint, "skip_validation");
  if ((type == "CONSTR_CHECK" || type == "CONSTR_FOREIGN") && !not_valid) {
    const bool foreign = type == "CONSTR_FOREIGN";
    context.report(
        lint_code::constraint_validated,
        fmt::format("ADD CONSTRAINT {}{} validates every row of {} while it blocks {}",
                    name.empty() ? std::string() : name + " ", foreign ? "FOREIGN KEY" : "CHECK",
                    table.shown(),
                    foreign ? "writes (and those of the referenced table)" : "reads and writes"),
        "add it NOT VALID, then VALIDATE CONSTRAINT in a later step (reads and writes go on)",
        foreign ? "SHARE ROW EXCLUSIVE" : "ACCESS EXCLUSIVE", table);
  }
  if ((type == "CONSTR_PRIMARY" || type == "CONSTR_UNIQUE" || type == "CONSTR_EXCLUSION") &&
      tree::text(constraint, "indexname").empty()) {
    context.report(lint_code::unique_without_index,
                   fmt::format("ADD {} builds its index while it blocks reads and writes of {}",
                               type == "CONSTR_PRIMARY"  ? "PRIMARY KEY"
                               : type == "CONSTR_UNIQUE" ? "UNIQUE"
                                                         : "EXCLUDE",
                               table.shown()),
                   "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... PRIMARY "
                   "KEY/UNIQUE USING INDEX name",
                   "ACCESS EXCLUSIVE", table);
  }
}

void check_command(const Json& command, const TableName& table, RuleContext& context) {
  const std::string subtype = tree::text(command, "subtype");
  const std::string column = tree::text(command, "name");
  const Json& def = tree::field(command, "def");
  if (subtype == "AT_AddColumn") {
    if (const Json* column_def = tree::as(def, "ColumnDef"))
      check_add_column(*column_def, table, context);
  } else if (subtype == "AT_AlterColumnType") {
    const Json* column_def = tree::as(def, "ColumnDef");
    if (column_def != nullptr && !never_rewrites(*column_def)) {
      context.report(lint_code::column_type_rewrite,
                     fmt::format("ALTER COLUMN {} TYPE {} may rewrite {} and its indexes under "
                                 "ACCESS EXCLUSIVE",
                                 column, type_name(*column_def), table.shown()),
                     "add a column of the new type, backfill it in batches, switch the code, "
                     "then drop the old column",
                     "ACCESS EXCLUSIVE", table);
    }
  } else if (subtype == "AT_SetNotNull") {
    // SET NOT NULL uses a validated check from PostgreSQL 12 on.
    const bool uses_check =
        !context.facts.server_version || *context.facts.server_version >= 120000;
    if (!uses_check || !context.memory.validated_not_null.count(table.key() + "." + column)) {
      context.report(lint_code::set_not_null,
                     fmt::format("SET NOT NULL on {}.{} scans the whole table under ACCESS "
                                 "EXCLUSIVE",
                                 table.shown(), column),
                     fmt::format("first ADD CONSTRAINT {0}_not_null CHECK ({0} IS NOT NULL) NOT "
                                 "VALID and VALIDATE CONSTRAINT {0}_not_null; SET NOT NULL then "
                                 "uses it (PostgreSQL 12+)",
                                 column),
                     "ACCESS EXCLUSIVE", table);
    }
  } else if (subtype == "AT_AddConstraint") {
    if (const Json* constraint = tree::as(def, "Constraint"))
      check_add_constraint(*constraint, table, context);
  } else if (subtype == "AT_DropColumn") {
    if (!context.memory.own_columns.count(table.key() + "." + column)) {
      context.report(lint_code::drop_column,
                     fmt::format("DROP COLUMN {}.{} breaks the code that still uses it during "
                                 "the deploy",
                                 table.shown(), column),
                     "stop using the column in the code first; drop it in a later release",
                     "ACCESS EXCLUSIVE", table);
    }
  }
}

// Remembers the CHECK (col IS NOT NULL) constraints a subcommand adds or
// validates, on new and existing tables alike: a later SET NOT NULL relies
// on them.
void track_not_null_checks(const Json& command, const TableName& table, ScopeMemory& memory) {
  const std::string subtype = tree::text(command, "subtype");
  if (subtype == "AT_ValidateConstraint") {
    auto found = memory.not_null_checks.find(tree::text(command, "name"));
    if (found != memory.not_null_checks.end()) memory.validated_not_null.insert(found->second);
    return;
  }
  const Json* constraint = tree::as(tree::field(command, "def"), "Constraint");
  if (subtype != "AT_AddConstraint" || constraint == nullptr ||
      tree::text(*constraint, "contype") != "CONSTR_CHECK")
    return;
  const std::string column = not_null_check_column(*constraint);
  const std::string name = tree::text(*constraint, "conname");
  if (column.empty() || name.empty()) return;
  memory.not_null_checks[name] = table.key() + "." + column;
  if (!tree::flag(*constraint, "skip_validation"))
    memory.validated_not_null.insert(table.key() + "." + column);
}

}  // namespace

void check_alter_table(const Json& alter, RuleContext& context) {
  if (tree::text(alter, "objtype") != "OBJECT_TABLE" && alter.contains("objtype")) return;
  const TableName table = range_name(tree::field(alter, "relation"));
  for (const Json& item : tree::list(alter, "cmds")) {
    const Json* command = tree::as(item, "AlterTableCmd");
    if (command == nullptr) continue;
    const std::string subtype = tree::text(*command, "subtype");
    // DETACH PARTITION ... CONCURRENTLY fails inside a transaction block,
    // whether or not the table is new.
    if (subtype == "AT_DetachPartition" && context.transactional) {
      const Json* spec = tree::as(tree::field(*command, "def"), "PartitionCmd");
      if (spec != nullptr && tree::flag(*spec, "concurrent")) {
        context.report(lint_code::concurrently_in_transaction,
                       fmt::format("DETACH PARTITION ... CONCURRENTLY on {} cannot run inside a "
                                   "transaction block",
                                   table.shown()),
                       "put it in a section of its own marked `transaction:false`");
      }
    }
    if (context.existing(table)) check_command(*command, table, context);
    track_not_null_checks(*command, table, context.memory);
  }
}

}  // namespace retort::lint
