#include "lint/tree_access.hpp"

#include <algorithm>

namespace retort::lint::tree {

std::size_t first_location(const Json& node) {
  std::size_t best = std::string::npos;
  if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (it.key() == "location" && it.value().is_number_integer() && it.value().get<long>() >= 0) {
        best = std::min(best, static_cast<std::size_t>(it.value().get<long>()));
      } else if (it.value().is_structured()) {
        best = std::min(best, first_location(it.value()));
      }
    }
  } else if (node.is_array()) {
    for (const Json& item : node) best = std::min(best, first_location(item));
  }
  return best;
}

bool contains_node(const Json& node, const char* type, bool (*accept)(const Json&)) {
  if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (it.key() == type && it.value().is_object() && accept(it.value())) return true;
      if (it.value().is_structured() && contains_node(it.value(), type, accept)) return true;
    }
  } else if (node.is_array()) {
    for (const Json& item : node) {
      if (contains_node(item, type, accept)) return true;
    }
  }
  return false;
}

}  // namespace retort::lint::tree
