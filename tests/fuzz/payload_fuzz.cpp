// libFuzzer target for the Lambda payload parser and the size-capped
// documents built from untrusted text.
//
// Invariants checked on every input:
//  - parse_payload either throws Error(ErrorKind::payload) or returns a plan
//    that runs a non-empty argv or says why nothing runs, never both;
//  - a CloudFormation answer whose Reason is the input is valid JSON under
//    4096 bytes with the event's ids intact.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "lambda/cloudformation.hpp"
#include "retort/error.hpp"
#include "retort/lambda/payload.hpp"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace retort;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    auto plan = lambda::parse_payload(input, LambdaConfig{});
    check(plan.argv.empty() != plan.skip_reason.empty());
  } catch (const Error& error) {
    check(error.kind() == ErrorKind::payload);
    check(!error.hint().empty());
  }
  lambda::CloudFormationEvent event{
      "Create", "http://127.0.0.1:1/", "stack", "request", "Migrations", "", true};
  lambda::CloudFormationAnswer answer{false, std::string(input), {{"AppliedCount", "0"}}};
  std::string document = lambda::cloudformation_document(event, "retort:db:public", answer);
  check(document.size() < 4096);
  auto parsed = nlohmann::json::parse(document);
  check(parsed["RequestId"] == "request" && parsed["Status"] == "FAILED");
  return 0;
}
