// The scheduling of resumable runs (migrator/step_schedule.hpp): the pure
// start / stop / cannot-fit decision with fixed inputs, the safety margin, and
// the scheduler's estimates (history, default, longest step) on a fake clock.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "migrator/step_schedule.hpp"
#include "retort/error.hpp"
#include "support/graph_builder.hpp"

namespace retort::migrator {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::duration_cast;
using std::chrono::milliseconds;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(StepDecision, FromFixedInputs) {
  struct Row {
    const char* name;
    double time_left_s, fresh_time_s, margin_s;
    StepEstimate estimate;
    bool first, splittable;
    StepDecision expected;
  };
  const std::vector<Row> rows = {
      {"fits with room", 10, 10, 2, {1, false}, false, false, StepDecision::start},
      {"fits exactly", 3, 3, 2, {1, false}, false, false, StepDecision::start},
      {"history fits", 10, 10, 2, {7.9, true}, false, false, StepDecision::start},
      {"later step does not fit", 2.9, 2.9, 2, {1, false}, false, false, StepDecision::stop},
      {"later step from history does not fit",
       4,
       4,
       2.75,
       {3, true},
       false,
       false,
       StepDecision::stop},
      {"later step would not fit even a fresh invocation: stop, the next one refuses it",
       5,
       5,
       7,
       {20, true},
       false,
       false,
       StepDecision::stop},
      {"later section does not fit", 1, 1, 2, {1, false}, false, true, StepDecision::stop},
      {"first step from history cannot fit",
       10,
       10,
       7,
       {20, true},
       true,
       false,
       StepDecision::cannot_fit},
      {"first step from history misses by a millisecond",
       9.999,
       9.999,
       2,
       {8, true},
       true,
       false,
       StepDecision::cannot_fit},
      {"first step fits", 10, 10, 7, {3, true}, true, false, StepDecision::start},
      {"first step fits a fresh invocation: the lock wait took the time",
       3,
       10,
       2,
       {5, true},
       true,
       false,
       StepDecision::stop},
      {"first step is a guess: start it anyway",
       2,
       2,
       2,
       {1, false},
       true,
       false,
       StepDecision::start},
      {"first step, a guess that fits a fresh invocation",
       2,
       9,
       2,
       {1, false},
       true,
       false,
       StepDecision::stop},
      {"first step, a section from history: it advances statement by statement",
       10,
       10,
       7,
       {20, true},
       true,
       true,
       StepDecision::start},
      {"no time left at all, later step", 0, 0, 2, {0, false}, false, false, StepDecision::stop},
      {"deadline passed, later step", -1, -1, 0, {0, false}, false, false, StepDecision::stop},
      {"zero margin and estimate", 0, 0, 0, {0, false}, false, false, StepDecision::start},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    StepSituation situation{.time_left_s = row.time_left_s,
                            .fresh_time_s = row.fresh_time_s,
                            .margin_s = row.margin_s,
                            .estimate = row.estimate,
                            .first = row.first,
                            .splittable = row.splittable};
    EXPECT_EQ(decide_step(situation), row.expected);
  }
}

TEST(StepDecision, SafetyMarginGrowsWithTheEstimate) {
  const ResumableSettings defaults;
  EXPECT_DOUBLE_EQ(safety_margin(defaults, 0), 2);
  EXPECT_DOUBLE_EQ(safety_margin(defaults, 1), 2.25);
  EXPECT_DOUBLE_EQ(safety_margin(defaults, 20), 7);
  EXPECT_DOUBLE_EQ(safety_margin(ResumableSettings{.step_margin_s = 0}, 8), 2);
}

// A clock the test moves by hand.
class FakeClock {
 public:
  Clock::time_point now() const { return m_now; }
  void advance(double seconds) {
    m_now += duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  }
  Clock::time_point in(double seconds) const {
    return m_now + duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  }
  StepScheduler::Now source() const {
    return [this] { return now(); };
  }

 private:
  Clock::time_point m_now{};
};

// Walks revisions r1, r2, ... that each really take one second, as a run
// would, and returns how many the scheduler started before it stopped.
std::size_t steps_started(StepScheduler& scheduler, FakeClock& clock, std::size_t revisions) {
  std::size_t started = 0;
  for (std::size_t i = 1; i <= revisions; ++i) {
    if (scheduler.before_step("r" + std::to_string(i), false) != StepDecision::start) break;
    ++started;
    clock.advance(1);
    scheduler.step_finished(1);
  }
  return started;
}

TEST(StepScheduler, HistoryOfAThreeSecondStepStopsTheRunEarlier) {
  FakeClock clock;
  StepScheduler without_history({}, clock.in(10), {}, 0, clock.source());
  // 1 s + 2.25 s of margin fits while 4 s or more are left: r1-r7.
  EXPECT_EQ(steps_started(without_history, clock, 40), 7u);

  FakeClock other;
  StepScheduler with_history({}, other.in(10), {{"r6", 3000}}, 0, other.source());
  // r6 needs 3 s + 2.75 s with 5 s left: the run stops after r5.
  EXPECT_EQ(steps_started(with_history, other, 40), 5u);
  EXPECT_TRUE(with_history.last_situation().estimate.from_history);
  EXPECT_DOUBLE_EQ(with_history.last_situation().estimate.seconds, 3);
  const std::string text = with_history.last_decision_text();
  EXPECT_TRUE(contains(text, "3.0 s (its last upgrade in the history table)")) << text;
  EXPECT_TRUE(contains(text, "safety margin of 2.8 s")) << text;
  EXPECT_TRUE(contains(text, "5.0 s left")) << text;
}

TEST(StepScheduler, WithoutHistoryTheLongestStepOfTheRunIsTheEstimate) {
  FakeClock clock;
  StepScheduler scheduler(ResumableSettings{.step_margin_s = 1, .step_estimate_s = 1},
                          clock.in(100), {}, 0, clock.source());
  ASSERT_EQ(scheduler.before_step("a", false), StepDecision::start);
  EXPECT_DOUBLE_EQ(scheduler.last_situation().estimate.seconds, 1);
  clock.advance(30);
  scheduler.step_finished(30);
  ASSERT_EQ(scheduler.before_step("b", false), StepDecision::start);
  EXPECT_DOUBLE_EQ(scheduler.last_situation().estimate.seconds, 30);
  EXPECT_FALSE(scheduler.last_situation().estimate.from_history);
  clock.advance(0.5);
  scheduler.step_finished(0.5);  // shorter steps do not lower it
  clock.advance(30);             // 39.5 s left: 30 s + 1 s + 7.5 s fits
  ASSERT_EQ(scheduler.before_step("c", false), StepDecision::start);
  EXPECT_DOUBLE_EQ(scheduler.last_situation().estimate.seconds, 30);
  clock.advance(1.5);
  EXPECT_EQ(scheduler.before_step("d", false), StepDecision::stop);  // 38 s left
  EXPECT_TRUE(contains(scheduler.last_decision_text(), "the longest step of this run"))
      << scheduler.last_decision_text();
}

TEST(StepScheduler, AFirstStepFromHistoryThatCannotFitNamesTheWaysOut) {
  FakeClock clock;
  retort::testing::GraphBuilder builder;
  builder.rev("c0ffee000001");
  Revision revision = builder.revisions().front();
  revision.path = "migrations/c0ffee000001_backfill.sql";
  StepScheduler scheduler({}, clock.in(10), {{"c0ffee000001", 20000}}, 0, clock.source());
  ASSERT_EQ(scheduler.before_step("c0ffee000001", false), StepDecision::cannot_fit);
  const Error error = scheduler.cannot_fit_error("upgrade  -> c0ffee000001, backfill", revision);
  EXPECT_EQ(error.kind(), ErrorKind::step_too_long);
  const std::string message = error.message();
  EXPECT_TRUE(contains(message, "revision c0ffee000001 is expected to take 20.0 s")) << message;
  EXPECT_TRUE(contains(message, "its last upgrade in the history table")) << message;
  EXPECT_TRUE(contains(message, "an invocation has 10.0 s for it")) << message;
  EXPECT_TRUE(contains(message, "nothing was started")) << message;
  ASSERT_TRUE(error.location().has_value());
  EXPECT_EQ(error.location()->file, revision.path);
  const std::string hint = error.hint();
  EXPECT_TRUE(contains(hint, "raise the function's timeout (at most 900 s)")) << hint;
  EXPECT_TRUE(contains(hint, "ECS task")) << hint;
  EXPECT_TRUE(contains(hint, "aws ecs run-task")) << hint;
  EXPECT_TRUE(contains(hint, "[\"upgrade\", \"head\"]")) << hint;
}

TEST(StepScheduler, TimeLostWaitingForTheLockIsNotHeldAgainstTheStep) {
  FakeClock clock;
  // 3 s left after waiting 8 s for the lock; the step took 5 s last time.
  StepScheduler scheduler({}, clock.in(3), {{"a", 5000}}, 8, clock.source());
  EXPECT_EQ(scheduler.before_step("a", false), StepDecision::stop);
  EXPECT_DOUBLE_EQ(scheduler.last_situation().fresh_time_s, 11);
}

TEST(StepScheduler, OnlyTheFirstStepStartedCountsAsFirst) {
  FakeClock clock;
  StepScheduler scheduler({}, clock.in(10), {{"b", 20000}}, 0, clock.source());
  ASSERT_EQ(scheduler.before_step("a", false), StepDecision::start);
  clock.advance(1);
  // b could never fit, but a ran: this invocation stops and the next refuses b.
  EXPECT_EQ(scheduler.before_step("b", false), StepDecision::stop);
  EXPECT_FALSE(scheduler.last_situation().first);
}

TEST(StepScheduler, PausesASectionWhenItsLongestStatementNoLongerFits) {
  FakeClock clock;
  StepScheduler scheduler({}, clock.in(6), {}, 0, clock.source());
  EXPECT_FALSE(scheduler.pause_before_statement(2));  // 2 + 2.5 <= 6
  clock.advance(2);
  EXPECT_TRUE(scheduler.pause_before_statement(2));     // 4.5 > 4
  EXPECT_FALSE(scheduler.pause_before_statement(0.5));  // 0.5 + 2.125 <= 4
}

TEST(StepScheduler, DeadlinePassed) {
  FakeClock clock;
  StepScheduler scheduler({}, clock.in(1), {}, 0, clock.source());
  EXPECT_FALSE(scheduler.deadline_passed());
  clock.advance(0.999);
  EXPECT_FALSE(scheduler.deadline_passed());
  clock.advance(0.001);
  EXPECT_TRUE(scheduler.deadline_passed());
}

}  // namespace
}  // namespace retort::migrator
