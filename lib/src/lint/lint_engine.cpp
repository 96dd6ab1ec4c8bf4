// lint_sections() (retort/lint.hpp): parse each section, run the rules over
// its statements with what the scope knows, apply the suppressions, place
// and grade the findings.
#include <fmt/format.h>

#include <map>

#include "lint/rule_context.hpp"
#include "lint/section_text.hpp"
#include "lint/sql_parser.hpp"
#include "retort/display_text.hpp"

namespace retort {
namespace {

using lint::DraftFinding;
using lint::TableName;
using lint::tree::Json;

// Grading by size (docs/architecture.md §5.10).
constexpr double k_small_rows = 10'000;
constexpr std::int64_t k_small_bytes = 100LL * 1024 * 1024;
constexpr double k_big_rows = 1'000'000;
constexpr std::int64_t k_big_bytes = 1024LL * 1024 * 1024;

class EstimateCache {
 public:
  explicit EstimateCache(const LintFacts& facts) : m_facts(facts) {}
  std::optional<TableEstimate> get(const TableName& table) {
    if (!m_facts.table_estimate) return std::nullopt;
    auto found = m_cache.find(table.key());
    if (found == m_cache.end())
      found = m_cache.emplace(table.key(), m_facts.table_estimate(table.schema, table.name)).first;
    return found->second;
  }

 private:
  const LintFacts& m_facts;
  std::map<std::string, std::optional<TableEstimate>> m_cache;
};

// One section being checked.
struct SectionRun {
  const LintSection& target;
  const Section& section;
  lint::LineIndex lines;
  LintReport& report;
  EstimateCache& estimates;

  LintFinding finding(std::string_view code, std::size_t offset, std::string message,
                      std::string hint) const {
    LintFinding result;
    result.code = std::string(code);
    const auto* rule = find_lint_rule(code);
    result.severity = rule ? rule->severity : LintSeverity::warning;
    const auto position = sql::rebase_position(lines.at(offset), {section.first_line, 1});
    result.location = SourceLocation{target.revision->path, position.line, position.column};
    result.source_line = std::string(lines.line_text(offset));
    result.message = std::move(message);
    result.hint = std::move(hint);
    result.revision = target.revision->id.str();
    result.section = target.downgrade ? "downgrade" : "upgrade";
    return result;
  }

  void add(DraftFinding draft) {
    LintFinding result =
        finding(draft.code, draft.offset, std::move(draft.message), std::move(draft.hint));
    result.lock = std::move(draft.lock);
    if (draft.table) {
      result.relation = draft.table->shown();
      if (auto estimate = estimates.get(*draft.table)) grade(result, *estimate);
    }
    report.findings.push_back(std::move(result));
  }

  static void grade(LintFinding& finding, const TableEstimate& estimate) {
    finding.estimated_rows = estimate.rows;
    finding.estimated_bytes = estimate.bytes;
    if (finding.code == lint_code::not_null_without_default && estimate.rows > 0) {
      finding.severity = LintSeverity::error;  // it fails on a table with rows
    } else if (estimate.rows >= k_big_rows || estimate.bytes >= k_big_bytes) {
      finding.severity = LintSeverity::error;
    } else if (estimate.rows < k_small_rows && estimate.bytes < k_small_bytes) {
      finding.severity = LintSeverity::info;
    }
  }
};

// A SET [LOCAL] lock_timeout in the section: true for a value other than 0.
std::optional<bool> sets_lock_timeout(const Json& statement) {
  const Json* set = lint::tree::as(statement, "VariableSetStmt");
  if (set == nullptr || lint::tree::text(*set, "name") != "lock_timeout") return std::nullopt;
  const std::string dumped = set->value("args", Json::array()).dump();
  // libpg_query leaves a zero out of its JSON: {"ival":{}}.
  const bool zero =
      dumped.find("\"ival\":0") != std::string::npos ||
      dumped.find("\"ival\":{}") != std::string::npos ||
      dumped.find("\"sval\":\"0\"") != std::string::npos ||
      (dumped.find("ival") == std::string::npos && dumped.find("sval") == std::string::npos &&
       dumped.find("fval") == std::string::npos);
  return !zero;
}

void syntax_finding(SectionRun& run, const lint::SyntaxError& error, const LintFacts& facts) {
  const std::size_t offset = error.offset.value_or(0);
  const int grammar = lint::grammar_major_version();
  if (facts.server_version && *facts.server_version / 10000 > grammar) {
    run.report.findings.push_back(run.finding(
        lint_code::not_checked, offset,
        fmt::format("not checked: PostgreSQL {}'s grammar does not parse this section ({}); the "
                    "server is PostgreSQL {}, whose syntax may be newer",
                    grammar, text::shortened(error.message, 200), *facts.server_version / 10000),
        "nothing to do: the server parses it when the section runs"));
    return;
  }
  run.report.findings.push_back(
      run.finding(lint_code::syntax_error, offset, text::shortened(error.message, 300),
                  "fix the statement at the caret; the server would refuse the section there"));
}

// Which statement a suppression comment at `offset` belongs to: the one
// before it when the comment ends that statement's line, else the next.
std::optional<std::size_t> suppressed_statement(
    const std::vector<lint::ParsedStatement>& statements, const std::vector<std::size_t>& starts,
    const lint::LineIndex& lines, std::size_t offset) {
  for (std::size_t i = 0; i < statements.size(); ++i) {
    const std::size_t end = statements[i].offset + statements[i].length;
    const bool before_next = i + 1 == statements.size() || offset < starts[i + 1];
    if (offset >= end && before_next && lines.at(offset).line == lines.at(end).line) return i;
    if (offset >= statements[i].offset && offset < starts[i]) return i;
  }
  return std::nullopt;
}

void lint_section(SectionRun& run, lint::ScopeMemory& memory, const LintFacts& facts) {
  const std::string& sql = run.section.sql;
  auto parsed = lint::parse_sql(sql);
  if (parsed.error) return syntax_finding(run, *parsed.error, facts);
  const auto& statements = parsed.statements;
  run.report.statements += statements.size();
  std::vector<std::size_t> starts;
  for (const auto& statement : statements)
    starts.push_back(lint::first_token(sql, statement.offset, statement.offset + statement.length));

  std::vector<DraftFinding> drafts;
  std::vector<std::size_t> draft_statement;
  bool lock_timeout = facts.lock_timeout_set;
  bool reported_timeout = false;
  std::optional<TableName> held;  // ACCESS EXCLUSIVE on an existing table, this transaction
  std::size_t held_at = 0;
  bool reported_held = false;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    const Json& tree = statements[i].tree;
    lint::RuleContext context{memory,    facts, run.section.transactional, run.target.downgrade,
                              starts[i], drafts};
    if (held && !reported_held && run.section.transactional) {
      reported_held = true;
      context.report(
          lint_code::held_access_exclusive,
          fmt::format("this statement runs while the ACCESS EXCLUSIVE lock on {} "
                      "taken on line {} is held: reads and writes of it wait until "
                      "the section commits",
                      held->shown(), run.lines.at(held_at).line + run.section.first_line - 1),
          "put the statement that takes the lock in a step of its own, or last in "
          "its section",
          "ACCESS EXCLUSIVE", *held);
    }
    lint::check_statement(tree, context);
    if (auto sets = sets_lock_timeout(tree)) lock_timeout = *sets;
    for (const auto& lock : lint::relation_locks(tree)) {
      const TableName table{lock.schema, lock.relation};
      if (!context.existing(table)) continue;
      if (lint::blocks_writes(lock.mode) && !lock_timeout && !reported_timeout) {
        reported_timeout = true;
        context.report(lint_code::no_lock_timeout,
                       fmt::format("{} on {} is taken with no lock_timeout: waiting behind one "
                                   "long query, it makes every later query on the table wait",
                                   lint::lock_mode_name(lock.mode), table.shown()),
                       "set lock_timeout_s (e.g. 2) with lock_retries in the config, or SET "
                       "lock_timeout in the section",
                       lint::lock_mode_name(lock.mode), table);
      }
      if (lock.mode == lint::LockMode::access_exclusive && !held) {
        held = table;
        held_at = starts[i];
      }
    }
    lint::remember_created(tree, memory);
    draft_statement.resize(drafts.size(), i);
  }

  // Suppressions: between statements, and after the last.
  std::vector<lint::Suppression> suppressions;
  for (std::size_t i = 0; i <= statements.size(); ++i) {
    const std::size_t from = i == 0 ? 0 : statements[i - 1].offset + statements[i - 1].length;
    const std::size_t to = i < statements.size() ? starts[i] : sql.size();
    for (auto& s : lint::suppressions_between(sql, from, to)) suppressions.push_back(std::move(s));
  }
  std::vector<bool> used(suppressions.size(), false);
  for (std::size_t d = 0; d < drafts.size(); ++d) {
    bool suppressed = false;
    for (std::size_t s = 0; s < suppressions.size(); ++s) {
      const auto& codes = suppressions[s].codes;
      if (std::find(codes.begin(), codes.end(), drafts[d].code) == codes.end()) continue;
      if (suppressed_statement(statements, starts, run.lines, suppressions[s].offset) !=
          draft_statement[d])
        continue;
      used[s] = true;
      suppressed = true;
    }
    if (!suppressed) run.add(std::move(drafts[d]));
  }
  for (std::size_t s = 0; s < suppressions.size(); ++s) {
    const auto& suppression = suppressions[s];
    std::string unknown;
    for (const auto& code : suppression.codes) {
      if (find_lint_rule(code) == nullptr && unknown.empty()) unknown = code;
    }
    if (suppression.codes.empty() || !unknown.empty()) {
      run.report.findings.push_back(run.finding(
          lint_code::unused_suppression, suppression.offset,
          suppression.codes.empty()
              ? std::string("retort:allow names no code")
              : fmt::format("retort:allow names {}, which is no rule's code", text::quote(unknown)),
          "name a code from `retort lint --rules`, e.g. -- retort:allow RT101 <reason>"));
      continue;
    }
    if (!used[s]) {
      run.report.findings.push_back(run.finding(
          lint_code::unused_suppression, suppression.offset,
          fmt::format("retort:allow {} suppresses nothing on the statement next to it",
                      suppression.codes.front()),
          "remove it, or put it just above the statement whose finding it is meant for"));
    }
    if (suppression.reason.empty()) {
      run.report.findings.push_back(
          run.finding(lint_code::suppression_without_reason, suppression.offset,
                      "retort:allow without a reason",
                      "say why the lock is safe here: -- retort:allow CODE the table has 40 rows"));
    }
  }
}

// The revision's own objects (what its upgrade creates), for its downgrade.
void remember_upgrade_objects(const Revision& revision, lint::ScopeMemory& memory) {
  auto parsed = lint::parse_sql(revision.upgrade.sql);
  for (const auto& statement : parsed.statements) lint::remember_own(statement.tree, memory);
}

}  // namespace

LintReport lint_sections(const std::vector<LintSection>& sections, const LintFacts& facts,
                         LintScope scope) {
  LintReport report;
  lint::ScopeMemory memory;
  EstimateCache estimates(facts);
  const Revision* current = nullptr;
  for (const auto& target : sections) {
    if (target.revision == nullptr) continue;
    if (target.downgrade && !target.revision->downgrade) continue;
    if (scope == LintScope::each_revision && target.revision != current) {
      // Ancestors count as applied: their constraints stay known, their
      // tables stop being new.
      memory.new_relations.clear();
      memory.own_relations.clear();
      memory.own_columns.clear();
    }
    current = target.revision;
    if (target.downgrade) {
      memory.own_relations.clear();
      memory.own_columns.clear();
      remember_upgrade_objects(*target.revision, memory);
      if (scope == LintScope::each_revision) memory.new_relations.clear();
    }
    const Section& section =
        target.downgrade ? *target.revision->downgrade : target.revision->upgrade;
    SectionRun run{target, section, lint::LineIndex(section.sql), report, estimates};
    ++report.sections;
    const std::size_t first = report.findings.size();
    lint_section(run, memory, facts);
    std::stable_sort(report.findings.begin() + static_cast<std::ptrdiff_t>(first),
                     report.findings.end(), [](const LintFinding& a, const LintFinding& b) {
                       return std::tie(a.location.line, a.location.column) <
                              std::tie(b.location.line, b.location.column);
                     });
  }
  return report;
}

}  // namespace retort
