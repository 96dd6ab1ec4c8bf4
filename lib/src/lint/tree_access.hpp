// Reading libpg_query's JSON parse trees (lint/sql_parser.hpp): a node is
// {"NodeType": {fields}}; fields of a specific struct type (a RangeVar
// relation, a TypeName) are the struct's fields without the wrapper.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace retort::lint::tree {

using Json = nlohmann::json;

// The string at `key`, "" when absent or not a string.
inline std::string text(const Json& node, const char* key) {
  auto found = node.find(key);
  return found != node.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// The boolean at `key`, false when absent.
inline bool flag(const Json& node, const char* key) {
  auto found = node.find(key);
  return found != node.end() && found->is_boolean() && found->get<bool>();
}

// The object at `key`, an empty one when absent: a reference that stays
// valid (unlike Json::value(key, Json::object()), a temporary).
inline const Json& field(const Json& node, const char* key) {
  static const Json k_empty = Json::object();
  if (!node.is_object()) return k_empty;
  auto found = node.find(key);
  return found != node.end() && found->is_object() ? *found : k_empty;
}

// The array at `key`, an empty one when absent.
inline const Json& list(const Json& node, const char* key) {
  static const Json k_empty = Json::array();
  auto found = node.find(key);
  return found != node.end() && found->is_array() ? *found : k_empty;
}

// The fields of a wrapped node of type `type` ({"Type": {...}}), or nullptr.
inline const Json* as(const Json& node, const char* type) {
  if (!node.is_object()) return nullptr;
  auto found = node.find(type);
  return found != node.end() && found->is_object() ? &*found : nullptr;
}

// The node type of a wrapped node ("IndexStmt"), "" for anything else.
inline std::string kind(const Json& node) {
  return node.is_object() && node.size() == 1 ? node.begin().key() : std::string();
}

// The String items of a name list (funcname, TypeName.names, DROP's objects).
inline std::vector<std::string> names(const Json& items) {
  std::vector<std::string> result;
  if (!items.is_array()) return result;
  for (const Json& item : items) {
    if (const Json* string = as(item, "String")) result.push_back(text(*string, "sval"));
  }
  return result;
}

// The smallest "location" found in `node` or below: where the node's text
// starts. npos when none is recorded.
std::size_t first_location(const Json& node);

// Whether `node` or anything below it is a node of type `type` for which
// `accept` (given its fields) is true.
bool contains_node(const Json& node, const char* type, bool (*accept)(const Json&));

}  // namespace retort::lint::tree
