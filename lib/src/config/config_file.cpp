#include "config/config_file.hpp"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "config/config_values.hpp"
#include "config/interpolate.hpp"
#include "retort/command_names.hpp"
#include "retort/display_text.hpp"
#include "retort/error.hpp"
#include "sql/text_position.hpp"

namespace retort::config {
namespace {

// The commands lambda.allowed_commands may name, comma-separated.
std::string invocable_commands_text() {
  std::string result;
  for (std::string_view name : k_command_names) {
    if (is_invocable_command(name)) result += fmt::format("{}{}", result.empty() ? "" : ", ", name);
  }
  return result;
}

// `error` with its column counted in characters of its line, as Error's
// columns are (yaml-cpp counts bytes).
Error with_character_column(const Error& error, std::string_view text) {
  const auto& at = error.location();
  if (!at || at->line <= 0 || at->column <= 1) return error;
  std::size_t start = 0;
  for (int line = 1; line < at->line; ++line) {
    start = text.find('\n', start);
    if (start == std::string_view::npos) return error;
    ++start;
  }
  std::string_view line = text.substr(start, text.find('\n', start) - start);
  const int column = sql::character_column(line, at->column);
  if (column == at->column) return error;
  return Error(error.kind(), error.message(), SourceLocation{at->file, at->line, column},
               error.hint(), error.sqlstate());
}

// The 0-based line at or before `line` that starts a top-level key (a line
// that starts with neither a space nor '#'), else `line`.
int top_level_key_line(std::string_view text, int line) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  for (int i = std::min(line, static_cast<int>(lines.size()) - 1); i >= 0; --i) {
    const std::string_view candidate = lines[static_cast<std::size_t>(i)];
    if (!candidate.empty() && candidate.front() != ' ' && candidate.front() != '#') return i;
  }
  return std::max(line, 0);
}

class FileReader {
 public:
  FileReader(std::filesystem::path path, const Environment& environment)
      : m_path(std::move(path)), m_environment(environment) {}

  SourceLocation where(const YAML::Node& node) const {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) return SourceLocation{m_path.string(), 0, 0};
    return SourceLocation{m_path.string(), mark.line + 1, mark.column + 1};
  }

  [[noreturn]] void fail(const YAML::Node& node, std::string message, std::string hint = {}) const {
    throw Error(ErrorKind::config, std::move(message), where(node), std::move(hint));
  }

  // The interpolated text of a scalar value.
  std::string scalar(const YAML::Node& node, std::string_view key) const {
    if (!node.IsScalar()) {
      fail(node, fmt::format("`{}` must be a single value, not a {}", key,
                             node.IsMap() ? "mapping" : "list"));
    }
    SourceLocation location = where(node);
    // Quoted scalars start one column after the mark.
    if (node.Tag() == "!" && location.column > 0) ++location.column;
    return interpolate(node.Scalar(), m_environment, location);
  }

  // A list of strings: a YAML sequence of scalars, or one scalar split on spaces.
  std::vector<std::string> words(const YAML::Node& node, std::string_view key) const {
    std::vector<std::string> result;
    if (node.IsSequence()) {
      for (const auto& item : node) result.push_back(scalar(item, key));
      return result;
    }
    std::istringstream stream(scalar(node, key));
    for (std::string word; stream >> word;) result.push_back(word);
    return result;
  }

  void read_lambda(const YAML::Node& node, LambdaConfig& lambda) const {
    if (node.IsNull()) return;
    if (!node.IsMap())
      fail(node, "`lambda` must be a mapping with default_command and allowed_commands");
    std::set<std::string> seen;
    for (const auto& entry : node) {
      const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
      if (!seen.insert(key).second)
        fail(entry.first, fmt::format("duplicate key {}", text::quote("lambda." + key)));
      if (entry.second.IsNull()) continue;
      if (key == "default_command") {
        lambda.default_command = words(entry.second, "lambda.default_command");
        if (lambda.default_command.empty()) {
          fail(entry.second, "`lambda.default_command` must not be empty",
               "for example: default_command: [upgrade, head]");
        }
      } else if (key == "allowed_commands") {
        lambda.allowed_commands = words(entry.second, "lambda.allowed_commands");
        for (std::size_t i = 0; i < lambda.allowed_commands.size(); ++i) {
          if (!is_invocable_command(lambda.allowed_commands[i])) {
            fail(entry.second.IsSequence() ? entry.second[i] : entry.second,
                 fmt::format("unknown command {} in `lambda.allowed_commands`",
                             text::quote(lambda.allowed_commands[i])),
                 fmt::format("allowed: {}", invocable_commands_text()));
          }
        }
      } else if (key == "cloudformation") {
        const std::string mode = scalar(entry.second, "lambda.cloudformation");
        if (mode != "direct" && mode != "provider") {
          fail(entry.second, fmt::format("`lambda.cloudformation` is {}", text::quote(mode)),
               "use `provider` (the default: the result is returned to the caller) or "
               "`direct` (answer CloudFormation on the event's ResponseURL)");
        }
        lambda.cloudformation_direct = mode == "direct";
      } else if (key == "resumable") {
        const std::string value = scalar(entry.second, "lambda.resumable");
        const auto resumable = parse_bool(value);
        if (!resumable) {
          fail(entry.second,
               fmt::format("`lambda.resumable` must be true or false, got {}", text::quote(value)));
        }
        lambda.resumable = *resumable;
      } else if (key == "step_margin_s" || key == "step_estimate_s") {
        const std::string value = scalar(entry.second, "lambda." + key);
        const auto seconds = parse_seconds(value);
        if (!seconds) {
          fail(entry.second, fmt::format("`lambda.{}` must be {}, got {}", key,
                                         k_seconds_expectation, text::quote(value)));
        }
        auto& settings = lambda.resumable_settings;
        (key == "step_margin_s" ? settings.step_margin_s : settings.step_estimate_s) = *seconds;
      } else {
        fail(entry.first, fmt::format("unknown key {}; known keys: default_command, "
                                      "allowed_commands, cloudformation, resumable, "
                                      "step_margin_s, step_estimate_s",
                                      text::quote("lambda." + key)));
      }
    }
  }

  // The `aws:` mapping (retort/config.hpp AwsConfig).
  void read_aws(const YAML::Node& node, AwsConfig& aws) const {
    if (node.IsNull()) return;
    if (!node.IsMap()) fail(node, "`aws` must be a mapping such as `region: eu-west-1`");
    std::set<std::string> seen;
    for (const auto& entry : node) {
      const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
      if (!seen.insert(key).second)
        fail(entry.first, fmt::format("duplicate key {}", text::quote("aws." + key)));
      if (entry.second.IsNull()) continue;
      const std::string name = "aws." + key;
      const std::string value = scalar(entry.second, name);
      if (key == "region") {
        aws.region = value;
      } else if (key == "endpoint_url" || key == "secretsmanager_endpoint_url" ||
                 key == "ssm_endpoint_url" || key == "sts_endpoint_url") {
        if (!value.starts_with("https://") && !value.starts_with("http://")) {
          fail(entry.second, fmt::format("`{}` must be an http:// or https:// URL, got {}", name,
                                         text::quote(value)));
        }
        std::string& field = key == "endpoint_url" ? aws.endpoint_url
                             : key == "secretsmanager_endpoint_url"
                                 ? aws.secretsmanager_endpoint_url
                             : key == "ssm_endpoint_url" ? aws.ssm_endpoint_url
                                                         : aws.sts_endpoint_url;
        field = value;
      } else if (key == "ca_bundle") {
        aws.ca_bundle = (m_path.parent_path() / std::filesystem::path(value)).lexically_normal();
      } else if (key == "secrets_extension") {
        auto enabled = parse_bool(value);
        if (!enabled) fail(entry.second, fmt::format("`{}` must be true or false", name));
        aws.secrets_extension = *enabled;
      } else {
        fail(entry.first, fmt::format("unknown key {}; known keys: region, endpoint_url, "
                                      "secretsmanager_endpoint_url, ssm_endpoint_url, "
                                      "sts_endpoint_url, ca_bundle, secrets_extension",
                                      text::quote(name)));
      }
    }
  }

  void read(const YAML::Node& root, const std::set<std::string>& skip, Config& config) const {
    if (root.IsNull()) return;  // an empty file: defaults only
    if (!root.IsMap()) fail(root, "the config file must be a mapping of settings (key: value)");
    std::set<std::string> seen;
    for (const auto& entry : root) {
      if (!entry.first.IsScalar()) fail(entry.first, "config keys must be plain names");
      const std::string key = entry.first.Scalar();
      if (!is_scalar_key(key) && key != "lambda" && key != "aws") {
        std::string suggestion = closest_key(key);
        fail(entry.first,
             fmt::format("unknown key {}; known keys: {}", text::quote(key), known_keys_text()),
             suggestion.empty() ? std::string() : fmt::format("did you mean '{}'?", suggestion));
      }
      if (!seen.insert(key).second) {
        fail(entry.first, fmt::format("duplicate key {}", text::quote(key)));
      }
      if (key == "lambda") {
        read_lambda(entry.second, config.lambda);
        continue;
      }
      if (key == "aws") {
        read_aws(entry.second, config.aws);
        continue;
      }
      if (skip.count(key) != 0 || entry.second.IsNull()) continue;
      ValueOrigin origin{fmt::format("`{}`", key), where(entry.second), m_path.parent_path()};
      set_value(config, key, scalar(entry.second, key), origin);
    }
  }

 private:
  std::filesystem::path m_path;
  const Environment& m_environment;
};

}  // namespace

void read_config_file(const std::filesystem::path& path, const Environment& environment,
                      const std::set<std::string>& skip, Config& config) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(ErrorKind::config, fmt::format("cannot read config file: {}", std::strerror(errno)),
                SourceLocation{path.string()});
  }
  std::string text;
  char block[16 * 1024];
  while (in.read(block, sizeof block) || in.gcount() > 0) {
    text.append(block, static_cast<std::size_t>(in.gcount()));
    if (text.size() > k_max_config_file_bytes) {
      std::error_code unknown;
      const auto size = std::filesystem::file_size(path, unknown);
      throw Error(ErrorKind::config,
                  fmt::format("the config file is {} bytes; the limit is {} bytes",
                              unknown ? std::string("more than ") + std::to_string(text.size())
                                      : std::to_string(size),
                              k_max_config_file_bytes),
                  SourceLocation{path.string()}, "is it the right file?");
    }
  }
  try {
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::DeepRecursion& error) {
      // yaml-cpp's guard against a stack overflow; its own message is "bad file".
      const int line = top_level_key_line(text, error.mark.line);
      throw Error(ErrorKind::config, "invalid YAML: a value nests too deeply",
                  SourceLocation{path.string(), line + 1, 1},
                  "settings are single values; lambda's commands are a list of words");
    } catch (const YAML::Exception& error) {
      throw Error(ErrorKind::config, fmt::format("invalid YAML: {}", error.msg),
                  SourceLocation{path.string(), error.mark.line + 1, error.mark.column + 1});
    }
    FileReader(path, environment).read(root, skip, config);
  } catch (const Error& error) {
    throw with_character_column(error, text);
  }
}

}  // namespace retort::config
