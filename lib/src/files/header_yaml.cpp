// The general header reader: yaml-cpp, with its marks mapped back to the file.
#include <yaml-cpp/yaml.h>

#include "files/file_error.hpp"
#include "files/header_entries.hpp"
#include "files/text_lines.hpp"

namespace retort::files {
namespace {

constexpr const char* k_yaml_hint =
    "the header is YAML after the leading `-- `: write `-- key: value`, and quote values that "
    "contain ': ' or ' #', e.g. -- message: 'fix: orders'";

// Maps a yaml-cpp mark (0-based, in the stripped text) to a file position.
struct MarkMapper {
  const std::vector<HeaderLine>& lines;

  std::pair<int, int> operator()(const YAML::Mark& mark) const {
    if (lines.empty()) return {1, 1};
    if (mark.line < 0) return {lines.front().number, 0};
    auto index = static_cast<std::size_t>(mark.line);
    if (index >= lines.size()) {
      // Past the end: point just after the last character of the header.
      const HeaderLine& last = lines.back();
      return {last.number, last.prefix + static_cast<int>(last.text.size()) + 1};
    }
    return {lines[index].number, lines[index].prefix + mark.column + 1};
  }
};

HeaderValue convert(const YAML::Node& node, const MarkMapper& map, std::pair<int, int> key_pos) {
  HeaderValue value;
  auto [line, column] = map(node.Mark());
  value.line = line;
  value.column = column;
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      value.kind = HeaderValue::Kind::scalar;
      value.text = node.Scalar();
      break;
    case YAML::NodeType::Sequence:
      value.kind = HeaderValue::Kind::list;
      for (const YAML::Node& item : node) value.items.push_back(convert(item, map, {line, column}));
      break;
    case YAML::NodeType::Map:
      value.kind = HeaderValue::Kind::map;
      break;
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      // yaml-cpp marks an empty value at the next line; report it at the key.
      value.kind = HeaderValue::Kind::null;
      value.line = key_pos.first;
      value.column = key_pos.second;
      break;
  }
  return value;
}

// yaml-cpp stops reading at a `---` or `...` line and silently drops the
// rest, and mis-reads a first line that is indented; both are refused here.
void check_structure(const std::vector<HeaderLine>& lines, const std::string& path) {
  bool first = true;
  for (const HeaderLine& line : lines) {
    std::string_view text = line.text;
    if (text.substr(0, 3) == "---" || text.substr(0, 3) == "...") {
      throw_file_error(path, line.number, line.prefix + 1, "YAML document marker in the header",
                       "the header is a single YAML mapping; remove this line");
    }
    if (is_blank(text) || text.find_first_not_of(" \t") == text.find('#')) continue;
    if (first && (text.front() == ' ' || text.front() == '\t')) {
      throw_file_error(path, line.number, line.prefix + 1, "unexpected indentation in the header",
                       "write header keys right after `-- `, e.g. -- revision: 3f2a9c1b7d4e");
    }
    first = false;
  }
}

}  // namespace

std::vector<HeaderEntry> parse_header_yaml(const std::vector<HeaderLine>& lines,
                                           const std::string& path) {
  check_structure(lines, path);
  // No final line break: yaml-cpp accepts an unterminated quoted scalar when
  // one follows it.
  std::string yaml;
  for (const HeaderLine& line : lines) {
    if (!yaml.empty()) yaml += '\n';
    yaml += line.text;
  }
  yaml.erase(yaml.find_last_not_of(" \t\n") + 1);
  MarkMapper map{lines};
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    auto [line, column] = map(e.mark);
    throw_file_error(path, line, column, "malformed header: " + e.msg, k_yaml_hint);
  }
  std::vector<HeaderEntry> entries;
  if (root.IsNull()) return entries;
  if (!root.IsMap()) {
    auto [line, column] = map(root.Mark());
    throw_file_error(path, line, column, "the header is not a list of `key: value` lines",
                     k_yaml_hint);
  }
  for (const auto& pair : root) {
    auto key_pos = map(pair.first.Mark());
    if (!pair.first.IsScalar()) {
      throw_file_error(path, key_pos.first, key_pos.second, "header keys must be plain words",
                       k_yaml_hint);
    }
    entries.push_back(HeaderEntry{pair.first.Scalar(), key_pos.first, key_pos.second,
                                  convert(pair.second, map, key_pos)});
  }
  return entries;
}

HeaderLine make_header_line(std::string_view line, int number) {
  int prefix = line.size() > 2 && line[2] == ' ' ? 3 : 2;
  return HeaderLine{line.substr(static_cast<std::size_t>(prefix)), number, prefix};
}

}  // namespace retort::files
