#include "migrator/lease_lock.hpp"

#include <fmt/format.h>

#include <chrono>
#include <random>

#include "migrator/partial_state.hpp"
#include "retort/error.hpp"

namespace retort::migrator {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* k_lock_not_available = "55P03";
constexpr const char* k_unique_violation = "23505";
constexpr const char* k_duplicate_table = "42P07";

std::string random_token() {
  std::random_device device;
  std::string token;
  static const char* hex = "0123456789abcdef";
  for (int i = 0; i < 32; ++i) token += hex[device() % 16];
  return token;
}

void rollback_quietly(Database& database) noexcept {
  try {
    if (database.is_alive() && database.in_transaction()) database.execute(rollback_sql());
  } catch (...) {
  }
}

// CREATE TABLE IF NOT EXISTS races with itself when runs start together
// (PostgreSQL reports a duplicate type or table): the loser tries again.
void create_table(Database& database, const TableNames& names) {
  for (int attempt = 0;; ++attempt) {
    try {
      database.execute(create_lease_table_sql(names).text);
      return;
    } catch (const QueryFailed& failed) {
      const auto& code = failed.error().sqlstate;
      if (attempt < 3 && (code == k_unique_violation || code == k_duplicate_table)) continue;
      throw Error(ErrorKind::database,
                  fmt::format("cannot create the lock table {}: {}", names.qualified_lease(),
                              failed.error().message),
                  std::nullopt, failed.error().hint, failed.error().sqlstate);
    }
  }
}

// True when this try took the lease; false when another holds it.
bool try_take(Database& database, const TableNames& names, const std::string& token,
              const std::string& owner, double lease_s) {
  try {
    auto results = database.execute(try_lease_sql(names, token, owner, lease_s));
    return results.size() > 2 && !results[2].rows.empty();
  } catch (const QueryFailed& failed) {
    rollback_quietly(database);
    if (failed.error().sqlstate == k_lock_not_available) return false;
    throw Error(ErrorKind::database,
                fmt::format("cannot take the lock lease in {}: {}", names.qualified_lease(),
                            failed.error().message),
                std::nullopt, failed.error().hint, failed.error().sqlstate);
  }
}

std::string describe_holder(Database& database, const TableNames& names) {
  try {
    auto rows = query_rows(database, lease_holder_sql(names));
    if (rows.empty()) return "another run (it may have just finished)";
    auto value = [](const std::optional<std::string>& v) { return v.value_or("?"); };
    return fmt::format("{} (since {}; its lease expires in {} s unless renewed)", value(rows[0][0]),
                       value(rows[0][1]), value(rows[0][2]));
  } catch (const QueryFailed&) {
    return "another run";
  }
}

}  // namespace

LeaseLock::LeaseLock(const TableNames& names, std::string token, double lease_s,
                     Reconnect reconnect, CancelHandle cancel_main)
    : m_names(names),
      m_token(std::move(token)),
      m_lease_s(lease_s),
      m_reconnect(std::move(reconnect)),
      m_cancel_main(std::move(cancel_main)) {}

std::unique_ptr<LeaseLock> LeaseLock::acquire(Database& database, const TableNames& names,
                                              double lease_s, double wait_s,
                                              const std::function<bool()>& should_stop,
                                              Reporter& reporter, Reconnect reconnect) {
  create_table(database, names);
  const auto started = Clock::now();
  const auto deadline = started + std::chrono::milliseconds(static_cast<long>(wait_s * 1000));
  const std::string token = random_token();
  const std::string owner = client_identity();
  bool announced = false;
  while (!try_take(database, names, token, owner, lease_s)) {
    if (!announced) {
      reporter.progress(fmt::format("Waiting for the migration lock lease in {}, held by {}",
                                    names.qualified_lease(), describe_holder(database, names)));
      announced = true;
    }
    if (Clock::now() >= deadline || (should_stop && should_stop())) {
      throw Error(ErrorKind::lock_timeout,
                  fmt::format("another migration run holds the lock lease in {}: {}; gave up after "
                              "{:.0f} s",
                              names.qualified_lease(), describe_holder(database, names),
                              std::chrono::duration<double>(Clock::now() - started).count()),
                  std::nullopt,
                  "wait for that run to finish and try again, or raise lock_wait_s (config) / "
                  "--lock-wait; a run that died releases its lease when it expires");
    }
    std::this_thread::sleep_for(
        std::min<Clock::duration>(std::chrono::milliseconds(200), deadline - Clock::now()));
  }
  std::unique_ptr<LeaseLock> lock(
      new LeaseLock(names, token, lease_s, std::move(reconnect), database.cancel_handle()));
  lock->m_keeper = std::thread([raw = lock.get()] { raw->keep(); });
  return lock;
}

LeaseLock::~LeaseLock() {
  stop_keeper();
}

void LeaseLock::stop_keeper() noexcept {
  {
    std::lock_guard guard(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_all();
  if (m_keeper.joinable()) m_keeper.join();
}

void LeaseLock::release(Database& database) noexcept {
  stop_keeper();
  try {
    if (!database.is_alive()) return;
    rollback_quietly(database);
    database.execute(release_lease_sql(m_names, m_token));
  } catch (...) {
    // The lease expires by itself.
  }
}

void LeaseLock::keep() {
  const auto period = std::chrono::milliseconds(static_cast<long>(m_lease_s * 1000 / 3));
  auto protected_until =
      Clock::now() + std::chrono::milliseconds(static_cast<long>(m_lease_s * 1000));
  std::unique_ptr<Database> connection;
  std::unique_lock lock(m_mutex);
  while (!m_wake.wait_for(lock, period, [this] { return m_stopping; })) {
    lock.unlock();
    bool renewed = false;
    try {
      if (!connection || !connection->is_alive()) connection = m_reconnect();
      auto results = connection->execute(renew_lease_sql(m_names, m_token, m_lease_s));
      if (results.size() > 2 && results[2].affected == 0) {
        m_lost = true;  // taken over: stop the run's statement
      } else {
        renewed = true;
      }
    } catch (const QueryFailed& failed) {
      if (connection) rollback_quietly(*connection);
      // A row locked by a transaction: the run's own guard holds it (and so
      // the lease cannot be taken), or a contender's try (a moment).
      renewed = failed.error().sqlstate == k_lock_not_available;
    } catch (...) {
      connection.reset();  // try to reconnect at the next period
    }
    const auto now = Clock::now();
    if (renewed)
      protected_until = now + std::chrono::milliseconds(static_cast<long>(m_lease_s * 1000));
    if (!renewed && now >= protected_until) m_lost = true;
    if (m_lost) m_cancel_main.cancel();
    lock.lock();
    if (m_lost) return;
  }
}

}  // namespace retort::migrator
