#include "retort/revision.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "retort/display_text.hpp"

namespace retort {
namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

std::optional<RevisionId> RevisionId::parse(std::string_view text, std::string* why) {
  auto fail = [&](std::string reason) -> std::optional<RevisionId> {
    if (why != nullptr) *why = std::move(reason);
    return std::nullopt;
  };
  if (text.empty()) return fail("revision identifier is empty");
  std::set<char> bad;
  for (char c : text) {
    if (!is_word_char(c)) bad.insert(c);
  }
  if (!bad.empty()) {
    std::string chars;
    for (char c : bad) {
      if (!chars.empty()) chars += ", ";
      chars += c;
    }
    return fail(fmt::format(
        "character(s) '{}' not allowed in revision identifier {} (use letters, digits and '_')",
        chars, text::quote(text)));
  }
  if (text.size() > 32) {
    return fail(fmt::format("revision identifier {} is {} characters long; the limit is 32",
                            text::quote(text), text.size()));
  }
  return RevisionId(std::string(text));
}

bool is_valid_branch_label(std::string_view label, std::string* why) {
  auto fail = [&](std::string reason) {
    if (why != nullptr) *why = std::move(reason);
    return false;
  };
  if (label.empty()) return fail("branch label is empty");
  if (label.size() > 64)
    return fail(fmt::format("branch label {} is longer than 64 characters", text::quote(label)));
  for (char c : label) {
    if (c == '@' || c == '+' || c == '-' || c == ':' || c == '\'' || c == '"' ||
        static_cast<unsigned char>(c) <= ' ') {
      return fail(fmt::format(
          "character '{}' not allowed in branch label {} (it clashes with the target syntax)",
          c == ' ' ? std::string("space") : std::string(1, c), text::quote(label)));
    }
  }
  return true;
}

std::string Revision::doc() const {
  // First paragraph: lines up to the first blank one, joined with spaces.
  std::string result;
  std::size_t pos = 0;
  while (pos <= message.size()) {
    auto end = message.find('\n', pos);
    if (end == std::string::npos) end = message.size();
    std::string_view line(message.data() + pos, end - pos);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.empty()) {
      if (!result.empty()) break;
    } else {
      if (!result.empty()) result += ' ';
      result += line;
    }
    pos = end + 1;
  }
  return result;
}

}  // namespace retort
