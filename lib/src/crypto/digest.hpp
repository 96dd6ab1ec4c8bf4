// SHA-256 and HMAC-SHA256 over OpenSSL's libcrypto, which appears only in
// this folder: the migration checksums (migrator/checksum.cpp) and SigV4
// signing (aws/sigv4.cpp) use them.
#pragma once

#include <string>
#include <string_view>

namespace retort::crypto {

// Lower-case hex SHA-256 of `data`. Throws std::runtime_error if OpenSSL fails.
std::string sha256_hex(std::string_view data);

// HMAC-SHA256 of `data` under `key`: 32 raw bytes. Throws std::runtime_error
// if OpenSSL fails.
std::string hmac_sha256(std::string_view key, std::string_view data);

}  // namespace retort::crypto
