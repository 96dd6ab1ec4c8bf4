// Lint before a run (docs/architecture.md §5.10): the sections a plan is
// about to run, checked with what the live server knows, and the run refused
// before its first step when the configuration says so. Also the live facts
// of `retort lint --url`.
#pragma once

#include <vector>

#include "migrator/step_script.hpp"
#include "retort/config.hpp"
#include "retort/database.hpp"
#include "retort/lint.hpp"
#include "retort/plan.hpp"
#include "retort/reporter.hpp"
#include "retort/revision_graph.hpp"

namespace retort::migrator {

// Table estimates read from pg_class on first use of each table (cached;
// nullopt for a table that does not exist) and, `with_version`, the
// server's version (server_version_num). `database` must outlive the facts
// and be free to query whenever lint asks (no statement running).
LintFacts live_lint_facts(Database& database, bool lock_timeout_set, bool with_version = true);

// The upgrade and downgrade sections the steps of `plan` run, in its order
// (stamp steps run none).
std::vector<LintSection> plan_sections(const RevisionGraph& graph, const Plan& plan);

// The sections `scripts` run, in their order (stamps run none).
std::vector<LintSection> script_sections(const std::vector<StepScript>& scripts);

// Lints what `scripts` (the steps of a plan) run (LintScope::plan) unless
// config.lint is off.
// Warnings and errors are reported as Reporter::warning lines, notes as
// progress. With lint: error, any error finding throws
// Error(ErrorKind::lint_failed) before anything has run, located at the
// first of them and listing them all. Returns the report (empty when off).
LintReport lint_plan(const Config& config, const std::vector<StepScript>& scripts,
                     Database& database, bool lock_timeout_set, Reporter& reporter);

}  // namespace retort::migrator
