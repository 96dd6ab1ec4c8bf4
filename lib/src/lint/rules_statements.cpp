// The rules for whole statements, and what statements create
// (lint/rule_context.hpp).
#include <fmt/format.h>

#include "lint/rule_context.hpp"

namespace retort::lint {
namespace {

using tree::Json;

constexpr const char* k_own_section = "put it in a section of its own marked `transaction:false`";

// [schema.]name of a DROP's object (a List of String nodes).
std::optional<TableName> dropped_name(const Json& object) {
  const Json* list = tree::as(object, "List");
  if (list == nullptr) return std::nullopt;
  auto parts = tree::names(tree::list(*list, "items"));
  if (parts.empty()) return std::nullopt;
  return TableName{parts.size() > 1 ? parts[parts.size() - 2] : std::string(), parts.back()};
}

void check_index(const Json& index, RuleContext& context) {
  const TableName table = range_name(tree::field(index, "relation"));
  const std::string name = tree::text(index, "idxname");
  const bool concurrent = tree::flag(index, "concurrent");
  if (concurrent && context.transactional) {
    context.report(lint_code::concurrently_in_transaction,
                   fmt::format("CREATE INDEX CONCURRENTLY{} cannot run inside a transaction block",
                               name.empty() ? std::string() : " " + name),
                   k_own_section);
  } else if (!concurrent && context.existing(table)) {
    context.report(lint_code::create_index,
                   fmt::format("CREATE {}INDEX{} on {} without CONCURRENTLY blocks writes to it "
                               "until the index is built",
                               tree::flag(index, "unique") ? "UNIQUE " : "",
                               name.empty() ? std::string() : " " + name, table.shown()),
                   "CREATE INDEX CONCURRENTLY in a `-- migrate:upgrade transaction:false` section",
                   "SHARE", table);
  }
}

void check_drop(const Json& drop, RuleContext& context) {
  const std::string type = tree::text(drop, "removeType");
  if (type == "OBJECT_INDEX" && tree::flag(drop, "concurrent") && context.transactional) {
    context.report(lint_code::concurrently_in_transaction,
                   "DROP INDEX CONCURRENTLY cannot run inside a transaction block", k_own_section);
    return;
  }
  if (type != "OBJECT_TABLE") return;
  for (const Json& object : tree::list(drop, "objects")) {
    auto table = dropped_name(object);
    if (!table || !context.existing(*table)) continue;
    context.report(lint_code::drop_table,
                   fmt::format("DROP TABLE {} breaks the code that still uses it during the "
                               "deploy, and its rows are gone",
                               table->shown()),
                   "stop using the table in the code first; drop it in a later release",
                   "ACCESS EXCLUSIVE", *table);
  }
}

void check_reindex(const Json& reindex, RuleContext& context) {
  bool concurrent = false;
  for (const Json& item : tree::list(reindex, "params")) {
    if (const Json* option = tree::as(item, "DefElem"))
      concurrent = concurrent || tree::text(*option, "defname") == "concurrently";
  }
  if (concurrent && context.transactional) {
    context.report(lint_code::concurrently_in_transaction,
                   "REINDEX CONCURRENTLY cannot run inside a transaction block", k_own_section);
    return;
  }
  if (concurrent || !reindex.contains("relation")) return;
  const TableName target = range_name(reindex["relation"]);
  if (!context.existing(target)) return;
  const bool index = tree::text(reindex, "kind") == "REINDEX_OBJECT_INDEX";
  context.report(
      lint_code::reindex,
      fmt::format(
          "REINDEX {} {} blocks {} while it rebuilds", index ? "INDEX" : "TABLE", target.shown(),
          index ? "reads through the index and writes to its table" : "writes to the table"),
      "REINDEX ... CONCURRENTLY in a `transaction:false` section",
      index ? "ACCESS EXCLUSIVE" : "SHARE", target);
}

void check_rename(const Json& rename, RuleContext& context) {
  const std::string type = tree::text(rename, "renameType");
  if (type != "OBJECT_TABLE" && type != "OBJECT_COLUMN") return;
  const TableName table = range_name(tree::field(rename, "relation"));
  if (!context.existing(table)) return;
  const std::string what = type == "OBJECT_TABLE" ? fmt::format("table {}", table.shown())
                                                  : fmt::format("column {}.{}", table.shown(),
                                                                tree::text(rename, "subname"));
  context.report(lint_code::rename,
                 fmt::format("RENAME of {} to {} breaks the code that still uses the old name "
                             "during the deploy",
                             what, tree::text(rename, "newname")),
                 "add the new one, write to both, switch the code, drop the old one later (or "
                 "keep a view under the old name)",
                 "ACCESS EXCLUSIVE", table);
}

// One finding per existing relation of a TRUNCATE/VACUUM FULL/CLUSTER/LOCK.
void report_locks(const Json& statement, std::string_view code, const char* what, const char* hint,
                  RuleContext& context) {
  for (const RelationLock& lock : relation_locks(statement)) {
    const TableName table{lock.schema, lock.relation};
    // Weaker locks (LOCK ... IN ACCESS SHARE MODE) leave reads and writes alone.
    if (!context.existing(table) || !blocks_writes(lock.mode)) continue;
    context.report(
        code,
        fmt::format("{} {} takes {}, blocking {}", what, table.shown(), lock_mode_name(lock.mode),
                    blocks_reads(lock.mode) ? "reads and writes" : "writes"),
        hint, lock_mode_name(lock.mode), table);
  }
}

bool vacuum_full(const Json& vacuum) {
  for (const Json& item : tree::list(vacuum, "options")) {
    if (const Json* option = tree::as(item, "DefElem");
        option && tree::text(*option, "defname") == "full")
      return true;
  }
  return false;
}

void check_transaction(const Json& transaction, RuleContext& context) {
  const std::string kind = tree::text(transaction, "kind");
  if (kind == "TRANS_STMT_SAVEPOINT" || kind == "TRANS_STMT_RELEASE" ||
      kind == "TRANS_STMT_ROLLBACK_TO") {
    return;
  }
  context.report(lint_code::transaction_control,
                 "transaction control inside a section: retort runs the section in its own "
                 "transaction (or autocommit) and records it in the version table",
                 "remove it; mark the section `transaction:false` for statements that cannot run "
                 "in a transaction");
}

}  // namespace

void check_statement(const Json& statement, RuleContext& context) {
  const std::string kind = tree::kind(statement);
  if (kind.empty()) return;
  const Json& node = statement[kind];
  if (kind == "IndexStmt") {
    check_index(node, context);
  } else if (kind == "AlterTableStmt") {
    check_alter_table(node, context);
  } else if (kind == "DropStmt") {
    check_drop(node, context);
  } else if (kind == "RenameStmt") {
    check_rename(node, context);
  } else if (kind == "ReindexStmt") {
    check_reindex(node, context);
  } else if (kind == "TruncateStmt") {
    report_locks(statement, lint_code::truncate, "TRUNCATE",
                 "DELETE in batches, or make sure nothing uses the table", context);
  } else if (kind == "VacuumStmt" && vacuum_full(node)) {
    report_locks(statement, lint_code::vacuum_full, "VACUUM FULL",
                 "plain VACUUM, or pg_repack outside the migration", context);
  } else if (kind == "ClusterStmt") {
    report_locks(statement, lint_code::cluster, "CLUSTER",
                 "pg_repack outside the migration, or leave the order to the index", context);
  } else if (kind == "LockStmt") {
    report_locks(statement, lint_code::lock_table, "LOCK TABLE",
                 "let each statement take the lock it needs, with a short lock_timeout_s", context);
  } else if (kind == "TransactionStmt") {
    check_transaction(node, context);
  }
}

void remember_created(const Json& statement, ScopeMemory& memory) {
  const std::string kind = tree::kind(statement);
  if (kind.empty()) return;
  const Json& node = statement[kind];
  if (kind == "CreateStmt") {
    memory.new_relations.insert(range_name(tree::field(node, "relation")).key());
  } else if (kind == "SelectStmt" && node.contains("intoClause")) {  // SELECT ... INTO t
    memory.new_relations.insert(
        range_name(tree::field(tree::field(node, "intoClause"), "rel")).key());
  } else if (kind == "CreateTableAsStmt") {
    const Json& into = tree::field(node, "into");
    memory.new_relations.insert(range_name(tree::field(into, "rel")).key());
  } else if (kind == "IndexStmt" && !tree::text(node, "idxname").empty()) {
    TableName table = range_name(tree::field(node, "relation"));
    memory.new_relations.insert(TableName{table.schema, tree::text(node, "idxname")}.key());
  } else if (kind == "RenameStmt" && tree::text(node, "renameType") == "OBJECT_TABLE") {
    TableName table = range_name(tree::field(node, "relation"));
    if (memory.new_relations.count(table.key()))
      memory.new_relations.insert(TableName{table.schema, tree::text(node, "newname")}.key());
  }
}

void remember_own(const Json& statement, ScopeMemory& memory) {
  // Through new_relations, so that a rename of an own object stays own.
  ScopeMemory created;
  created.new_relations = memory.own_relations;
  remember_created(statement, created);
  memory.own_relations = std::move(created.new_relations);
  const Json* alter = tree::as(statement, "AlterTableStmt");
  if (alter == nullptr) return;
  const TableName table = range_name(tree::field(*alter, "relation"));
  for (const Json& item : tree::list(*alter, "cmds")) {
    const Json* command = tree::as(item, "AlterTableCmd");
    if (command == nullptr || tree::text(*command, "subtype") != "AT_AddColumn") continue;
    if (const Json* column = tree::as(tree::field(*command, "def"), "ColumnDef"))
      memory.own_columns.insert(table.key() + "." + tree::text(*column, "colname"));
  }
}

}  // namespace retort::lint
