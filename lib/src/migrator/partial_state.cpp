#include "migrator/partial_state.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "migrator/checksum.hpp"
#include "retort/display_text.hpp"
#include "retort/error.hpp"

namespace retort {

std::string PartialSection::describe() const {
  return fmt::format("partially applied: {} {}, statement {} of {} done, started {} by {}",
                     revision, to_string(direction), statements_done, statements_total, started_at,
                     started_by);
}

}  // namespace retort

namespace retort::migrator {
namespace {

std::size_t parse_count(const std::optional<std::string>& text, const TableNames& names) {
  std::size_t value = 0;
  if (text) {
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec == std::errc() && end == text->data() + text->size()) return value;
  }
  throw Error(ErrorKind::database,
              fmt::format("{} holds a row retort cannot read (statement count {})",
                          names.qualified_progress(), text::quote(text.value_or("NULL"))),
              std::nullopt, "was the table changed by hand? `retort resolve` needs a valid row");
}

const std::string& field(const Row& row, std::size_t index) {
  static const std::string empty;
  return index < row.size() && row[index] ? *row[index] : empty;
}

std::string resolve_hint(const PartialSection& section) {
  return fmt::format(
      "if you repaired the database by hand, record the outcome with `retort resolve {} "
      "--applied` (the section's changes are all in place) or `--not-applied` (none are)",
      section.revision);
}

}  // namespace

ProgressRow parse_progress_row(const Row& row, const TableNames& names) {
  ProgressRow progress;
  auto& section = progress.section;
  section.revision = field(row, 0);
  const std::string& direction = field(row, 1);
  if (direction == "upgrade") {
    section.direction = Direction::upgrade;
  } else if (direction == "downgrade") {
    section.direction = Direction::downgrade;
  } else {
    throw Error(ErrorKind::database,
                fmt::format("{} holds a row retort cannot read (direction {})",
                            names.qualified_progress(), text::quote(direction)));
  }
  progress.section_checksum = field(row, 2);
  section.statements_done = parse_count(row.size() > 3 ? row[3] : std::nullopt, names);
  section.statements_total = parse_count(row.size() > 4 ? row[4] : std::nullopt, names);
  progress.done_checksum = field(row, 5);
  auto changes = decode_version_changes(field(row, 6));
  if (!changes) {
    throw Error(ErrorKind::database,
                fmt::format("{} holds a row retort cannot read (version changes {})",
                            names.qualified_progress(), text::quote(field(row, 6))));
  }
  progress.version_changes = std::move(*changes);
  section.started_at = field(row, 7);
  section.started_by = field(row, 8);
  return progress;
}

std::string client_identity() {
  if (const char* function = std::getenv("AWS_LAMBDA_FUNCTION_NAME"); function && *function) {
    return fmt::format("Lambda {}", text::shortened(function, 64));
  }
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') {
    std::snprintf(host, sizeof host, "unknown host");
  }
  return fmt::format("{} pid {}", text::shortened(host, 64), ::getpid());
}

std::size_t resumable_step(const ProgressRow& progress, const Plan& plan,
                           const std::vector<StepScript>& scripts, std::string_view command) {
  const PartialSection& section = progress.section;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const StepScript& script = scripts[i];
    if (script.revision == nullptr || plan.steps[i].direction != section.direction ||
        script.revision->id.str() != section.revision) {
      continue;
    }
    if (script.transactional) {
      throw Error(ErrorKind::migration,
                  fmt::format("{}\n  the file's {} section is no longer transaction:false, so "
                              "retort cannot resume it",
                              section.describe(), to_string(section.direction)),
                  SourceLocation{script.revision->path, script.section->first_line, 0},
                  resolve_hint(section));
    }
    const std::size_t done = section.statements_done;
    if (done > 0 && (done > script.statements.size() ||
                     statements_checksum(script.statements, done) != progress.done_checksum)) {
      throw Error(
          ErrorKind::migration,
          fmt::format("{}\n  the {} statement(s) that ran have changed in the file since, so "
                      "retort cannot tell what is left to run",
                      section.describe(), done),
          SourceLocation{script.revision->path, script.section->first_line, 0},
          fmt::format("restore the first {} statement(s) of the section as they were to resume "
                      "it; or {}",
                      done, resolve_hint(section)));
    }
    return i;
  }
  const char* finish = section.direction == Direction::upgrade
                           ? "run `retort upgrade` to a target that includes it (it resumes)"
                           : "run the downgrade again (it resumes)";
  throw Error(ErrorKind::migration,
              fmt::format("{}\n  this {} does not run that section, so it would build on a "
                          "half-done change",
                          section.describe(), command),
              std::nullopt, fmt::format("{}; or {}", finish, resolve_hint(section)));
}

}  // namespace retort::migrator
