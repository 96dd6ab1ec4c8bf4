// libFuzzer target for the redactor (retort/redact.hpp) on any text.
//
// Invariants checked on every input:
//  - no registered secret is left in redact(input), nor in redact() of that;
//  - a JSON string value masked with text::redact_strings() serializes to
//    valid JSON;
//  - password_spans() returns ordered, non-empty spans inside the text, in
//    both scan modes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "retort/redact.hpp"
#include "text/password_spans.hpp"
#include "text/redact_json.hpp"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

// A secret with a '%', which the text may write as itself or as %25.
constexpr std::string_view k_secrets[] = {"s3cr3t", "p%40ss"};

void check_spans(std::string_view text, retort::text::ScanMode mode) {
  std::size_t previous_end = 0;
  for (const auto& span : retort::text::password_spans(text, mode)) {
    check(span.begin < span.end && span.end <= text.size());
    check(span.begin >= previous_end);
    previous_end = span.end;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace retort;
  static const bool registered = [] {
    for (auto secret : k_secrets) register_secret(secret);
    return true;
  }();
  check(registered);
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string once = redact(input);
  const std::string twice = redact(once);
  for (auto secret : k_secrets) {
    check(once.find(secret) == std::string::npos);
    check(twice.find(secret) == std::string::npos);
  }
  nlohmann::json document = {{"text", std::string(input)}, {"list", {std::string(input)}}};
  text::redact_strings(document);
  const std::string dumped =
      document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  check(nlohmann::json::accept(dumped));
  check_spans(input, text::ScanMode::free_text);
  check_spans(input, text::ScanMode::whole_value);
  return 0;
}
