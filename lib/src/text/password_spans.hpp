// Where a text holds something password-shaped: the scanner behind redact()
// and register_connection_secrets() (retort/redact.hpp says what is found).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace retort::text {

// The bytes [begin, end) of a text.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
  friend bool operator==(const Span&, const Span&) = default;
};

enum class ScanMode {
  // Any text: a URL ends at the first whitespace (or the next URL).
  free_text,
  // One URL or keyword/value string: a URL runs to the end of the text (or
  // the next URL), so a raw space in its password is still inside it.
  whole_value,
};

// The password spans of `text`, in order, not overlapping and never empty:
// the password of each URL and the value of each secret key
// (retort/redact.hpp, 1.). A quoted keyword/value value ('a b') is one span
// with its quotes. A span that starts with k_redacted is only that mask, so
// masking twice keeps the masks of the first time.
std::vector<Span> password_spans(std::string_view text, ScanMode mode);

// Sorts `spans` and joins the ones that overlap or touch.
void merge_spans(std::vector<Span>& spans);

}  // namespace retort::text
