// The progress row of a transaction:false section part-way through
// (docs/architecture.md §5.7): reading it, and deciding whether a plan may
// resume it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "migrator/step_script.hpp"
#include "retort/database.hpp"
#include "retort/migrate.hpp"
#include "retort/plan.hpp"

namespace retort::migrator {

struct ProgressRow {
  PartialSection section;
  std::string section_checksum;  // of the whole section when it started
  std::string done_checksum;     // statements_checksum() of the statements done
  std::vector<VersionChange> version_changes;
};

// Parses a row of select_progress_sql(). Throws Error(ErrorKind::database)
// for a row retort did not write.
ProgressRow parse_progress_row(const Row& row, const TableNames& names);

// Who runs this process, for the progress row: "Lambda <function>" inside
// AWS Lambda, else "<host> pid <pid>".
std::string client_identity();

// With a section part-way through, a run may change the database only when
// its plan runs that section (same revision and direction, still
// transaction:false) and the statements already done are unchanged in the
// file. Returns the index of that step; throws Error(ErrorKind::migration)
// saying what to do otherwise. `command` names the run ("upgrade").
std::size_t resumable_step(const ProgressRow& progress, const Plan& plan,
                           const std::vector<StepScript>& scripts, std::string_view command);

}  // namespace retort::migrator
