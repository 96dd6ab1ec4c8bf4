#include "lambda/cloudformation.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>

#include "http/http_client.hpp"
#include "retort/display_text.hpp"
#include "retort/redact.hpp"
#include "text/redact_json.hpp"

namespace retort::lambda {

using http::HttpFailure;
using http::HttpRequest;
using http::HttpResponse;
using http::send_http;
namespace {

constexpr std::size_t k_max_document = 4000;  // CloudFormation rejects 4096 bytes or more
constexpr int k_put_attempts = 4;

}  // namespace

std::map<std::string, std::string> cloudformation_data(const std::optional<RunResult>& run) {
  if (!run) return {};
  return {{"FromRevision", fmt::format("{}", fmt::join(run->rows_before, ","))},
          {"ToRevision", fmt::format("{}", fmt::join(run->rows_after, ","))},
          {"AppliedCount", std::to_string(run->applied.size())}};
}

std::string cloudformation_document(const CloudFormationEvent& event,
                                    const std::string& physical_resource_id,
                                    const CloudFormationAnswer& answer) {
  // Masked before the Reason is cut to fit, which could leave a start of a
  // password. The ids are echoed as they came: CloudFormation matches them.
  const std::string reason = redact(answer.reason);
  nlohmann::ordered_json doc;
  doc["Status"] = answer.success ? "SUCCESS" : "FAILED";
  doc["Reason"] = reason;
  // A Delete must echo the id it was given, or CloudFormation sees a replacement.
  doc["PhysicalResourceId"] =
      event.physical_resource_id.empty() ? physical_resource_id : event.physical_resource_id;
  doc["StackId"] = event.stack_id;
  doc["RequestId"] = event.request_id;
  doc["LogicalResourceId"] = event.logical_resource_id;
  doc["Data"] = answer.data;
  text::redact_strings(doc["Data"]);
  auto dump = [&] { return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); };
  std::string text = dump();
  if (text.size() > k_max_document) {
    // The longest start of Reason that fits; JSON escapes make bytes cost 1 to 6.
    std::size_t fits = 0, too_long = reason.size();
    while (too_long - fits > 1) {
      std::size_t middle = fits + (too_long - fits) / 2;
      doc["Reason"] = std::string(text::utf8_prefix(reason, middle)) + " [...]";
      (dump().size() <= k_max_document ? fits : too_long) = middle;
    }
    doc["Reason"] = std::string(text::utf8_prefix(reason, fits)) + " [...]";
    text = dump();
  }
  return text;
}

CloudFormationResponder::CloudFormationResponder(CloudFormationEvent event,
                                                 std::string physical_resource_id, Reporter& log)
    : m_event(std::move(event)),
      m_physical_resource_id(std::move(physical_resource_id)),
      m_log(log) {}

CloudFormationResponder::~CloudFormationResponder() {
  if (!m_watchdog.joinable()) return;
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_all();
  m_watchdog.join();
}

void CloudFormationResponder::watch_deadline(std::chrono::steady_clock::time_point answer_by) {
  m_watchdog = std::thread([this, answer_by] {
    {
      std::unique_lock lock(m_mutex);
      if (m_wake.wait_until(lock, answer_by, [this] { return m_stopping; })) return;
    }
    answer(CloudFormationAnswer{
        false, "retort did not finish before the Lambda deadline; the run is being cancelled", {}});
  });
}

std::optional<std::string> CloudFormationResponder::answer(const CloudFormationAnswer& answer) {
  std::lock_guard lock(m_mutex);
  if (!m_sent_status.empty()) return std::nullopt;
  HttpRequest request;
  request.method = "PUT";
  request.url = m_event.response_url;
  request.headers = {{"Content-Type", ""}};
  request.body = cloudformation_document(m_event, m_physical_resource_id, answer);
  request.connect_timeout_s = 5;
  request.timeout_s = 20;
  request.use_proxy = true;
  std::string last_error;
  for (int attempt = 1; attempt <= k_put_attempts; ++attempt) {
    try {
      auto response = send_http(request);
      if (response.status >= 200 && response.status < 300) {
        m_sent_status = answer.success ? "SUCCESS" : "FAILED";
        m_log.progress(fmt::format("CloudFormation answered {} for {} {}", m_sent_status,
                                   m_event.request_type, m_event.logical_resource_id));
        return std::nullopt;
      }
      last_error = fmt::format("HTTP {}: {}", response.status, response.body.substr(0, 200));
    } catch (const HttpFailure& failure) {
      last_error = failure.what();
    }
    m_log.warning(fmt::format("answering CloudFormation failed (attempt {} of {}): {}", attempt,
                              k_put_attempts, last_error));
    if (attempt < k_put_attempts)
      std::this_thread::sleep_for(std::chrono::milliseconds(500 * attempt));
  }
  return last_error;
}

std::string CloudFormationResponder::sent_status() {
  std::lock_guard lock(m_mutex);
  return m_sent_status;
}

}  // namespace retort::lambda
