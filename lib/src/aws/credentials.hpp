// One set of AWS credentials, as the signer (aws/sigv4.hpp) and the clients of this folder use it.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace retort::aws {

// One set of AWS credentials and where it came from. The secret access key and the session
// token are secrets: whoever obtains them registers them with register_secret()
// (retort/redact.hpp) before anything can echo them.
struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;                                        // empty for long-term keys
  std::optional<std::chrono::system_clock::time_point> expiration;  // unset: does not expire
  std::string source;  // for messages: "environment", "container credentials endpoint", ...
};

}  // namespace retort::aws
