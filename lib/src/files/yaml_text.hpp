// YAML scalar forms shared by the header fast path (reading) and the file
// renderer (writing), so that what retort writes is what the fast path reads.
#pragma once

#include <string>
#include <string_view>

namespace retort::files {

// True for the words YAML reads as null: "~", "null", "Null", "NULL".
bool is_yaml_null_word(std::string_view text);

// True when `value` can be written without quotes and reads back as itself:
// in a block mapping value (flow == false) or as an item of a `[a, b]` flow
// sequence (flow == true). Conservative: false does not mean YAML would
// misread it, only that this module quotes it (and the fast path defers to
// yaml-cpp).
bool is_plain_safe(std::string_view value, bool flow);

// True when `value` can be written single-quoted on one line: no control
// characters and no Unicode line separators.
bool is_single_quote_safe(std::string_view value);

// `value` as a one-line YAML scalar: plain when safe, else single-quoted, else
// double-quoted with escapes.
std::string quote_yaml_scalar(std::string_view value, bool flow);

// The header lines ("-- key: value\n", or a `|-` block for a multi-line text)
// that store `value` under `key` so that it reads back unchanged. An empty
// value gives "-- key:\n" (null, which reads back as "").
std::string render_header_value(std::string_view key, std::string_view value);

}  // namespace retort::files
