#include "files/text_lines.hpp"

#include <algorithm>

namespace retort::files {

std::string_view strip_bom(std::string_view text) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  lines.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  std::size_t pos = 0;
  int number = 1;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
    if (end == std::string_view::npos) end = text.size();
    std::size_t stop = end;
    if (stop > pos && text[stop - 1] == '\r') --stop;
    lines.push_back(Line{text.substr(pos, stop - pos), pos, next, number++});
    pos = next;
  }
  return lines;
}

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

bool is_marker_candidate(std::string_view line) {
  if (line.substr(0, 2) != "--") return false;
  std::size_t pos = line.find_first_not_of(" \t", 2);
  if (pos == std::string_view::npos || line.substr(pos, 7) != "migrate") return false;
  pos = line.find_first_not_of(' ', pos + 7);
  return pos != std::string_view::npos && line[pos] == ':';
}

}  // namespace retort::files
