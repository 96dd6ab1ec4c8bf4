// Lint of the steps a run is about to take (migrator/lint_gate.hpp).
#include "migrator/lint_gate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <memory>

#include "lint/lint_output.hpp"
#include "retort/error.hpp"

namespace retort::migrator {
namespace {

// How many error findings the refusal lists before "and N more".
constexpr std::size_t k_listed_errors = 10;

// A string literal for names the parser produced. nullopt for the rare
// name with a backslash or a NUL, which is then simply not estimated.
std::optional<std::string> literal(const std::string& text) {
  std::string result = "'";
  for (char c : text) {
    if (c == '\\' || c == '\0') return std::nullopt;
    if (c == '\'') result += '\'';
    result += c;
  }
  return result + "'";
}

std::optional<double> number(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc()) return std::nullopt;
  return value;
}

std::optional<TableEstimate> query_estimate(Database& database, const std::string& schema,
                                            const std::string& table) {
  auto schema_text = literal(schema);
  auto table_text = literal(table);
  if (!schema_text || !table_text) return std::nullopt;
  // to_regclass: nullopt for a table that does not exist (yet), no error.
  const std::string name = schema.empty() ? fmt::format("quote_ident({})", *table_text)
                                          : fmt::format("quote_ident({}) || '.' || quote_ident({})",
                                                        *schema_text, *table_text);
  auto rows = query_rows(
      database,
      fmt::format("SELECT greatest(c.reltuples, 0)::float8, pg_total_relation_size(c.oid) "
                  "FROM pg_catalog.pg_class c WHERE c.oid = pg_catalog.to_regclass({})",
                  name));
  if (rows.empty() || rows[0].size() < 2) return std::nullopt;
  auto estimated_rows = number(rows[0][0]);
  auto bytes = number(rows[0][1]);
  if (!estimated_rows || !bytes) return std::nullopt;
  return TableEstimate{*estimated_rows, static_cast<std::int64_t>(*bytes)};
}

std::string listed_error(const LintFinding& finding) {
  std::string line =
      fmt::format("  {}: {} {}", finding.location.to_string(), finding.code, finding.message);
  if (auto lock = lint::lock_text(finding); !lock.empty()) line += fmt::format(" [{}]", lock);
  return line;
}

}  // namespace

std::optional<int> server_version(Database& database) {
  auto rows = query_rows(database, "SHOW server_version_num");
  if (rows.empty() || rows[0].empty()) return std::nullopt;
  auto version = number(rows[0][0]);
  return version ? std::optional<int>(static_cast<int>(*version)) : std::nullopt;
}

LintFacts live_lint_facts(Database& database, bool lock_timeout_set, bool with_version) {
  LintFacts facts;
  facts.lock_timeout_set = lock_timeout_set;
  if (with_version) facts.server_version = server_version(database);
  auto cache = std::make_shared<
      std::map<std::pair<std::string, std::string>, std::optional<TableEstimate>>>();
  facts.table_estimate = [&database, cache](const std::string& schema, const std::string& table) {
    auto key = std::make_pair(schema, table);
    auto found = cache->find(key);
    if (found == cache->end())
      found = cache->emplace(key, query_estimate(database, schema, table)).first;
    return found->second;
  };
  return facts;
}

std::vector<LintSection> plan_sections(const RevisionGraph& graph, const Plan& plan) {
  std::vector<LintSection> sections;
  for (const auto& step : plan.steps) {
    if (step.direction == Direction::stamp || !step.revision) continue;
    const Revision& revision = graph.at(*step.revision);
    const bool downgrade = step.direction == Direction::downgrade;
    if (downgrade && !revision.downgrade) continue;  // refused elsewhere, before anything runs
    sections.push_back(LintSection{&revision, downgrade});
  }
  return sections;
}

std::vector<LintSection> script_sections(const std::vector<StepScript>& scripts) {
  std::vector<LintSection> sections;
  for (const auto& script : scripts) {
    if (script.section == nullptr) continue;
    sections.push_back(LintSection{script.revision, script.section != &script.revision->upgrade});
  }
  return sections;
}

LintReport lint_plan(const Config& config, const std::vector<StepScript>& scripts,
                     Database& database, bool lock_timeout_set, Reporter& reporter) {
  if (config.lint == LintMode::off) return {};
  auto sections = script_sections(scripts);
  if (sections.empty()) return {};
  // The server's version only decides syntax errors (RT001 or "not
  // checked") for the versions retort runs on: asked only when one is found.
  LintReport report =
      lint_sections(sections, live_lint_facts(database, lock_timeout_set, false), LintScope::plan);
  const bool syntax_error =
      std::any_of(report.findings.begin(), report.findings.end(),
                  [](const LintFinding& f) { return f.code == lint_code::syntax_error; });
  if (syntax_error) {
    report =
        lint_sections(sections, live_lint_facts(database, lock_timeout_set, true), LintScope::plan);
  }
  std::vector<const LintFinding*> errors;
  for (const auto& finding : report.findings) {
    const bool refused = finding.severity == LintSeverity::error && config.lint == LintMode::error;
    if (refused) errors.push_back(&finding);
    for (const auto& line : lint::finding_lines(finding)) {
      if (finding.severity == LintSeverity::info) {
        reporter.progress(line);
      } else if (!refused) {
        reporter.warning(line);
      }
    }
  }
  if (errors.empty()) return report;
  std::string message =
      fmt::format("lint refused the run: {} {} in the steps to run; nothing was run", errors.size(),
                  errors.size() == 1 ? "error" : "errors");
  for (std::size_t i = 0; i < errors.size() && i < k_listed_errors; ++i)
    message += "\n" + listed_error(*errors[i]);
  if (errors.size() > k_listed_errors)
    message += fmt::format("\n  and {} more (`retort lint --url ...` lists them all)",
                           errors.size() - k_listed_errors);
  const LintFinding& first = *errors.front();
  std::string hint = first.hint.empty() ? std::string() : first.hint + "; ";
  hint += fmt::format(
      "to run it anyway, put `-- retort:allow {} <reason>` above the statement, or set lint: warn",
      first.code);
  throw Error(ErrorKind::lint_failed, message, first.location, hint);
}

}  // namespace retort::migrator
