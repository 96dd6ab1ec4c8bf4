#include "migrator/step_schedule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "database/sqlstate.hpp"
#include "migrator/deadline.hpp"

namespace retort::migrator {
namespace {

bool fits_in(double needed_s, double available_s) {
  return needed_s <= available_s;
}

// "1.0 s (its last upgrade in the history table)", "1.0 s (no history: the
// default estimate)", "2.4 s (no history: the longest step of this run)".
std::string estimate_text(const StepEstimate& estimate, double default_s) {
  if (estimate.from_history) {
    return fmt::format("{:.1f} s (its last upgrade in the history table)", estimate.seconds);
  }
  return fmt::format(
      "{:.1f} s (no history: {})", estimate.seconds,
      estimate.seconds > default_s ? "the longest step of this run" : "lambda.step_estimate_s");
}

std::optional<double> parse_milliseconds(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

StepDecision decide_step(const StepSituation& situation) {
  const double needed = situation.estimate.seconds + situation.margin_s;
  if (fits_in(needed, situation.time_left_s)) return StepDecision::start;
  if (!situation.first) return StepDecision::stop;
  if (fits_in(needed, situation.fresh_time_s)) return StepDecision::stop;
  if (situation.estimate.from_history && !situation.splittable) return StepDecision::cannot_fit;
  return StepDecision::start;
}

double safety_margin(const ResumableSettings& settings, double estimate_s) {
  return settings.step_margin_s + estimate_s / 4;
}

std::map<std::string, double> read_upgrade_durations(Database& database, const TableNames& names) {
  std::map<std::string, double> durations;
  if (names.history_table.empty()) return durations;
  try {
    for (const auto& row : query_rows(database, upgrade_durations_sql(names))) {
      if (row.size() < 2 || !row[0]) continue;
      if (auto ms = parse_milliseconds(row[1])) durations[*row[0]] = *ms;
    }
  } catch (const QueryFailed& failed) {
    if (failed.error().sqlstate != sqlstate::k_undefined_table) throw;
  }
  return durations;
}

StepScheduler::StepScheduler(ResumableSettings settings, Clock::time_point deadline,
                             std::map<std::string, double> recorded_ms, double lock_waited_s,
                             Now now)
    : m_settings(settings),
      m_deadline(deadline),
      m_recorded_ms(std::move(recorded_ms)),
      m_lock_waited_s(std::max(0.0, lock_waited_s)),
      m_now(std::move(now)) {}

double StepScheduler::time_left_s() const {
  return std::chrono::duration<double>(m_deadline - m_now()).count();
}

StepEstimate StepScheduler::estimate(const std::string& revision) const {
  auto recorded = m_recorded_ms.find(revision);
  if (recorded != m_recorded_ms.end()) return StepEstimate{recorded->second / 1000, true};
  return StepEstimate{std::max(m_settings.step_estimate_s, m_longest_step_s), false};
}

StepDecision StepScheduler::before_step(const std::string& revision, bool splittable) {
  m_last.estimate = estimate(revision);
  m_last.time_left_s = time_left_s();
  m_last.fresh_time_s = m_last.time_left_s + m_lock_waited_s;
  m_last.margin_s = safety_margin(m_settings, m_last.estimate.seconds);
  m_last.first = m_started == 0;
  m_last.splittable = splittable;
  const StepDecision decision = decide_step(m_last);
  if (decision == StepDecision::start) ++m_started;
  return decision;
}

void StepScheduler::step_finished(double seconds) {
  m_longest_step_s = std::max(m_longest_step_s, seconds);
}

bool StepScheduler::pause_before_statement(double longest_statement_s) {
  m_last.estimate = StepEstimate{longest_statement_s, false};
  m_last.time_left_s = time_left_s();
  m_last.fresh_time_s = m_last.time_left_s;
  m_last.margin_s = safety_margin(m_settings, longest_statement_s);
  m_last.first = false;
  m_last.splittable = true;
  return decide_step(m_last) != StepDecision::start;
}

bool StepScheduler::deadline_passed() const {
  return m_now() >= m_deadline;
}

std::string StepScheduler::last_decision_text() const {
  return fmt::format(
      "expected to take {} plus a safety margin of {:.1f} s; {:.1f} s left before "
      "the deadline",
      estimate_text(m_last.estimate, m_settings.step_estimate_s), m_last.margin_s,
      std::max(0.0, m_last.time_left_s));
}

Error StepScheduler::cannot_fit_error(const std::string& step_text,
                                      const Revision& revision) const {
  std::string message = fmt::format(
      "{} cannot finish within one Lambda invocation: revision {} is expected to take {} plus a "
      "safety margin of {:.1f} s, and an invocation has {:.1f} s for it",
      step_text, revision.id.str(), estimate_text(m_last.estimate, m_settings.step_estimate_s),
      m_last.margin_s, std::max(0.0, m_last.fresh_time_s));
  message += "\n  nothing was started; the version table is unchanged";
  return Error(ErrorKind::step_too_long, std::move(message), SourceLocation{revision.path},
               lambda_ways_out());
}

}  // namespace retort::migrator
