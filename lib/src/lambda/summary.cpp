#include "lambda/summary.hpp"
#include "commands/json_output.hpp"
#include "lambda/cloudformation.hpp"
#include "retort/display_text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>

#include "retort/error_text.hpp"
#include "retort/redact.hpp"
#include "text/redact_json.hpp"

namespace retort::lambda {
namespace {

constexpr std::size_t k_max_summary = 4000;
constexpr std::size_t k_output_lines = 20;
constexpr std::size_t k_line_length = 300;
constexpr std::size_t k_error_length = 1500;

using Document = nlohmann::ordered_json;

std::string dump(const Document& doc) {
  return doc.dump(-1, ' ', false, Document::error_handler_t::replace);
}

// Masked before the cut, which could leave a start of a password.
std::string shortened_line(const std::string& text) {
  const std::string line = redact(text);
  return line.size() > k_line_length ? std::string(text::utf8_prefix(line, k_line_length)) + "..."
                                     : line;
}

Document output_tail(const std::vector<std::string>& lines) {
  Document tail = Document::array();
  std::size_t first = lines.size() > k_output_lines ? lines.size() - k_output_lines : 0;
  for (std::size_t i = first; i < lines.size(); ++i) tail.push_back(shortened_line(lines[i]));
  return tail;
}

}  // namespace

std::string summary_json(const SummaryFields& fields) {
  const CommandOutcome& outcome = fields.outcome;
  Document doc;
  doc["ok"] = !outcome.error;
  doc["command"] = outcome.command.empty() ? Document(nullptr) : Document(outcome.command);
  // false only when a resumable run stopped before its end (docs/lambda.md
  // "Resumable runs"): the caller invokes again until it is true.
  const auto& stopped = outcome.run ? outcome.run->stopped : std::nullopt;
  doc["complete"] = !outcome.error && !stopped;
  if (stopped) {
    doc["remaining_count"] = stopped->remaining_steps;
    doc["next_revision"] = stopped->next_revision;
    doc["stopped"] = shortened_line(stopped->reason);
  }
  if (!fields.plan.skip_reason.empty()) doc["skipped"] = fields.plan.skip_reason;
  if (outcome.error) {
    const std::string message = error_text(*outcome.error);
    doc["error"] = message.size() > k_error_length
                       ? std::string(text::utf8_prefix(message, k_error_length)) + "..."
                       : message;
  }
  std::vector<std::string> applied;
  if (outcome.run) {
    doc["from"] = outcome.run->rows_before;
    doc["to"] = outcome.run->rows_after;
    for (const auto& step : outcome.run->applied) applied.push_back(step.revision);
    doc["applied"] = applied;
    doc["applied_count"] = applied.size();
    doc["up_to_date"] = outcome.run->up_to_date;
    if (!outcome.run->lock_timeouts.empty()) {
      doc["lock_retries"] = retries_made(outcome.run->lock_timeouts);
      doc["lock_timeouts"] = json_output::lock_timeouts(outcome.run->lock_timeouts, 1);
    }
  }
  doc["duration_ms"] = static_cast<long>(fields.duration_ms + 0.5);
  doc["output"] = output_tail(outcome.output);
  if (const auto& cfn = fields.plan.cloudformation) {
    if (!fields.cloudformation_status.empty()) {
      doc["cloudformation"] = fields.cloudformation_status;
    } else {
      doc["PhysicalResourceId"] = cfn->physical_resource_id.empty() ? fields.physical_resource_id
                                                                    : cfn->physical_resource_id;
      doc["Data"] = Document(cloudformation_data(outcome.run));
    }
  }
  // Every other string masked too, but for the resource id: CloudFormation
  // and the CDK Provider compare it, and a changed id replaces the resource.
  for (auto item : doc.items()) {
    if (item.key() != "PhysicalResourceId") text::redact_strings(item.value());
  }
  std::string text = dump(doc);
  while (text.size() > k_max_summary && !doc["output"].empty()) {
    doc["output"].erase(doc["output"].begin());
    text = dump(doc);
  }
  if (text.size() > k_max_summary && doc.contains("lock_timeouts")) {
    doc.erase("lock_timeouts");  // lock_retries still counts them
    text = dump(doc);
  }
  if (text.size() > k_max_summary && outcome.run) {
    // Keep the last revisions applied: they say where the run ended.
    std::size_t keep = applied.size();
    while (text.size() > k_max_summary && keep > 0) {
      keep = keep / 2;
      doc["applied"] =
          std::vector<std::string>(applied.end() - static_cast<long>(keep), applied.end());
      doc["applied_truncated"] = true;
      text = dump(doc);
    }
  }
  return text;
}

}  // namespace retort::lambda
