// redact() over a JSON document, for the code that writes JSON (the
// commands' documents, the Lambda bodies, CloudFormation's answer). Written
// for nlohmann's json types without including them (docs/architecture.md §1
// keeps nlohmann-json in commands/ and lambda/).
#pragma once

#include <string>

#include "retort/redact.hpp"

namespace retort::text {

// Replaces every string value in `value`, at any depth, by redact() of it.
// Keys are left alone: retort writes them itself. Masking the values before
// they are serialized keeps the document well-formed and catches a secret
// that JSON escaping would otherwise disguise (a '"' or '\' in it).
template <class Json>
void redact_strings(Json& value) {
  if (value.is_string()) {
    const std::string& text = value.template get_ref<const std::string&>();
    std::string masked = redact(text);
    if (masked != text) value = std::move(masked);
  } else if (value.is_structured()) {
    for (auto& element : value) redact_strings(element);
  }
}

}  // namespace retort::text
