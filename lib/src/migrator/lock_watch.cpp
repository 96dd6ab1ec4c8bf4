#include "migrator/lock_watch.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "migrator/retort_sql.hpp"
#include "retort/display_text.hpp"
#include "retort/redact.hpp"

namespace retort::migrator {
namespace {

std::string cell_text(const Row& row, std::size_t column) {
  return column < row.size() && row[column] ? *row[column] : std::string();
}

std::string blockers_text(const std::vector<LockBlocker>& blockers) {
  std::string text;
  for (std::size_t i = 0; i < blockers.size() && i < 3; ++i) {
    if (i > 0) text += ", ";
    text += blockers[i].describe();
  }
  if (blockers.size() > 3) text += fmt::format(" and {} more", blockers.size() - 3);
  return text;
}

// Another session's query may set a password in SQL (ALTER ROLE ...
// PASSWORD '...'), which redact() does not recognise: such a query is shown
// up to the keyword.
std::string without_sql_password(std::string query) {
  std::string lower = query;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto at = lower.find("password");
  if (at == std::string::npos) return query;
  return query.substr(0, at + 8) + " " + std::string(k_redacted);
}

}  // namespace

LockObservation parse_lock_observation(const std::vector<StatementResult>& results) {
  LockObservation seen;
  if (!results.empty()) {
    for (const Row& row : results[0].rows) {
      LockBlocker blocker;
      blocker.pid = std::strtol(cell_text(row, 0).c_str(), nullptr, 10);
      blocker.state = cell_text(row, 1);
      blocker.application = cell_text(row, 2);
      blocker.transaction_s = std::strtod(cell_text(row, 3).c_str(), nullptr);
      blocker.query = without_sql_password(cell_text(row, 4));
      seen.blockers.push_back(std::move(blocker));
    }
  }
  if (results.size() > 1 && !results[1].rows.empty()) {
    seen.relation = cell_text(results[1].rows[0], 0);
    seen.mode = cell_text(results[1].rows[0], 1);
  }
  return seen;
}

double LockWatcher::threshold_s(double lock_timeout_s) {
  return lock_timeout_s > 0 ? std::min(lock_timeout_s / 2, 1.0) : 1.0;
}

LockWatcher::LockWatcher(Database& database, Reporter& reporter, LockWatchSettings settings)
    : m_watched(database, *this), m_serialized(reporter), m_settings(std::move(settings)) {
  if (m_settings.connect && m_settings.backend_pid > 0) {
    m_thread = std::thread([this] { watch(); });
  }
}

LockWatcher::~LockWatcher() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

std::vector<StatementResult> LockWatcher::Watched::execute(std::string_view sql) {
  struct Finish {
    LockWatcher& watcher;
    ~Finish() { watcher.statement_finished(); }
  };
  m_watcher.statement_started();
  Finish finish{m_watcher};
  return m_inner.execute(sql);
}

void LockWatcher::Serialized::output(std::string_view line) {
  std::lock_guard lock(m_mutex);
  m_inner.output(line);
}

void LockWatcher::Serialized::progress(std::string_view line) {
  std::lock_guard lock(m_mutex);
  m_inner.progress(line);
}

void LockWatcher::Serialized::warning(std::string_view line) {
  std::lock_guard lock(m_mutex);
  m_inner.warning(line);
}

void LockWatcher::Serialized::document(std::string_view text) {
  std::lock_guard lock(m_mutex);
  m_inner.document(text);
}

void LockWatcher::statement_started() {
  if (!m_thread.joinable()) return;
  {
    std::lock_guard lock(m_mutex);
    ++m_generation;
    m_running = true;
    m_started = Clock::now();
  }
  m_wake.notify_one();
}

void LockWatcher::statement_finished() {
  if (!m_thread.joinable()) return;
  std::lock_guard lock(m_mutex);
  m_running = false;
}

LockObservation LockWatcher::last_observation() {
  std::unique_lock lock(m_mutex);
  m_looked.wait_for(lock, std::chrono::seconds(1), [this] { return !m_looking; });
  if (m_last_generation != m_generation || m_generation == 0) return {};
  return m_last;
}

LockObservation LockWatcher::look() {
  if (m_connection_failed) return {};
  try {
    if (!m_connection || !m_connection->is_alive()) m_connection = m_settings.connect();
  } catch (...) {
    m_connection_failed = true;  // no second try for every statement of the run
    return {};
  }
  try {
    return parse_lock_observation(m_connection->execute(lock_blockers_sql(m_settings.backend_pid)));
  } catch (...) {
    m_connection.reset();
    return {};
  }
}

void LockWatcher::watch() {
  const auto threshold = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(threshold_s(m_settings.lock_timeout_s)));
  std::unique_lock lock(m_mutex);
  while (true) {
    m_wake.wait(lock, [this] { return m_stopping || m_running; });
    if (m_stopping) return;
    const std::uint64_t generation = m_generation;
    const Clock::time_point started = m_started;
    Clock::time_point next = started + threshold;
    bool reported = false;
    const auto moved_on = [&] { return m_stopping || !m_running || m_generation != generation; };
    while (!m_wake.wait_until(lock, next, moved_on)) {
      m_looking = true;
      lock.unlock();
      LockObservation seen = look();
      lock.lock();
      m_looking = false;
      // A look that found nothing keeps what an earlier look of the same
      // statement found: the blocker may have just let go.
      if (!seen.blockers.empty()) {
        m_last = seen;
        m_last_generation = generation;
      }
      m_looked.notify_all();
      if (moved_on()) break;
      const double waited = std::chrono::duration<double>(Clock::now() - started).count();
      if (!reported && !seen.blockers.empty() && waited >= k_report_after_s) {
        reported = true;
        lock.unlock();
        m_serialized.progress(fmt::format(
            "A migration statement has waited {:.0f} s for a lock on {}, held by {}", waited,
            seen.relation.empty() ? std::string("a row or transaction")
                                  : fmt::format("table \"{}\"", text::shortened(seen.relation)),
            blockers_text(seen.blockers)));
        lock.lock();
      }
      next = Clock::now() + std::chrono::seconds(1);
    }
  }
}

}  // namespace retort::migrator
