// Redaction: the one place that keeps passwords and other secrets out of
// every output (docs/architecture.md §11). Every writer of text for people or
// machines calls redact() on what it writes: the terminal reporter, the JSON
// documents, error_text(), the Lambda bodies and log lines, CloudFormation
// reasons, and text::quote() / text::shortened() before they cut a value.
//
// Two things are masked, each replaced by k_redacted:
//  1. Password-shaped text, whoever wrote it (libpq, the server, a payload):
//     - the password of a URL, `scheme://user:PASSWORD@host`: up to the
//       last '@' of the URL (passwords are often written with a raw '@',
//       '/' or '?'), percent-escapes valid or not, any host ("[::1",
//       unclosed, included); not the placeholder "password" of a hint. In
//       free text a URL ends at the first whitespace. A URL without any '@'
//       whose host is followed by something other than a port
//       (`scheme://user:PASS`, a URL cut short) has that part masked.
//     - the value of a secret key: any key ending in "password", in any
//       case (`password`, `PGPASSWORD`, `db_password`), and the pre-signed
//       URL keys X-Amz-Signature and X-Amz-Security-Token, written
//       `key=value`, `key: value` or `"key": "value"` (the text inside the
//       quotes). In a URL's query (after '?' or '&') the value ends at '&',
//       '#', whitespace or a quote; in a libpq keyword/value string it is
//       either a '...' value with its backslash escapes (masked with its
//       quotes) or runs up to whitespace or a quote.
//  2. Every registered secret (register_secret()), wherever it appears, raw
//     or percent-encoded (each byte may be written %XX, in either case, and
//     %25XX once more): the configured URL's password, PGPASSWORD, AWS keys.
//
// Policy for short secrets: a registered secret shorter than
// k_min_secret_bytes is not registered. Masking "pw" or "1" wherever it
// appears would mangle ordinary output (numbers, words) while protecting
// a password that a few thousand guesses find anyway; such passwords are
// still masked where they are password-shaped (1. above).
//
// Masking a masked text again keeps its masks as they are (a value that
// starts with k_redacted counts as masked), so layers that each mask what
// they write do not pile masks up; it may mask a little more, never less,
// when a mask changed where a URL's scheme starts. Masking keeps quotes and
// separators, so SQL text or a JSON string value stays well-formed (a
// registered secret that is also a word or number of the SQL is masked
// there too). Serialized JSON must be masked value by value before it is
// serialized (text/redact_json.hpp), never as text: a secret "true" would
// take the place of a value.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace retort {

// What every masked part of a text becomes.
inline constexpr std::string_view k_redacted = "***";

// Registered secrets shorter than this are ignored (see above).
inline constexpr std::size_t k_min_secret_bytes = 4;

// `text` with every password-shaped part and every registered secret
// replaced by k_redacted. Text without them is returned as it is.
// Thread-safe.
std::string redact(std::string_view text);

// Adds `value` to the process-wide registry that redact() masks. Values
// shorter than k_min_secret_bytes are ignored; registering a value twice
// changes nothing. The registry only grows (an invocation's --url adds its
// password, for the rest of the process). Thread-safe.
void register_secret(std::string_view value);

// Registers the passwords of `value`, a database URL or libpq keyword/value
// string taken as a whole (a URL without its scheme, `user:password@host`,
// too: so pass only a value meant as a URL, never any argument): each
// password as written, percent-decoded when that is valid (or, for a quoted
// keyword/value, unquoted), and the pieces of the written password between
// a raw '/' or '@' (what libpq takes for a host or port then). A value
// without a password registers nothing.
void register_connection_secrets(std::string_view value);

// Empties the registry (for tests).
void forget_secrets();

}  // namespace retort
