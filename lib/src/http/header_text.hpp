// HTTP header names and values as the client and the server store them:
// names in lower case, values without surrounding whitespace.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace retort::http {

inline std::string header_name(std::string_view text) {
  std::string name(text);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name;
}

inline std::string header_value(std::string_view text) {
  auto is_space = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

}  // namespace retort::http
