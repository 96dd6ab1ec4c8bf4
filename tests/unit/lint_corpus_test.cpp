// lint_sections() over every .sql file of the repository's test data and
// corpora: it never throws, and every finding names a known rule, a line of
// its file and a message. The example project (migrations/) applied from
// empty has nothing to warn about.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "files/migration_parser.hpp"
#include "retort/error.hpp"
#include "retort/lint.hpp"
#include "retort/migration_files.hpp"
#include "retort/plan.hpp"
#include "retort/revision_graph.hpp"

namespace retort {
namespace {

namespace fs = std::filesystem;

const fs::path k_source_dir = RETORT_SOURCE_DIR;

// The directories whose .sql files are linted, relative to the source dir.
const char* const k_sql_dirs[] = {"tests/testdata", "tests/fuzz", "bench/lint_corpus",
                                  "migrations"};

std::vector<fs::path> corpus_files() {
  std::vector<fs::path> files;
  for (const char* dir : k_sql_dirs) {
    const fs::path root = k_source_dir / dir;
    if (!fs::is_directory(root)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (entry.is_regular_file() && entry.path().extension() == ".sql") {
        files.push_back(entry.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int line_count(const std::string& text) {
  return 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

// A file that is no migration file: its whole text as an upgrade section
// starting on line 1.
Revision raw_revision(const std::string& text, const std::string& path) {
  Revision revision =
      parse_migration_file("-- revision: raw\n-- down_revision:\n\n-- migrate:upgrade\n", path);
  revision.upgrade.sql = text;
  revision.upgrade.marker_line = 0;
  revision.upgrade.first_line = 1;
  return revision;
}

LintFacts live_facts() {
  LintFacts facts;
  facts.lock_timeout_set = true;
  facts.server_version = 170000;
  facts.table_estimate = [](const std::string&, const std::string&) {
    return std::optional<TableEstimate>(TableEstimate{1e6, std::int64_t{1} << 30});
  };
  return facts;
}

TEST(LintCorpus, EveryFileLintsWithKnownCodesOnItsLines) {
  const auto files = corpus_files();
  ASSERT_GT(files.size(), 50u) << "no corpus under " << k_source_dir;
  const LintFacts facts[] = {LintFacts{}, live_facts()};
  std::size_t parsed = 0, findings = 0;
  for (const auto& path : files) {
    const std::string text = read_file(path);
    const std::string name = fs::relative(path, k_source_dir).string();
    Revision revision = raw_revision(text, name);
    try {
      revision = files::parse_migration(text, name).revision;
      ++parsed;
    } catch (const Error&) {
      // Deliberately broken migration files: lint the raw text.
    }
    std::vector<LintSection> sections{{&revision, false}};
    if (revision.downgrade) sections.push_back({&revision, true});
    const int lines = line_count(text);
    for (const auto& fact : facts) {
      for (LintScope scope : {LintScope::each_revision, LintScope::plan}) {
        LintReport report;
        ASSERT_NO_THROW(report = lint_sections(sections, fact, scope)) << name;
        EXPECT_LE(report.sections, sections.size()) << name;
        for (const auto& finding : report.findings) {
          ++findings;
          EXPECT_NE(find_lint_rule(finding.code), nullptr) << name << ": " << finding.code;
          EXPECT_GE(finding.location.line, 1) << name << ": " << finding.code;
          EXPECT_LE(finding.location.line, lines) << name << ": " << finding.code;
          EXPECT_FALSE(finding.message.empty()) << name << ": " << finding.code;
          EXPECT_TRUE(finding.section == "upgrade" || finding.section == "downgrade")
              << name << ": " << finding.code << " in '" << finding.section << "'";
        }
      }
    }
  }
  EXPECT_GT(parsed, 40u);
  EXPECT_GT(findings, 0u);  // the corpus has a firing file for every rule
}

TEST(LintCorpus, ExampleProjectAppliesFromEmptyWithoutWarnings) {
  const RevisionGraph graph(load_migrations(k_source_dir / "migrations"));
  const Plan plan = plan_upgrade(graph, {}, "heads");
  ASSERT_FALSE(plan.steps.empty());
  std::vector<LintSection> sections;
  for (const auto& step : plan.steps) sections.push_back({&graph.at(*step.revision), false});
  LintFacts facts;
  facts.lock_timeout_set = true;  // config/retort.yaml sets lock_timeout_s
  const LintReport report = lint_sections(sections, facts, LintScope::plan);
  EXPECT_EQ(report.sections, sections.size());
  for (const auto& finding : report.findings) {
    EXPECT_LT(finding.severity, LintSeverity::warning)
        << finding.location.file << ":" << finding.location.line << ": " << finding.code << " "
        << finding.message;
  }
}

}  // namespace
}  // namespace retort
