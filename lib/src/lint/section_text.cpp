#include "lint/section_text.hpp"

#include <algorithm>
#include <cctype>

namespace retort::lint {
namespace {

constexpr std::string_view k_allow = "retort:allow";

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

bool is_code_character(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// "RT101,RT118 reason" -> codes and reason.
void read_codes(std::string_view rest, Suppression& suppression) {
  while (true) {
    rest = trimmed(rest);
    std::size_t length = 0;
    while (length < rest.size() && is_code_character(rest[length])) ++length;
    if (length == 0) break;
    suppression.codes.emplace_back(rest.substr(0, length));
    rest.remove_prefix(length);
    std::string_view after = trimmed(rest);
    if (after.empty() || after.front() != ',') break;
    rest = after.substr(1);
  }
  suppression.reason = std::string(trimmed(rest));
}

}  // namespace

LineIndex::LineIndex(std::string_view text) : m_text(text) {
  m_starts.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') m_starts.push_back(i + 1);
  }
}

sql::LineColumn LineIndex::at(std::size_t offset) const {
  offset = std::min(offset, m_text.size());
  auto next = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
  const std::size_t line = static_cast<std::size_t>(next - m_starts.begin());  // 1-based
  const std::size_t start = m_starts[line - 1];
  int column = 1;
  for (std::size_t i = start; i < offset; ++i) {
    if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80) ++column;
  }
  return sql::LineColumn{static_cast<int>(line), column};
}

std::string_view LineIndex::line_text(std::size_t offset) const {
  offset = std::min(offset, m_text.size());
  auto next = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
  const std::size_t start = *(next - 1);
  std::size_t end = m_text.find('\n', start);
  if (end == std::string_view::npos) end = m_text.size();
  std::string_view line = m_text.substr(start, end - start);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::size_t first_token(std::string_view text, std::size_t from, std::size_t to) {
  to = std::min(to, text.size());
  std::size_t i = from;
  while (i < to) {
    const char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '-' && i + 1 < to && text[i + 1] == '-') {
      while (i < to && text[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < to && text[i + 1] == '*') {
      int depth = 0;
      while (i < to) {
        if (text[i] == '/' && i + 1 < to && text[i + 1] == '*') {
          ++depth;
          i += 2;
        } else if (text[i] == '*' && i + 1 < to && text[i + 1] == '/') {
          i += 2;
          if (--depth == 0) break;
        } else {
          ++i;
        }
      }
    } else {
      return i;
    }
  }
  return to;
}

std::vector<Suppression> suppressions_between(std::string_view text, std::size_t from,
                                              std::size_t to) {
  std::vector<Suppression> found;
  to = std::min(to, text.size());
  std::size_t i = from;
  while (i + 1 < to) {
    if (text[i] == '/' && text[i + 1] == '*') {
      std::size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos || end >= to ? to : end + 2;
      continue;
    }
    if (text[i] != '-' || text[i + 1] != '-') {
      ++i;
      continue;
    }
    std::size_t end = text.find('\n', i);
    if (end == std::string_view::npos || end > to) end = to;
    std::string_view body = trimmed(text.substr(i + 2, end - i - 2));
    if (body.substr(0, k_allow.size()) == k_allow) {
      Suppression suppression;
      suppression.offset = i;
      read_codes(body.substr(k_allow.size()), suppression);
      found.push_back(std::move(suppression));
    }
    i = end;
  }
  return found;
}

}  // namespace retort::lint
