// expand_file_template(): `{token}` substitution for new migration file names.
#include <fmt/format.h>

#include <chrono>
#include <ctime>

#include "retort/error.hpp"
#include "retort/migration_files.hpp"

namespace retort {
namespace {

constexpr const char* k_known_tokens =
    "{rev}, {slug}, {epoch}, {year}, {month}, {day}, {hour}, {minute}, {second}";

[[noreturn]] void template_error(std::string_view file_template, std::string message,
                                 std::string hint) {
  throw Error(ErrorKind::config, fmt::format("file_template '{}': {}", file_template, message),
              std::nullopt, std::move(hint));
}

}  // namespace

std::string expand_file_template(std::string_view file_template, const NewRevision& revision) {
  using namespace std::chrono;
  auto seconds = duration_cast<std::chrono::seconds>(revision.created.time_since_epoch()).count();
  std::time_t time = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);

  auto value_of = [&](std::string_view token) -> std::optional<std::string> {
    if (token == "rev") return revision.id.str();
    if (token == "slug") return slugify(revision.message);
    if (token == "epoch") return std::to_string(seconds);
    if (token == "year") return fmt::format("{:04}", utc.tm_year + 1900);
    if (token == "month") return fmt::format("{:02}", utc.tm_mon + 1);
    if (token == "day") return fmt::format("{:02}", utc.tm_mday);
    if (token == "hour") return fmt::format("{:02}", utc.tm_hour);
    if (token == "minute") return fmt::format("{:02}", utc.tm_min);
    if (token == "second") return fmt::format("{:02}", utc.tm_sec);
    return std::nullopt;
  };

  std::string name;
  for (std::size_t pos = 0; pos < file_template.size();) {
    char c = file_template[pos];
    if (c != '{') {
      name += c;
      ++pos;
      continue;
    }
    std::size_t close = file_template.find('}', pos);
    if (close == std::string_view::npos) {
      template_error(file_template, "unclosed '{'",
                     fmt::format("known tokens: {}", k_known_tokens));
    }
    std::string_view token = file_template.substr(pos + 1, close - pos - 1);
    auto value = value_of(token);
    if (!value) {
      template_error(file_template, fmt::format("unknown token '{{{}}}'", token),
                     fmt::format("known tokens: {}", k_known_tokens));
    }
    name += *value;
    pos = close + 1;
  }
  if (name.find('/') != std::string::npos) {
    template_error(file_template, fmt::format("the file name '{}' contains '/'", name),
                   "new migration files are written directly into the migrations directory");
  }
  if (name.empty() || name.front() == '.') {
    template_error(file_template,
                   name.empty() ? std::string("the file name is empty")
                                : fmt::format("the file name '{}' starts with '.'", name),
                   "hidden files are not loaded as migrations; start the template with {rev}");
  }
  return name + ".sql";
}

}  // namespace retort
