// `retort lint`: the safe-DDL checks of retort/lint.hpp over the files, or
// over the steps an upgrade would run on a live database.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "commands/json_output.hpp"
#include "lint/lint_output.hpp"
#include "migrator/lint_gate.hpp"
#include "retort/commands.hpp"
#include "retort/history.hpp"
#include "retort/plan.hpp"
#include "retort/target.hpp"

namespace retort {
namespace {

// The revisions RANGE names, oldest first.
std::vector<RevIndex> selected_revisions(const RevisionGraph& graph, const std::string& range) {
  std::vector<RevIndex> selected;
  if (range.empty()) {
    for (RevIndex r = 0; r < graph.size(); ++r) selected.push_back(r);
    return selected;
  }
  if (range.find(':') != std::string::npos) {
    selected = select_history(graph, range, {});
    std::reverse(selected.begin(), selected.end());
    return selected;
  }
  selected = resolve_revisions(graph, range);
  std::sort(selected.begin(), selected.end());
  return selected;
}

std::vector<LintSection> file_sections(const RevisionGraph& graph, const LintOptions& options) {
  std::vector<LintSection> sections;
  for (RevIndex r : selected_revisions(graph, options.range)) {
    const Revision& revision = graph.at(r);
    sections.push_back(LintSection{&revision, false});
    if (revision.downgrade && !options.upgrade_only)
      sections.push_back(LintSection{&revision, true});
  }
  return sections;
}

// The end of RANGE for a live check: what `upgrade` would be given.
std::string live_target(const std::string& range) {
  if (range.empty()) return "heads";
  const auto colon = range.find(':');
  if (colon == std::string::npos) return range;
  const std::string end = range.substr(colon + 1);
  return end.empty() ? std::string("heads") : end;
}

struct LiveCheck {
  LintReport report;
  std::optional<int> server_version;
};

LiveCheck lint_live(const CommandContext& context, const LintOptions& options) {
  const Config& config = context.config();
  const RevisionGraph& graph = context.graph_with_sql();
  auto rows = context.version_rows("`retort lint --url`");
  Plan plan = plan_upgrade(graph, rows, live_target(options.range));
  std::unique_ptr<Database> database;
  try {
    const Connector& connect = context.connector();  // empty: the plain libpq login
    database = connect ? connect(config.url, context.wait_s())
                       : connect_postgres(config.url, context.wait_s());
  } catch (const Error& error) {
    if (error.kind() != ErrorKind::database) throw;
    throw Error(error.kind(),
                fmt::format("`retort lint --url` reads the database: {}", error.message()),
                error.location(), error.hint(), error.sqlstate());
  }
  auto facts = migrator::live_lint_facts(*database, config.lock_timeout_s > 0);
  LiveCheck check;
  check.server_version = facts.server_version;
  check.report = lint_sections(migrator::plan_sections(graph, plan), facts, LintScope::plan);
  return check;
}

void list_rules(const CommandContext& context, Reporter& reporter) {
  if (context.json()) {
    auto document = json_output::document("lint");
    auto& rules = document["rules"] = nlohmann::ordered_json::array();
    for (const auto& rule : lint_rules()) {
      rules.push_back({{"code", rule.code},
                       {"name", rule.name},
                       {"severity", lint_severity_name(rule.severity)},
                       {"lock", rule.lock.empty() ? nlohmann::ordered_json(nullptr)
                                                  : nlohmann::ordered_json(rule.lock)},
                       {"why", rule.why},
                       {"safe_form", rule.safe_form}});
    }
    json_output::emit(reporter, document);
    return;
  }
  for (const auto& rule : lint_rules()) {
    reporter.output(fmt::format("{} {} ({}{}{})", rule.code, rule.name,
                                lint_severity_name(rule.severity), rule.lock.empty() ? "" : ", ",
                                rule.lock));
    reporter.output(fmt::format("    {}", rule.why));
    reporter.output(fmt::format("    safe form: {}", rule.safe_form));
  }
}

void emit_report(const CommandContext& context, const LintReport& report, bool live,
                 std::optional<int> server_version, Reporter& reporter) {
  if (context.format() == OutputFormat::sarif) {
    reporter.document(json_output::dump(lint::sarif_log(report, version_string())));
    return;
  }
  if (context.json()) {
    auto document = json_output::document("lint");
    document["mode"] = live ? "live" : "files";
    document["server_version"] = server_version ? nlohmann::ordered_json(*server_version) : nullptr;
    document["sections"] = report.sections;
    document["statements"] = report.statements;
    document["summary"] = lint::report_summary(report);
    auto& findings = document["findings"] = nlohmann::ordered_json::array();
    for (const auto& finding : report.findings) findings.push_back(lint::finding_json(finding));
    json_output::emit(reporter, document);
    return;
  }
  for (const auto& finding : report.findings) {
    for (const auto& line : lint::finding_lines(finding)) reporter.output(line);
  }
  reporter.output(fmt::format("{}: {}", live ? "lint of the pending steps" : "lint",
                              lint::report_summary(report)));
}

// Paths under the working directory shown relative to it, as a CI log and
// code scanning (SARIF's relative URIs) want them.
void relative_paths(LintReport& report, const std::filesystem::path& working_dir) {
  if (working_dir.empty()) return;
  for (auto& finding : report.findings) {
    const std::filesystem::path file(finding.location.file);
    if (!file.is_absolute()) continue;
    auto relative = file.lexically_relative(working_dir);
    if (!relative.empty() && *relative.begin() != "..") finding.location.file = relative.string();
  }
}

}  // namespace

void run_lint(const CommandContext& context, const LintOptions& options, Reporter& reporter) {
  if (options.list_rules) {
    list_rules(context, reporter);
    return;
  }
  const bool live = options.live || context.url_given();
  LintReport report;
  std::optional<int> server_version;
  if (live) {
    auto check = lint_live(context, options);
    report = std::move(check.report);
    server_version = check.server_version;
  } else {
    LintFacts facts;
    facts.lock_timeout_set = context.config().lock_timeout_s > 0;
    if (int major = context.config().postgres_version; major > 0)
      facts.server_version = major * 10000;
    report = lint_sections(file_sections(context.graph_with_sql(), options), facts,
                           LintScope::each_revision);
  }
  relative_paths(report, context.working_dir());
  emit_report(context, report, live, server_version, reporter);
  const auto worst = report.worst();
  if (worst && *worst >= LintSeverity::warning) {
    throw Error(ErrorKind::lint_failed, fmt::format("lint found {}", lint::report_summary(report)),
                std::nullopt,
                "use the safe forms the hints give, or put `-- retort:allow CODE <reason>` above "
                "a statement that is safe here (e.g. a small table)");
  }
}

}  // namespace retort
