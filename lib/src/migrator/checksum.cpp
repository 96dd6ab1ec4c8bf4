#include "migrator/checksum.hpp"

#include "crypto/digest.hpp"

namespace retort::migrator {
namespace {

std::string normalise(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::string out;
  out.reserve(text.size());
  std::size_t line_start = 0;
  auto end_line = [&] {
    while (out.size() > line_start && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
    out += '\n';
    line_start = out.size();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_line();
    } else if (c == '\n') {
      end_line();
    } else {
      out += c;
    }
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ' || out.back() == '\t')) {
    out.pop_back();
  }
  return out;
}

// "sha256:" and the hex digest, the form the history table keeps.
std::string sha256_hex(std::string_view text) {
  return "sha256:" + crypto::sha256_hex(text);
}

}  // namespace

std::string section_checksum(std::string_view section_text) {
  return sha256_hex(normalise(section_text));
}

std::string statements_checksum(std::span<const sql::SqlStatement> statements, std::size_t count) {
  std::string joined;
  for (std::size_t i = 0; i < count && i < statements.size(); ++i) {
    joined += normalise(statements[i].text);
    joined += '\0';  // a statement boundary no statement text contains
  }
  return sha256_hex(joined);
}

}  // namespace retort::migrator
