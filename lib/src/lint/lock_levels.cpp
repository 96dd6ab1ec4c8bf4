#include "lint/lock_levels.hpp"

#include <algorithm>
#include <string_view>

namespace retort::lint {
namespace {

using Json = nlohmann::json;

std::string text_field(const Json& node, const char* key) {
  auto found = node.find(key);
  return found != node.end() && found->is_string() ? found->get<std::string>() : std::string();
}

bool flag(const Json& node, const char* key) {
  auto found = node.find(key);
  return found != node.end() && found->is_boolean() && found->get<bool>();
}

// A RangeVar ({"relname", "schemaname"}) as a lock of `mode`.
RelationLock range_lock(const Json& range, LockMode mode) {
  return RelationLock{mode, text_field(range, "schemaname"), text_field(range, "relname")};
}

// Whether a DefElem list (VACUUM, REINDEX options) holds `name`.
bool has_option(const Json& node, const char* list, std::string_view name) {
  auto found = node.find(list);
  if (found == node.end() || !found->is_array()) return false;
  return std::any_of(found->begin(), found->end(), [&](const Json& item) {
    return item.contains("DefElem") && text_field(item["DefElem"], "defname") == name;
  });
}

// ALTER TABLE's lock for one subcommand (the ALTER TABLE reference page).
LockMode alter_command_lock(const Json& command) {
  const std::string subtype = text_field(command, "subtype");
  if (subtype == "AT_AddConstraint") {
    const Json& constraint = command["def"]["Constraint"];
    // A foreign key takes SHARE ROW EXCLUSIVE on both tables.
    if (text_field(constraint, "contype") == "CONSTR_FOREIGN") return LockMode::share_row_exclusive;
    return LockMode::access_exclusive;
  }
  if (subtype == "AT_ValidateConstraint" || subtype == "AT_SetStatistics" ||
      subtype == "AT_ClusterOn" || subtype == "AT_DropCluster" || subtype == "AT_SetRelOptions" ||
      subtype == "AT_ResetRelOptions" || subtype == "AT_AttachPartition") {
    return LockMode::share_update_exclusive;
  }
  if (subtype == "AT_DetachPartition") {
    const Json& spec = command["def"]["PartitionCmd"];
    return flag(spec, "concurrent") ? LockMode::share_update_exclusive : LockMode::access_exclusive;
  }
  if (subtype == "AT_EnableTrig" || subtype == "AT_DisableTrig" || subtype == "AT_EnableTrigAll" ||
      subtype == "AT_DisableTrigAll" || subtype == "AT_EnableTrigUser" ||
      subtype == "AT_DisableTrigUser" || subtype == "AT_EnableAlwaysTrig" ||
      subtype == "AT_EnableReplicaTrig") {
    return LockMode::share_row_exclusive;
  }
  return LockMode::access_exclusive;
}

std::vector<RelationLock> alter_table_locks(const Json& statement) {
  LockMode strongest = LockMode::access_share;
  std::vector<RelationLock> locks;
  for (const Json& item : statement.value("cmds", Json::array())) {
    if (!item.contains("AlterTableCmd")) continue;
    const Json& command = item["AlterTableCmd"];
    strongest = std::max(strongest, alter_command_lock(command));
    if (text_field(command, "subtype") == "AT_AddConstraint") {
      const Json& constraint = command["def"]["Constraint"];
      if (constraint.contains("pktable")) {
        locks.push_back(range_lock(constraint["pktable"], LockMode::share_row_exclusive));
      }
    }
  }
  locks.insert(locks.begin(), range_lock(statement["relation"], strongest));
  return locks;
}

std::vector<RelationLock> drop_locks(const Json& statement) {
  const std::string type = text_field(statement, "removeType");
  if (type != "OBJECT_TABLE" && type != "OBJECT_INDEX" && type != "OBJECT_MATVIEW") return {};
  const LockMode mode = type == "OBJECT_INDEX" && flag(statement, "concurrent")
                            ? LockMode::share_update_exclusive
                            : LockMode::access_exclusive;
  std::vector<RelationLock> locks;
  for (const Json& object : statement.value("objects", Json::array())) {
    // [schema.]name as a list of String nodes.
    std::vector<std::string> parts;
    for (const Json& part : object.value("List", Json::object()).value("items", Json::array())) {
      if (part.contains("String")) parts.push_back(text_field(part["String"], "sval"));
    }
    if (parts.empty()) continue;
    locks.push_back(RelationLock{mode, parts.size() > 1 ? parts[parts.size() - 2] : std::string(),
                                 parts.back()});
  }
  return locks;
}

std::vector<RelationLock> ranges_locks(const Json& list, LockMode mode) {
  std::vector<RelationLock> locks;
  for (const Json& item : list) {
    if (item.contains("RangeVar")) locks.push_back(range_lock(item["RangeVar"], mode));
    if (item.contains("VacuumRelation")) {
      locks.push_back(range_lock(item["VacuumRelation"]["relation"], mode));
    }
  }
  return locks;
}

// LockStmt's mode: PostgreSQL's lock numbers, AccessShareLock (1) to
// AccessExclusiveLock (8).
LockMode numbered_lock(int number) {
  return static_cast<LockMode>(std::clamp(number, 1, 8) - 1);
}

}  // namespace

const char* lock_mode_name(LockMode mode) {
  switch (mode) {
    case LockMode::access_share:
      return "ACCESS SHARE";
    case LockMode::row_share:
      return "ROW SHARE";
    case LockMode::row_exclusive:
      return "ROW EXCLUSIVE";
    case LockMode::share_update_exclusive:
      return "SHARE UPDATE EXCLUSIVE";
    case LockMode::share:
      return "SHARE";
    case LockMode::share_row_exclusive:
      return "SHARE ROW EXCLUSIVE";
    case LockMode::exclusive:
      return "EXCLUSIVE";
    case LockMode::access_exclusive:
      return "ACCESS EXCLUSIVE";
  }
  return "ACCESS EXCLUSIVE";
}

std::vector<RelationLock> relation_locks(const nlohmann::json& statement) {
  if (!statement.is_object() || statement.empty()) return {};
  const auto first = statement.begin();
  const std::string kind = first.key();
  const Json& node = first.value();
  if (kind == "AlterTableStmt") return alter_table_locks(node);
  if (kind == "IndexStmt") {
    return {range_lock(node["relation"], flag(node, "concurrent") ? LockMode::share_update_exclusive
                                                                  : LockMode::share)};
  }
  if (kind == "DropStmt") return drop_locks(node);
  if (kind == "RenameStmt" && node.contains("relation")) {
    return {range_lock(node["relation"], LockMode::access_exclusive)};
  }
  if (kind == "TruncateStmt") {
    return ranges_locks(node.value("relations", Json::array()), LockMode::access_exclusive);
  }
  if (kind == "VacuumStmt") {
    const LockMode mode = has_option(node, "options", "full") ? LockMode::access_exclusive
                                                              : LockMode::share_update_exclusive;
    return ranges_locks(node.value("rels", Json::array()), mode);
  }
  if (kind == "ClusterStmt" && node.contains("relation")) {
    return {range_lock(node["relation"], LockMode::access_exclusive)};
  }
  if (kind == "ReindexStmt" && node.contains("relation")) {
    if (has_option(node, "params", "concurrently")) {
      return {range_lock(node["relation"], LockMode::share_update_exclusive)};
    }
    const bool index = text_field(node, "kind") == "REINDEX_OBJECT_INDEX";
    return {range_lock(node["relation"], index ? LockMode::access_exclusive : LockMode::share)};
  }
  if (kind == "LockStmt") {
    return ranges_locks(node.value("relations", Json::array()),
                        numbered_lock(node.value("mode", 8)));
  }
  if (kind == "CreateTrigStmt" && node.contains("relation")) {
    return {range_lock(node["relation"], LockMode::share_row_exclusive)};
  }
  if ((kind == "InsertStmt" || kind == "UpdateStmt" || kind == "DeleteStmt") &&
      node.contains("relation")) {
    return {range_lock(node["relation"], LockMode::row_exclusive)};
  }
  return {};
}

}  // namespace retort::lint
