// The Database contract (retort/database.hpp) as one parameterized suite
// that both implementations must pass: the scripted fake
// (tests/unit/database_contract_fake_test.cpp) and PostgreSQL
// (tests/integration/database_contract_test.cpp). Include this header in
// exactly one file per test binary and instantiate DatabaseContract with a
// ContractBackend.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "migrator/retort_sql.hpp"
#include "retort/database.hpp"

namespace retort::testing {

struct ContractBackend {
  std::string name;
  // A fresh, empty database; the Connector opens connections to it.
  // Returns an empty Connector when the backend is unavailable (the test
  // is then skipped, or fails under CI=true).
  std::function<Connector()> fresh_database;
  // A statement that runs until cancelled.
  std::string blocking_sql;
};

class DatabaseContract : public ::testing::TestWithParam<ContractBackend> {
 protected:
  void SetUp() override {
    connect = GetParam().fresh_database();
    if (!connect) {
      if (std::getenv("CI") != nullptr && std::string(std::getenv("CI")) == "true") {
        FAIL() << GetParam().name << " is required under CI=true but is not available";
      }
      GTEST_SKIP() << GetParam().name << " is not available";
    }
  }
  std::unique_ptr<Database> open() { return connect("", 0); }

  static std::size_t failing_index(Database& db, std::string_view sql, std::string* sqlstate) {
    try {
      db.execute(sql);
    } catch (const QueryFailed& failed) {
      *sqlstate = failed.error().sqlstate;
      return failed.completed().size();
    }
    *sqlstate = "(no failure)";
    return 0;
  }

  const migrator::TableNames names{"public", "contract_version", "contract_history"};
  const migrator::TableNames missing{"public", "contract_missing", ""};
  Connector connect;
};

TEST_P(DatabaseContract, OneResultPerStatementInOrder) {
  auto db = open();
  auto results =
      db->execute("SELECT set_config('retort.step_started', 'x', false); SET lock_timeout = 0");
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].command, "SELECT 1");
  ASSERT_EQ(results[0].rows.size(), 1u);
  EXPECT_EQ(results[1].command, "SET");
  EXPECT_FALSE(db->in_transaction());
  EXPECT_TRUE(db->is_alive());
}

TEST_P(DatabaseContract, FailureReportsCompletedStatementsAndAbortsTheTransaction) {
  auto db = open();
  std::string code;
  const std::string sql = "BEGIN;\n" + migrator::create_tables_sql(names).text +
                          migrator::select_rows_sql(missing) + ";\nSELECT 1;";
  EXPECT_EQ(failing_index(*db, sql, &code), 1 + migrator::create_tables_sql(names).statements);
  EXPECT_EQ(code, "42P01");
  EXPECT_TRUE(db->in_transaction()) << "an explicit transaction stays open, aborted";
  EXPECT_EQ(failing_index(*db, "SELECT 1", &code), 0u);
  EXPECT_EQ(code, "25P02");
  db->execute(migrator::rollback_sql());
  EXPECT_FALSE(db->in_transaction());
  // Rolled back: the version table was never created.
  EXPECT_EQ(failing_index(*db, migrator::select_rows_sql(names), &code), 0u);
  EXPECT_EQ(code, "42P01");
}

TEST_P(DatabaseContract, ImplicitTransactionOfOneTextIsAllOrNothing) {
  auto db = open();
  std::string code;
  const std::string sql =
      migrator::create_tables_sql(names).text + migrator::select_rows_sql(missing) + ";";
  EXPECT_EQ(failing_index(*db, sql, &code), migrator::create_tables_sql(names).statements);
  EXPECT_FALSE(db->in_transaction());
  EXPECT_EQ(failing_index(*db, migrator::select_rows_sql(names), &code), 0u);
  EXPECT_EQ(code, "42P01") << "the implicit transaction was not rolled back";
}

TEST_P(DatabaseContract, CommitInsideATextIsDurableBeforeALaterFailure) {
  auto db = open();
  const std::vector<VersionChange> insert{{VersionChange::Op::insert, "", "aaaa"}};
  const std::string sql = (migrator::begin_sql() + migrator::create_tables_sql(names) +
                           migrator::version_changes_sql(names, insert) + migrator::commit_sql())
                              .text +
                          migrator::select_rows_sql(missing) + ";";
  std::string code;
  failing_index(*db, sql, &code);
  EXPECT_EQ(code, "42P01");
  auto rows = query_rows(*open(), migrator::select_rows_sql(names));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], std::optional<std::string>("aaaa"));
}

TEST_P(DatabaseContract, VersionRowChangesReportAffectedRows) {
  auto db = open();
  const std::vector<VersionChange> changes{{VersionChange::Op::insert, "", "aaaa"},
                                           {VersionChange::Op::update, "aaaa", "bbbb"},
                                           {VersionChange::Op::update, "zzzz", "cccc"},
                                           {VersionChange::Op::remove, "bbbb", ""}};
  auto results = db->execute(
      (migrator::create_tables_sql(names) + migrator::version_changes_sql(names, changes)).text);
  ASSERT_EQ(results.size(), migrator::create_tables_sql(names).statements + changes.size());
  const std::size_t first = results.size() - changes.size();
  EXPECT_EQ(results[first].affected, 1);
  EXPECT_EQ(results[first + 1].affected, 1);
  EXPECT_EQ(results[first + 2].affected, 0);
  EXPECT_EQ(results[first + 3].affected, 1);
}

TEST_P(DatabaseContract, AdvisoryLockIsHeldPerConnection) {
  auto first = open();
  auto second = open();
  auto locked = [&](Database& db) {
    auto rows = query_rows(db, migrator::try_lock_sql(names));
    return rows.size() == 1 && rows[0][0] == std::optional<std::string>("t");
  };
  EXPECT_TRUE(locked(*first));
  EXPECT_FALSE(locked(*second));
  first->execute(migrator::unlock_sql(names));
  EXPECT_TRUE(locked(*second));
}

TEST_P(DatabaseContract, CancelStopsTheRunningStatementAndKeepsTheConnection) {
  auto db = open();
  db->cancel_handle().cancel();  // idle: does nothing
  EXPECT_EQ(db->execute("SELECT 1").size(), 1u);
  // Cancel from another thread until the statement has failed (a cancel
  // may arrive before the statement started; then the next one counts).
  CancelHandle cancel = db->cancel_handle();
  std::atomic<bool> done{false};
  auto canceller = std::async(std::launch::async, [cancel, &done] {
    for (int i = 0; i < 50 && !done; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (!done) cancel.cancel();
    }
  });
  std::string code;
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(failing_index(*db, GetParam().blocking_sql, &code), 0u);
  done = true;
  canceller.wait();
  EXPECT_EQ(code, "57014");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_TRUE(db->is_alive());
  EXPECT_EQ(db->execute("SELECT 1").size(), 1u);
}

}  // namespace retort::testing
