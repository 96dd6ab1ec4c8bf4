#include "retort/lambda/payload.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "retort/display_text.hpp"
#include "retort/error.hpp"

namespace retort::lambda {
namespace {

using json = nlohmann::json;

constexpr const char* k_accepted =
    "accepted payloads: a JSON array of retort arguments such as [\"upgrade\", \"head\"]; "
    "{\"argv\": [...]}; {}, null or an empty body for lambda.default_command; or a "
    "CloudFormation custom-resource event";

[[noreturn]] void invalid(const std::string& what) {
  throw Error(ErrorKind::payload, fmt::format("invalid payload: {}", what), std::nullopt,
              k_accepted);
}

// A JSON value for a message: compact, and cut when long.
std::string shown_json(const json& value, std::size_t max_bytes = 80) {
  return text::shortened(value.dump(-1, ' ', false, json::error_handler_t::replace), max_bytes);
}

std::vector<std::string> strings(const json& array, std::string_view where) {
  std::vector<std::string> result;
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (!array[i].is_string()) {
      invalid(fmt::format("{}[{}] is {}, not a string", where, i, shown_json(array[i])));
    }
    result.push_back(array[i].get<std::string>());
  }
  return result;
}

std::string text_field(const json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

bool is_cloudformation_event(const json& object) {
  for (const char* key :
       {"RequestType", "ResponseURL", "StackId", "RequestId", "LogicalResourceId"})
    if (text_field(object, key).empty()) return false;
  return true;
}

InvocationPlan cloudformation_plan(const json& event, const LambdaConfig& config) {
  CloudFormationEvent cfn{text_field(event, "RequestType"),
                          text_field(event, "ResponseURL"),
                          text_field(event, "StackId"),
                          text_field(event, "RequestId"),
                          text_field(event, "LogicalResourceId"),
                          text_field(event, "PhysicalResourceId"),
                          config.cloudformation_direct};
  InvocationPlan plan;
  std::vector<std::string> command = config.default_command;
  auto properties = event.find("ResourceProperties");
  if (properties != event.end() && properties->is_object()) {
    if (text_field(*properties, "RetortMode") == "direct") cfn.direct = true;
    auto found = properties->find("Command");
    if (found != properties->end() && found->is_array() && !found->empty()) {
      command = strings(*found, "ResourceProperties.Command");
    } else if (found != properties->end() && found->is_string()) {
      std::istringstream words(found->get<std::string>());
      command.clear();
      for (std::string word; words >> word;) command.push_back(word);
      if (command.empty()) command = config.default_command;
    }
  }
  if (cfn.request_type == "Delete") {
    plan.skip_reason = "CloudFormation Delete: the schema is left as it is";
  } else if (cfn.request_type == "Create" || cfn.request_type == "Update") {
    plan.argv = std::move(command);
  } else {
    invalid(fmt::format("unknown CloudFormation RequestType {}", text::quote(cfn.request_type)));
  }
  plan.cloudformation = std::move(cfn);
  return plan;
}

}  // namespace

InvocationPlan parse_payload(std::string_view body, const LambdaConfig& config) {
  if (body.size() > k_max_payload_bytes) {
    throw Error(ErrorKind::payload,
                fmt::format("the payload is {} bytes; Lambda accepts at most 6 MB ({} bytes)",
                            body.size(), k_max_payload_bytes),
                std::nullopt, k_accepted);
  }
  InvocationPlan plan;
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    plan.argv = config.default_command;
    return plan;
  }
  json payload = json::parse(body, nullptr, false);
  if (payload.is_discarded()) invalid("the body is not JSON");
  if (payload.is_null() || (payload.is_structured() && payload.empty())) {
    plan.argv = config.default_command;
  } else if (payload.is_array()) {
    plan.argv = strings(payload, "the payload");
  } else if (!payload.is_object()) {
    invalid(fmt::format("a JSON {} ({})", payload.type_name(), shown_json(payload, 60)));
  } else if (is_cloudformation_event(payload)) {
    return cloudformation_plan(payload, config);
  } else {
    auto tf = payload.find("tf");
    if (tf != payload.end() && tf->is_object() && text_field(*tf, "action") == "delete") {
      plan.skip_reason = "Terraform delete: the schema is left as it is";
      return plan;
    }
    auto argv = payload.find("argv");
    if (argv != payload.end() && argv->is_array()) {
      plan.argv = argv->empty() ? config.default_command : strings(*argv, "argv");
    } else if (argv != payload.end()) {
      invalid(fmt::format("\"argv\" is {}, not an array of strings", shown_json(*argv)));
    } else if (tf != payload.end()) {
      plan.argv = config.default_command;  // Terraform create/update without argv
    } else {
      invalid(fmt::format("an object without \"argv\" ({})", shown_json(payload, 80)));
    }
  }
  return plan;
}

}  // namespace retort::lambda
