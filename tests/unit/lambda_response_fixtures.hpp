// Shared fixtures of the Lambda response tests: JSON checks and sample
// run results and CloudFormation events.
#pragma once

#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "retort/error.hpp"
#include "retort/lambda/payload.hpp"
#include "retort/migrate.hpp"

namespace retort::lambda::test {

using json = nlohmann::json;
using Strings = std::vector<std::string>;

inline constexpr std::size_t k_summary_limit = 4000;
inline constexpr std::size_t k_cloudformation_limit = 4096;

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

inline bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Parses `text`, failing the test (not crashing it) when it is not JSON.
inline json parse_json(const std::string& text) {
  try {
    return json::parse(text);
  } catch (const json::exception& error) {
    ADD_FAILURE() << "not valid JSON (" << error.what() << "): " << text.substr(0, 300);
    return json::object();
  }
}

inline std::vector<ErrorKind> all_error_kinds() {
  std::vector<ErrorKind> kinds;
  for (int i = 0; i <= static_cast<int>(ErrorKind::step_too_long); ++i)
    kinds.push_back(static_cast<ErrorKind>(i));
  return kinds;
}

// A step that waited for table public.orders, held by a psql session.
inline LockTimeoutEvent lock_event(std::optional<double> retry_in_s) {
  LockTimeoutEvent event;
  event.revision = "c3";
  event.statement = "ALTER TABLE orders ADD COLUMN note text";
  event.relation = "public.orders";
  event.mode = "AccessExclusiveLock";
  event.blockers.push_back(
      LockBlocker{4242, "idle in transaction", "psql", 12.5, "UPDATE orders SET status = 1"});
  event.lock_timeout_s = 2;
  event.retries = 1;
  event.attempt = retry_in_s ? 1 : 2;
  event.retry_in_s = retry_in_s;
  return event;
}

inline RunResult run_result(Strings before, Strings after, const Strings& applied) {
  RunResult result;
  result.rows_before = std::move(before);
  result.rows_after = std::move(after);
  for (const auto& revision : applied) {
    result.applied.push_back(AppliedStep{revision, Direction::upgrade,
                                         fmt::format("Running upgrade -> {}", revision), 1.5});
  }
  result.up_to_date = applied.empty();
  return result;
}

inline CloudFormationEvent cloudformation_event(std::string request_type,
                                                std::string physical_resource_id = {}) {
  return CloudFormationEvent{std::move(request_type),
                             "https://example.invalid/response?X-Amz-Signature=abc",
                             "arn:aws:cloudformation:eu-west-1:123456789012:stack/shop/guid",
                             "5d478078-13e9-baf0-464a-7ef285ecc786",
                             "Migrations",
                             std::move(physical_resource_id),
                             false};
}

}  // namespace retort::lambda::test
