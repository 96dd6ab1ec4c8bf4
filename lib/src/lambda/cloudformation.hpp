// Answers to CloudFormation custom-resource requests (direct mode): the
// response document and its PUT to the pre-signed ResponseURL.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "retort/lambda/payload.hpp"
#include "retort/migrate.hpp"
#include "retort/reporter.hpp"

namespace retort::lambda {

struct CloudFormationAnswer {
  bool success = true;
  std::string reason;                       // shown in the stack's events; truncated to fit
  std::map<std::string, std::string> data;  // FromRevision, ToRevision, AppliedCount
};

// The Data CloudFormation exposes through Fn::GetAtt: FromRevision and
// ToRevision (comma-separated rows) and AppliedCount; empty without a run.
std::map<std::string, std::string> cloudformation_data(const std::optional<RunResult>& run);

// The JSON document for `event`, always under 4096 bytes (Reason is cut).
std::string cloudformation_document(const CloudFormationEvent& event,
                                    const std::string& physical_resource_id,
                                    const CloudFormationAnswer& answer);

// Sends one answer per request, whoever comes first: the finished run, or
// the watchdog started by watch_deadline() that answers FAILED shortly
// before the invocation's deadline. The PUT carries an empty Content-Type
// and is retried up to 4 times.
class CloudFormationResponder {
 public:
  CloudFormationResponder(CloudFormationEvent event, std::string physical_resource_id,
                          Reporter& log);
  ~CloudFormationResponder();  // stops the watchdog
  CloudFormationResponder(const CloudFormationResponder&) = delete;
  CloudFormationResponder& operator=(const CloudFormationResponder&) = delete;

  void watch_deadline(std::chrono::steady_clock::time_point answer_by);

  // Sends `answer` unless an answer was sent already. Returns an error text
  // when every attempt failed, else nullopt.
  std::optional<std::string> answer(const CloudFormationAnswer& answer);

  // The Status that was sent ("SUCCESS"/"FAILED"), empty if none.
  std::string sent_status();

 private:
  CloudFormationEvent m_event;
  std::string m_physical_resource_id;
  Reporter& m_log;
  std::mutex m_mutex;  // one answer at a time; guards the fields below
  std::string m_sent_status;
  bool m_stopping = false;
  std::condition_variable m_wake;
  std::thread m_watchdog;
};

}  // namespace retort::lambda
