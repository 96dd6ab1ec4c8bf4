#include "files/header_fields.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "files/file_error.hpp"
#include "text/edit_distance.hpp"

namespace retort::files {
namespace {

constexpr std::array<std::string_view, 6> k_keys = {"revision",    "down_revision", "message",
                                                    "create_date", "branch_labels", "depends_on"};

[[noreturn]] void unknown_key(const HeaderEntry& entry, const std::string& path) {
  std::string known;
  for (std::string_view key : k_keys) known += fmt::format("{}{}", known.empty() ? "" : ", ", key);
  const std::string suggestion = text::closest_match(entry.key, k_keys);
  const std::string hint = suggestion.empty() ? std::string("remove the line or correct the key")
                                              : fmt::format("did you mean '{}'?", suggestion);
  throw_file_error(path, entry.line, entry.column,
                   fmt::format("unknown header key '{}' (known keys: {})", entry.key, known), hint);
}

// The value as a list of scalars: null gives none, a scalar gives one.
std::vector<const HeaderValue*> as_list(const HeaderEntry& entry, const std::string& path,
                                        std::string_view what) {
  const HeaderValue& value = entry.value;
  std::vector<const HeaderValue*> items;
  auto shape_error = [&](const HeaderValue& at) {
    throw_file_error(path, at.line, at.column,
                     fmt::format("header key '{}' must be {}", entry.key, what),
                     fmt::format("write -- {}: x, or -- {}: [x, y]", entry.key, entry.key));
  };
  switch (value.kind) {
    case HeaderValue::Kind::null:
      break;
    case HeaderValue::Kind::scalar:
      items.push_back(&value);
      break;
    case HeaderValue::Kind::list:
      for (const HeaderValue& item : value.items) {
        if (item.kind != HeaderValue::Kind::scalar) shape_error(item);
        items.push_back(&item);
      }
      break;
    case HeaderValue::Kind::map:
      shape_error(value);
  }
  return items;
}

// Throws at the first entry that repeats an earlier one. O(n log n): a
// list may be as long as the file allows.
void check_unique(const std::vector<const HeaderValue*>& items, const HeaderEntry& entry,
                  const std::string& path) {
  std::set<std::string_view> seen;
  for (const HeaderValue* item : items) {
    if (!seen.insert(item->text).second) {
      throw_file_error(path, item->line, item->column,
                       fmt::format("'{}' lists '{}' twice", entry.key, item->text),
                       "remove the duplicate entry");
    }
  }
}

std::vector<RevisionId> parse_ids(const HeaderEntry& entry, const std::string& path) {
  auto items = as_list(entry, path, "a revision id, a list of ids, or empty");
  std::vector<RevisionId> ids;
  for (const HeaderValue* item : items) {
    std::string why;
    auto id = RevisionId::parse(item->text, &why);
    if (!id) {
      throw_file_error(path, item->line, item->column, fmt::format("'{}': {}", entry.key, why),
                       "ids are 1-32 characters of letters, digits and '_'");
    }
    ids.push_back(std::move(*id));
  }
  check_unique(items, entry, path);
  return ids;
}

std::vector<std::string> parse_labels(const HeaderEntry& entry, const std::string& path,
                                      const char* hint) {
  auto items = as_list(entry, path, "a name or a list of names");
  std::vector<std::string> labels;
  for (const HeaderValue* item : items) {
    std::string why;
    if (!is_valid_branch_label(item->text, &why)) {
      throw_file_error(path, item->line, item->column, fmt::format("'{}': {}", entry.key, why),
                       hint);
    }
    labels.push_back(item->text);
  }
  check_unique(items, entry, path);
  return labels;
}

std::string parse_text(const HeaderEntry& entry, const std::string& path) {
  const HeaderValue& value = entry.value;
  if (value.kind == HeaderValue::Kind::null) return {};
  if (value.kind != HeaderValue::Kind::scalar) {
    throw_file_error(path, value.line, value.column,
                     fmt::format("header key '{}' must be text", entry.key),
                     fmt::format("quote the value: -- {}: '...'", entry.key));
  }
  return value.text;
}

}  // namespace

bool is_header_key(std::string_view key) {
  return std::find(k_keys.begin(), k_keys.end(), key) != k_keys.end();
}

HeaderFields validate_header(const std::vector<HeaderEntry>& entries, const std::string& path,
                             int header_line) {
  HeaderFields fields;
  std::map<std::string_view, const HeaderEntry*> seen;
  for (const HeaderEntry& entry : entries) {
    if (!is_header_key(entry.key)) unknown_key(entry, path);
    auto [it, inserted] = seen.emplace(entry.key, &entry);
    if (!inserted) {
      throw_file_error(path, entry.line, entry.column,
                       fmt::format("duplicate header key '{}' (first set on line {})", entry.key,
                                   it->second->line),
                       "keep one of the two lines");
    }
  }
  auto find = [&](std::string_view key) -> const HeaderEntry* {
    auto it = seen.find(key);
    return it == seen.end() ? nullptr : it->second;
  };

  const HeaderEntry* revision = find("revision");
  if (revision == nullptr) {
    throw_file_error(path, header_line, 1, "missing required header key 'revision'",
                     "start the file with `-- revision: <id>` (`retort revision` writes a "
                     "complete header)");
  }
  const HeaderValue& value = revision->value;
  if (value.kind != HeaderValue::Kind::scalar) {
    throw_file_error(path, value.line, value.column,
                     value.kind == HeaderValue::Kind::null
                         ? std::string("header key 'revision' is empty")
                         : std::string("header key 'revision' must be a single id"),
                     "write -- revision: <id>, 1-32 characters of letters, digits and '_'");
  }
  std::string why;
  fields.id = RevisionId::parse(value.text, &why);
  if (!fields.id) {
    throw_file_error(path, value.line, value.column, why,
                     "ids are 1-32 characters of letters, digits and '_'");
  }
  fields.revision_line = revision->line;
  fields.revision_column = revision->column;

  const HeaderEntry* down = find("down_revision");
  if (down == nullptr) {
    throw_file_error(path, header_line, 1, "missing required header key 'down_revision'",
                     "add `-- down_revision: <parent id>`, or `-- down_revision:` (empty) for a "
                     "base revision");
  }
  fields.down_revisions = parse_ids(*down, path);
  if (const HeaderEntry* entry = find("branch_labels")) {
    fields.branch_labels = parse_labels(
        *entry, path, "labels are 1-64 characters without spaces or any of @ + - : ' \"");
  }
  if (const HeaderEntry* entry = find("depends_on")) {
    fields.depends_on = parse_labels(*entry, path, "entries are revision ids or branch labels");
  }
  if (const HeaderEntry* entry = find("message")) fields.message = parse_text(*entry, path);
  if (const HeaderEntry* entry = find("create_date")) fields.create_date = parse_text(*entry, path);
  return fields;
}

}  // namespace retort::files
