// Lambda payload -> what to run (docs/lambda.md "Payload -> command").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/config.hpp"

namespace retort::lambda {

// A CloudFormation custom-resource event (RequestType, ResponseURL, StackId,
// RequestId, LogicalResourceId), sent directly by CloudFormation or
// forwarded by the CDK Provider framework.
struct CloudFormationEvent {
  std::string request_type;  // Create, Update or Delete
  std::string response_url;
  std::string stack_id;
  std::string request_id;
  std::string logical_resource_id;
  std::string physical_resource_id;  // empty on Create
  // Answer on response_url ("RetortMode: direct" in ResourceProperties, or
  // lambda.cloudformation: direct); otherwise return the result.
  bool direct = false;
};

struct InvocationPlan {
  // The CLI arguments to run; empty when nothing runs (see skip_reason).
  std::vector<std::string> argv;
  // Why nothing runs: Terraform's delete, CloudFormation's Delete. Empty
  // when argv is to run.
  std::string skip_reason;
  std::optional<CloudFormationEvent> cloudformation;
};

// The largest payload parse_payload() accepts: AWS caps a synchronous
// invocation's payload at 6 MB.
inline constexpr std::size_t k_max_payload_bytes = 6 * 1024 * 1024;

// Maps a payload to a plan: a JSON array of strings is the argv; {}, null, []
// and an empty body mean config.default_command; {"argv": [...]} (other keys
// ignored; "tf": {"action": "delete"} is a no-op); a CloudFormation event runs
// ResourceProperties.Command (default: default_command) on Create and Update
// and nothing on Delete. Anything else, and a payload larger than
// k_max_payload_bytes, throws Error(ErrorKind::payload) whose hint shows the
// accepted forms.
InvocationPlan parse_payload(std::string_view body, const LambdaConfig& config);

}  // namespace retort::lambda
