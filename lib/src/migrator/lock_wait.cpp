// The texts of retort/lock_wait.hpp.
#include "retort/lock_wait.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "retort/display_text.hpp"

namespace retort {
namespace {

constexpr std::size_t k_query_bytes = 120;
constexpr std::size_t k_blockers_named = 3;

}  // namespace

std::string LockBlocker::describe() const {
  std::string text = fmt::format("pid {} ({}", pid, state.empty() ? "state unknown" : state);
  if (!application.empty())
    text += fmt::format(", application \"{}\"", text::shortened(application));
  if (transaction_s > 0) text += fmt::format(", transaction open {:.1f} s", transaction_s);
  if (!query.empty()) text += fmt::format(": \"{}\"", text::shortened(query, k_query_bytes));
  return text + ")";
}

std::string LockTimeoutEvent::describe() const {
  std::string text = "lock_timeout on ";
  text += revision.empty() ? std::string("retort's own statement") : "step " + revision;
  if (!statement.empty()) text += fmt::format(" ({})", text::shortened(statement, 80));
  text += ": ";
  const std::string lock = relation.empty()
                               ? std::string("the lock it waited for")
                               : fmt::format("table \"{}\"", text::shortened(relation));
  if (blockers.empty()) {
    text += fmt::format(
        "{} was not granted within lock_timeout_s ({:g} s); the session holding "
        "it was not seen",
        relation.empty() ? std::string("a lock") : lock, lock_timeout_s);
  } else {
    text += fmt::format("{} is locked by ", lock);
    const std::size_t named = std::min(blockers.size(), k_blockers_named);
    for (std::size_t i = 0; i < named; ++i) {
      if (i > 0) text += i + 1 == named && named == blockers.size() ? " and " : ", ";
      text += blockers[i].describe();
    }
    if (blockers.size() > named) text += fmt::format(" and {} more", blockers.size() - named);
  }
  if (retry_in_s)
    text += fmt::format("; retry {} of {} in {:.1f} s", attempt, retries, *retry_in_s);
  return text;
}

std::size_t retries_made(const std::vector<LockTimeoutEvent>& events) {
  return static_cast<std::size_t>(
      std::count_if(events.begin(), events.end(),
                    [](const LockTimeoutEvent& e) { return e.retry_in_s.has_value(); }));
}

}  // namespace retort
