// Deadlines of runs inside a Lambda invocation (migrator/deadline.hpp): the
// limits every wait and timeout is capped to, and the deadline error.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "migrator/deadline.hpp"
#include "retort/config.hpp"
#include "retort/error.hpp"
#include "retort/migrate.hpp"

namespace retort::migrator {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::seconds;

struct Configured {
  double wait_s, lock_wait_s, lock_timeout_s, statement_timeout_s;
};

Config config_with(const Configured& values) {
  Config config;
  config.lock_wait_s = values.lock_wait_s;
  config.lock_timeout_s = values.lock_timeout_s;
  config.statement_timeout_s = values.statement_timeout_s;
  return config;
}

RunOptions options_with(const Configured& values, Deadline deadline) {
  RunOptions options;
  options.wait_s = values.wait_s;
  options.deadline = deadline;
  return options;
}

const std::vector<Configured> k_configurations = {
    {0, 300, 0, 0},      // the defaults
    {60, 300, 3, 0},     // --wait 60, lock_timeout 3 s
    {5, 2, 30, 45},      // short waits, long timeouts
    {120, 600, 0, 900},  // everything long, lock_timeout off
    {0.5, 0.25, 0.1, 0.2},
};

TEST(LambdaDeadline, WithoutADeadlineTheConfiguredValuesPassThrough) {
  for (const auto& values : k_configurations) {
    SCOPED_TRACE(testing::Message() << values.wait_s << "/" << values.lock_wait_s << "/"
                                    << values.lock_timeout_s << "/" << values.statement_timeout_s);
    const RunLimits limits = run_limits(config_with(values), options_with(values, std::nullopt));
    EXPECT_EQ(limits.connect_wait_s, values.wait_s);
    EXPECT_EQ(limits.lock_wait_s, values.lock_wait_s);
    EXPECT_EQ(limits.lock_timeout_s, values.lock_timeout_s);
    EXPECT_EQ(limits.statement_timeout_s, values.statement_timeout_s);
  }
}

// The expected value of one limit with `left` seconds to go (the test runs in
// well under a second, so "about left" is (left - 1, left]).
void expect_capped(const char* name, double actual, double configured, bool zero_is_off,
                   double left) {
  SCOPED_TRACE(name);
  if (zero_is_off && configured == 0) {
    // Off becomes the time left: nothing may outlive the invocation.
    EXPECT_GT(actual, left - 1);
    EXPECT_LE(actual, left);
  } else if (configured < left - 1) {
    EXPECT_EQ(actual, configured);
  } else {
    EXPECT_LE(actual, left);
    EXPECT_GT(actual, std::min(configured, left) - 1);
  }
}

TEST(LambdaDeadline, TenSecondsAwayCapsEveryLimit) {
  for (const auto& values : k_configurations) {
    SCOPED_TRACE(testing::Message() << values.wait_s << "/" << values.lock_wait_s << "/"
                                    << values.lock_timeout_s << "/" << values.statement_timeout_s);
    const Deadline deadline = Clock::now() + seconds(10);
    const RunLimits limits = run_limits(config_with(values), options_with(values, deadline));
    expect_capped("connect wait", limits.connect_wait_s, values.wait_s, false, 10);
    expect_capped("lock wait", limits.lock_wait_s, values.lock_wait_s, false, 10);
    expect_capped("lock_timeout", limits.lock_timeout_s, values.lock_timeout_s, true, 10);
    expect_capped("statement_timeout", limits.statement_timeout_s, values.statement_timeout_s, true,
                  10);
  }
}

TEST(LambdaDeadline, TheBriefsExample) {
  Config config;
  config.lock_wait_s = 300;
  config.lock_timeout_s = 3;
  config.statement_timeout_s = 0;
  RunOptions options;
  options.wait_s = 60;
  options.deadline = Clock::now() + seconds(10);
  const RunLimits limits = run_limits(config, options);
  EXPECT_LE(limits.connect_wait_s, 10);
  EXPECT_GT(limits.connect_wait_s, 9);
  EXPECT_LE(limits.lock_wait_s, 10);
  EXPECT_GT(limits.lock_wait_s, 9);
  EXPECT_EQ(limits.lock_timeout_s, 3);
  EXPECT_GT(limits.statement_timeout_s, 9);
  EXPECT_LE(limits.statement_timeout_s, 10);
}

TEST(LambdaDeadline, PastDeadlineLeavesTinyPositiveLimits) {
  for (auto ago : {seconds(0), seconds(1), seconds(3600)}) {
    SCOPED_TRACE(ago.count());
    const Configured values{60, 300, 0, 0};
    const RunLimits limits =
        run_limits(config_with(values), options_with(values, Clock::now() - ago));
    // PostgreSQL reads a timeout of 0 as "off": never 0, never negative.
    for (double limit : {limits.connect_wait_s, limits.lock_wait_s, limits.lock_timeout_s,
                         limits.statement_timeout_s}) {
      EXPECT_GT(limit, 0);
      EXPECT_LT(limit, 0.05);
    }
  }
}

TEST(LambdaDeadline, DeadlinePassed) {
  EXPECT_FALSE(deadline_passed(std::nullopt));
  EXPECT_FALSE(deadline_passed(Clock::now() + seconds(5)));
  EXPECT_FALSE(deadline_passed(Clock::now() + std::chrono::hours(24)));
  EXPECT_TRUE(deadline_passed(Clock::now() - std::chrono::milliseconds(1)));
  EXPECT_TRUE(deadline_passed(Clock::now() - seconds(60)));
  EXPECT_TRUE(deadline_passed(Clock::time_point{}));
}

TEST(LambdaDeadline, DeadlineErrorKeepsTheCause) {
  struct Row {
    const char* name;
    Error cause;
  };
  const std::vector<Row> rows = {
      {"cancelled statement",
       Error(ErrorKind::migration, "canceling statement due to user request",
             SourceLocation{"migrations/b2_add_index.sql", 14, 3}, "some hint", "57014")},
      {"lock wait", Error(ErrorKind::lock_timeout, "waited for the lock")},
      {"statement timeout",
       Error(ErrorKind::database, "canceling statement due to statement timeout", std::nullopt, {},
             "57014")},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    const Error error = deadline_error(row.cause);
    EXPECT_EQ(error.kind(), ErrorKind::deadline);
    // Prefixed: the message says why the run stopped, then the cause.
    EXPECT_GT(error.message().size(), row.cause.message().size());
    const std::size_t at = error.message().find(row.cause.message());
    ASSERT_NE(at, std::string::npos) << error.message();
    EXPECT_GT(at, 0u);
    EXPECT_NE(error.message().find("deadline"), std::string::npos) << error.message();
    EXPECT_EQ(error.location(), row.cause.location());
    EXPECT_EQ(error.sqlstate(), row.cause.sqlstate());
    EXPECT_FALSE(error.hint().empty());
    if (row.cause.location()) {
      EXPECT_EQ(std::string(error.what()).rfind(row.cause.location()->to_string(), 0), 0u)
          << error.what();
    }
  }
}

}  // namespace
}  // namespace retort::migrator
