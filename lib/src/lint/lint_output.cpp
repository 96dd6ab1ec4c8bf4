// Text, JSON and SARIF forms of lint findings (lint/lint_output.hpp).
#include "lint/lint_output.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>

#include "retort/display_text.hpp"
#include "retort/error_text.hpp"
#include "text/source_excerpt.hpp"

namespace retort::lint {
namespace {

constexpr std::size_t k_shown_message_bytes = 400;

std::string shown(std::string_view text) {
  return retort::text::escape_controls(retort::text::shortened(text, k_shown_message_bytes));
}

// 1234567 -> "1,234,567".
std::string grouped(double rows) {
  auto digits = fmt::format("{:.0f}", std::max(0.0, rows));
  std::string result;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) result += ',';
    result += digits[i];
  }
  return result;
}

std::string byte_size(std::int64_t bytes) {
  constexpr const char* k_units[] = {"bytes", "kB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(k_units)) {
    value /= 1024;
    ++unit;
  }
  if (unit == 0) return fmt::format("{} bytes", bytes);
  return value < 10 ? fmt::format("{:.1f} {}", value, k_units[unit])
                    : fmt::format("{:.0f} {}", value, k_units[unit]);
}

}  // namespace

std::string lock_text(const LintFinding& finding) {
  if (finding.lock.empty()) return {};
  std::string line = finding.lock;
  if (!finding.relation.empty()) line += fmt::format(" on {}", shown(finding.relation));
  if (finding.estimated_rows) {
    line += fmt::format(", ~{} rows", grouped(*finding.estimated_rows));
    if (finding.estimated_bytes) line += fmt::format(", {}", byte_size(*finding.estimated_bytes));
    line += " (pg_class estimate)";
  }
  return line;
}

namespace {

const char* sarif_level(LintSeverity severity) {
  switch (severity) {
    case LintSeverity::error:
      return "error";
    case LintSeverity::warning:
      return "warning";
    case LintSeverity::info:
      return "note";
  }
  return "note";
}

// RFC 3986: unreserved characters and '/' stay, the rest is %XX.
std::string uri_path(std::string_view path) {
  std::string result;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      result += static_cast<char>(c);
    } else {
      result += fmt::format("%{:02X}", c);
    }
  }
  return result;
}

std::string artifact_uri(const std::string& file) {
  if (!file.empty() && file.front() == '/') return "file://" + uri_path(file);
  return uri_path(file);
}

std::size_t rule_index(std::string_view code) {
  const auto& rules = lint_rules();
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].code == code) return i;
  }
  return rules.size();
}

nlohmann::ordered_json sarif_rule(const LintRuleInfo& rule) {
  nlohmann::ordered_json descriptor;
  descriptor["id"] = rule.code;
  descriptor["name"] = rule.name;
  descriptor["shortDescription"] = {{"text", std::string(rule.why)}};
  descriptor["help"] = {{"text", std::string(rule.safe_form)}};
  descriptor["defaultConfiguration"] = {{"level", sarif_level(rule.severity)}};
  if (!rule.lock.empty()) descriptor["properties"] = {{"lock", std::string(rule.lock)}};
  return descriptor;
}

nlohmann::ordered_json sarif_result(const LintFinding& finding) {
  nlohmann::ordered_json result;
  result["ruleId"] = finding.code;
  if (auto index = rule_index(finding.code); index < lint_rules().size())
    result["ruleIndex"] = index;
  result["level"] = sarif_level(finding.severity);
  std::string text = finding.message;
  if (!finding.hint.empty()) text += " Safe form: " + finding.hint;
  result["message"] = {{"text", text}};
  nlohmann::ordered_json region;
  region["startLine"] = std::max(1, finding.location.line);
  if (finding.location.column > 0) region["startColumn"] = finding.location.column;
  if (!finding.source_line.empty()) region["snippet"] = {{"text", finding.source_line}};
  result["locations"] = nlohmann::ordered_json::array(
      {{{"physicalLocation",
         {{"artifactLocation", {{"uri", artifact_uri(finding.location.file)}}},
          {"region", region}}}}});
  nlohmann::ordered_json properties;
  properties["revision"] = finding.revision;
  properties["section"] = finding.section;
  if (!finding.lock.empty()) properties["lock"] = finding.lock;
  if (!finding.relation.empty()) properties["relation"] = finding.relation;
  if (finding.estimated_rows) properties["estimatedRows"] = *finding.estimated_rows;
  if (finding.estimated_bytes) properties["estimatedBytes"] = *finding.estimated_bytes;
  result["properties"] = properties;
  return result;
}

}  // namespace

std::vector<std::string> finding_lines(const LintFinding& finding) {
  std::vector<std::string> lines;
  lines.push_back(fmt::format("{}: {} {}: {}", shown(finding.location.to_string()), finding.code,
                              lint_severity_name(finding.severity), shown(finding.message)));
  if (finding.location.line > 0 && !finding.source_line.empty()) {
    for (auto& line :
         retort::text::source_excerpt(finding.source_line, finding.location.line,
                                      finding.location.column, k_source_window_columns)) {
      lines.push_back(std::move(line));
    }
  }
  if (!finding.lock.empty()) lines.push_back("  lock: " + lock_text(finding));
  if (!finding.hint.empty()) lines.push_back("  hint: " + shown(finding.hint));
  return lines;
}

std::string report_summary(const LintReport& report) {
  std::size_t counts[3] = {0, 0, 0};
  for (const auto& finding : report.findings) ++counts[static_cast<int>(finding.severity)];
  auto count = [](std::size_t n, const char* one, const char* many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
  };
  return fmt::format("{}, {}, {} in {} ({})", count(counts[2], "error", "errors"),
                     count(counts[1], "warning", "warnings"), count(counts[0], "note", "notes"),
                     count(report.sections, "section", "sections"),
                     count(report.statements, "statement", "statements"));
}

nlohmann::ordered_json finding_json(const LintFinding& finding) {
  nlohmann::ordered_json json;
  json["code"] = finding.code;
  const auto* rule = find_lint_rule(finding.code);
  json["rule"] = rule ? nlohmann::ordered_json(std::string(rule->name)) : nullptr;
  json["severity"] = lint_severity_name(finding.severity);
  json["file"] = finding.location.file;
  json["line"] = finding.location.line;
  json["column"] = finding.location.column;
  json["message"] = finding.message;
  json["hint"] = finding.hint;
  json["source_line"] = finding.source_line;
  auto text_or_null = [](const std::string& text) {
    return text.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(text);
  };
  json["lock"] = text_or_null(finding.lock);
  json["relation"] = text_or_null(finding.relation);
  json["estimated_rows"] =
      finding.estimated_rows ? nlohmann::ordered_json(*finding.estimated_rows) : nullptr;
  json["estimated_bytes"] =
      finding.estimated_bytes ? nlohmann::ordered_json(*finding.estimated_bytes) : nullptr;
  json["revision"] = finding.revision;
  json["section"] = finding.section;
  return json;
}

nlohmann::ordered_json sarif_log(const LintReport& report, const std::string& tool_version) {
  nlohmann::ordered_json driver;
  driver["name"] = "retort";
  driver["version"] = tool_version;
  auto& rules = driver["rules"] = nlohmann::ordered_json::array();
  for (const auto& rule : lint_rules()) rules.push_back(sarif_rule(rule));
  nlohmann::ordered_json run;
  run["tool"] = {{"driver", driver}};
  run["columnKind"] = "unicodeCodePoints";
  auto& results = run["results"] = nlohmann::ordered_json::array();
  for (const auto& finding : report.findings) results.push_back(sarif_result(finding));
  nlohmann::ordered_json log;
  log["version"] = "2.1.0";  // first, so that readers can sniff it
  log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  log["runs"] = nlohmann::ordered_json::array({run});
  return log;
}

}  // namespace retort::lint
