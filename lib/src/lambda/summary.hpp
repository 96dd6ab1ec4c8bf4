// The JSON summary a successful invocation returns (docs/lambda.md "Responses").
#pragma once

#include <string>

#include "retort/lambda/invocation.hpp"
#include "retort/lambda/payload.hpp"

namespace retort::lambda {

struct SummaryFields {
  const InvocationPlan& plan;
  const CommandOutcome& outcome;
  double duration_ms = 0;
  const std::string& physical_resource_id;
  std::string cloudformation_status;  // direct mode: the Status sent, else empty
};

// {"ok", "command", "complete", "from", "to", "applied", "applied_count",
// "up_to_date", "duration_ms", "output"}; "remaining_count", "next_revision"
// and "stopped" when a resumable run stopped before its end ("complete":
// false); "skipped", "error", CloudFormation's
// "PhysicalResourceId"/"Data" (Provider framework) or "cloudformation"
// (direct mode) when they apply. Always under 4096 bytes: the output tail,
// then "lock_timeouts", then the applied list, are shortened to fit.
std::string summary_json(const SummaryFields& fields);

}  // namespace retort::lambda
