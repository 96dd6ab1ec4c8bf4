// The lock_timeout retry policy (docs/architecture.md §5.11): the backoff's
// bounds, jitter and cap, the deadline, the defaults; the texts that name a
// blocker; the watcher's parsing of what the server answered.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "migrator/lock_retry.hpp"
#include "migrator/lock_watch.hpp"
#include "retort/config.hpp"
#include "retort/lock_wait.hpp"

namespace retort::migrator {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

struct BackoffRow {
  const char* name;
  std::size_t retry;
  double unit;
  double expected_s;
};

TEST(LockRetryBackoff, DoublesFromBaseWithJitterUpToTheCap) {
  const LockRetryPolicy policy{.retries = 10, .base_s = 0.5, .cap_s = 10};
  const BackoffRow rows[] = {
      {"first retry, least jitter", 1, 0.0, 0.25},
      {"first retry, most jitter", 1, 0.999999, 0.5},
      {"second retry", 2, 0.0, 0.5},
      {"third retry, half way", 3, 0.5, 1.5},
      {"fifth retry", 5, 1.0, 8},
      {"sixth retry is capped", 6, 1.0, 10},
      {"sixth retry, least jitter", 6, 0.0, 5},
      {"far past the cap", 60, 0.5, 7.5},
      {"a huge retry number does not overflow", 100000, 0.0, 5},
  };
  for (const auto& row : rows) {
    EXPECT_NEAR(backoff_s(policy, row.retry, row.unit), row.expected_s, 1e-5) << row.name;
  }
}

TEST(LockRetryBackoff, JitterStaysWithinHalfToWholeGap) {
  const LockRetryPolicy policy{.retries = 8, .base_s = 0.5, .cap_s = 10};
  for (std::size_t retry = 1; retry <= 8; ++retry) {
    const double gap = std::min(10.0, 0.5 * static_cast<double>(1u << (retry - 1)));
    for (double unit = 0; unit < 1; unit += 0.01) {
      const double pause = backoff_s(policy, retry, unit);
      EXPECT_GE(pause, gap * 0.5 - 1e-9) << retry << " " << unit;
      EXPECT_LE(pause, gap + 1e-9) << retry << " " << unit;
      EXPECT_LE(pause, policy.cap_s);
    }
  }
}

TEST(LockRetryPause, NoneAfterTheLastRetryOrPastTheDeadline) {
  const LockRetryPolicy policy{.retries = 3};
  EXPECT_FALSE(retry_pause(policy, 0, 0.5, std::nullopt));
  EXPECT_TRUE(retry_pause(policy, 1, 0.5, std::nullopt));
  EXPECT_TRUE(retry_pause(policy, 3, 0.5, std::nullopt));
  EXPECT_FALSE(retry_pause(policy, 4, 0.5, std::nullopt)) << "three retries, then the failure";
  EXPECT_FALSE(retry_pause(LockRetryPolicy{.retries = 0}, 1, 0.5, std::nullopt));
  // Retry 3 pauses 1-2 s: it must end before the deadline.
  EXPECT_TRUE(retry_pause(policy, 3, 0.0, 1.01));
  EXPECT_FALSE(retry_pause(policy, 3, 0.0, 1.0)) << "would sleep up to the deadline";
  EXPECT_FALSE(retry_pause(policy, 1, 0.0, 0.1));
  EXPECT_FALSE(retry_pause(policy, 1, 0.0, -5)) << "the deadline has passed";
}

TEST(LockRetryPause, DrawsFromTheInjectedRandomSourceAndRespectsTheDeadline) {
  LockRetries retries;
  retries.policy.retries = 2;
  std::vector<double> draws{0.0, 0.999};
  std::size_t next = 0;
  retries.random = [&] { return draws[next++ % draws.size()]; };
  EXPECT_NEAR(*retries.next_pause(1), 0.25, 1e-9);
  EXPECT_NEAR(*retries.next_pause(2), 0.9995, 1e-9);
  EXPECT_FALSE(retries.next_pause(3));

  retries.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
  EXPECT_FALSE(retries.next_pause(1)) << "0.25 s does not fit in 0.2 s";
  retries.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  EXPECT_TRUE(retries.next_pause(1));
}

TEST(LockRetryPause, DefaultRandomSourceStaysInRange) {
  LockRetries retries;
  retries.policy.retries = 1;
  for (int i = 0; i < 200; ++i) {
    const double pause = *retries.next_pause(1);
    EXPECT_GE(pause, 0.25);
    EXPECT_LE(pause, 0.5);
  }
}

TEST(LockRetryPause, PauseStopsWhenAsked) {
  const auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(pause_for(30, [] { return true; }));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_TRUE(pause_for(0.01, {}));
}

TEST(LockRetryDefaults, ThreeWithALockTimeoutElseNone) {
  Config config;
  EXPECT_EQ(effective_lock_retries(config), 0u);
  config.lock_timeout_s = 0.5;
  EXPECT_EQ(effective_lock_retries(config), 3u);
  config.lock_retries = 0;
  EXPECT_EQ(effective_lock_retries(config), 0u);
  config.lock_retries = 7;
  config.lock_timeout_s = 0;
  EXPECT_EQ(effective_lock_retries(config), 7u);
}

LockTimeoutEvent sample_event() {
  LockTimeoutEvent event;
  event.revision = "abc123";
  event.statement = "ALTER TABLE orders ADD COLUMN note text";
  event.relation = "public.orders";
  event.mode = "AccessExclusiveLock";
  event.blockers.push_back(LockBlocker{4242, "idle in transaction", "psql", 12.34,
                                       "UPDATE orders SET status = 'x' WHERE id = 1"});
  event.lock_timeout_s = 2;
  event.attempt = 1;
  event.retries = 3;
  event.retry_in_s = 0.71;
  return event;
}

TEST(LockTimeoutText, NamesTheStepTheTableAndTheBlocker) {
  EXPECT_EQ(sample_event().describe(),
            "lock_timeout on step abc123 (ALTER TABLE orders ADD COLUMN note text): table "
            "\"public.orders\" is locked by pid 4242 (idle in transaction, application \"psql\", "
            "transaction open 12.3 s: \"UPDATE orders SET status = 'x' WHERE id = 1\"); retry 1 "
            "of 3 in 0.7 s");
}

TEST(LockTimeoutText, WithoutABlockerSeenOrARetry) {
  LockTimeoutEvent event = sample_event();
  event.blockers.clear();
  event.relation.clear();
  event.retry_in_s.reset();
  EXPECT_EQ(event.describe(),
            "lock_timeout on step abc123 (ALTER TABLE orders ADD COLUMN note text): a lock was "
            "not granted within lock_timeout_s (2 s); the session holding it was not seen");
}

TEST(LockTimeoutText, CutsLongQueriesAndCountsExtraBlockers) {
  LockTimeoutEvent event = sample_event();
  event.blockers[0].query = "UPDATE orders SET note = '" + std::string(500, 'x') + "'";
  for (long pid = 1; pid <= 4; ++pid)
    event.blockers.push_back(LockBlocker{pid, "active", "", 0, ""});
  const std::string text = event.describe();
  EXPECT_LT(text.size(), 600u) << text;
  EXPECT_TRUE(contains(text, "pid 1 (active)")) << text;
  EXPECT_TRUE(contains(text, " and 2 more")) << text;
}

TEST(LockTimeoutText, RetriesMadeCountsOnlyEventsFollowedByARetry) {
  std::vector<LockTimeoutEvent> events{sample_event(), sample_event(), sample_event()};
  events.back().retry_in_s.reset();
  EXPECT_EQ(retries_made(events), 2u);
  EXPECT_EQ(retries_made({}), 0u);
}

TEST(LockWatcherParse, ReadsBlockersAndTheRelation) {
  std::vector<StatementResult> results(2);
  results[0].rows.push_back(
      Row{"4242", "idle in transaction", "psql", "12.5", "LOCK TABLE t IN ACCESS SHARE MODE"});
  results[0].rows.push_back(Row{"77", std::nullopt, std::nullopt, std::nullopt, std::nullopt});
  results[1].rows.push_back(Row{"public.t", "AccessExclusiveLock"});
  const LockObservation seen = parse_lock_observation(results);
  ASSERT_EQ(seen.blockers.size(), 2u);
  EXPECT_EQ(seen.blockers[0].pid, 4242);
  EXPECT_EQ(seen.blockers[0].state, "idle in transaction");
  EXPECT_EQ(seen.blockers[0].application, "psql");
  EXPECT_DOUBLE_EQ(seen.blockers[0].transaction_s, 12.5);
  EXPECT_EQ(seen.blockers[0].query, "LOCK TABLE t IN ACCESS SHARE MODE");
  EXPECT_EQ(seen.blockers[1].pid, 77);
  EXPECT_EQ(seen.relation, "public.t");
  EXPECT_EQ(seen.mode, "AccessExclusiveLock");
  EXPECT_TRUE(parse_lock_observation({}).blockers.empty());
}

TEST(LockWatcherParse, HidesAPasswordSetInTheBlockersQuery) {
  std::vector<StatementResult> results(1);
  results[0].rows.push_back(
      Row{"9", "idle in transaction", "psql", "1", "alter role app Password 'hunter2-secret'"});
  const LockObservation seen = parse_lock_observation(results);
  ASSERT_EQ(seen.blockers.size(), 1u);
  EXPECT_FALSE(contains(seen.blockers[0].query, "hunter2")) << seen.blockers[0].query;
  EXPECT_TRUE(contains(seen.blockers[0].query, "alter role app Password"))
      << seen.blockers[0].query;
}

TEST(LockWatcherThreshold, HalfTheTimeoutAtMostASecond) {
  EXPECT_DOUBLE_EQ(LockWatcher::threshold_s(0.2), 0.1);
  EXPECT_DOUBLE_EQ(LockWatcher::threshold_s(5), 1.0);
  EXPECT_DOUBLE_EQ(LockWatcher::threshold_s(0), 1.0);
}

}  // namespace
}  // namespace retort::migrator
