// The general header reader: yaml-cpp, with its marks mapped back to the file.
#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "files/file_error.hpp"
#include "files/header_entries.hpp"
#include "files/text_lines.hpp"
#include "retort/display_text.hpp"

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

// A header value holds scalars and lists of scalars. The items of a list are
// converted one level deep only: an item that is itself a list or a mapping
// keeps its kind and position but not its content, which validate_header()
// refuses anyway. YAML aliases make a node's expanded size exponential in
// the size of the text (`&a [x, x]`, `&b [*a, *a]`, ...); yaml-cpp shares
// the aliased nodes, and so nothing here walks more than one level of them.
HeaderValue convert(const YAML::Node& node, const MarkMapper& map, std::pair<int, int> key_pos,
                    bool with_items = true) {
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
      if (!with_items) break;
      for (const YAML::Node& item : node) {
        value.items.push_back(convert(item, map, {line, column}, false));
      }
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

// The header line at or before the 0-based `index` that starts with a key,
// and that key; nullopt when none does.
std::optional<std::pair<const HeaderLine*, std::string_view>> key_before(
    const std::vector<HeaderLine>& lines, int index) {
  if (lines.empty()) return std::nullopt;
  auto i = std::min(static_cast<std::size_t>(std::max(index, 0)), lines.size() - 1);
  for (;; --i) {
    std::string_view text = lines[i].text;
    const std::size_t colon = text.find(':');
    if (!text.empty() && text.front() != ' ' && text.front() != '\t' && text.front() != '#' &&
        text.front() != '-' && colon != std::string_view::npos && colon > 0) {
      return std::make_pair(&lines[i], text.substr(0, colon));
    }
    if (i == 0) return std::nullopt;
  }
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
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's guard against a stack overflow; its own message is "bad file".
    auto [line, column] = map(e.mark);
    std::string key = "?";
    if (auto found = key_before(lines, e.mark.line)) {
      line = found->first->number;
      column = found->first->prefix + 1;
      key = text::shortened(found->second, 64);
    }
    throw_file_error(path, line, column,
                     fmt::format("the value of header key '{}' is nested too deeply", key),
                     "a header value is a name or a list of names, e.g. -- depends_on: [a, b]");
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
