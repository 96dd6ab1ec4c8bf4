// AWS Signature Version 4 (AWS4-HMAC-SHA256): the Authorization-header form and the pre-signed
// query form, as the AWS general reference describes "Create a signed AWS API request", and the
// SHA-256, HMAC and percent-encoding they are built from. Pure: no clock, no environment, no I/O;
// the caller gives the time and the credentials. Checked against the AWS SigV4 test suite
// (tests/unit/aws_sigv4_test.cpp).
#pragma once

#include "crypto/digest.hpp"

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/credentials.hpp"

namespace retort::aws {

// One HTTP request, as it will be sent, reduced to what the signature covers.
struct SignableRequest {
  std::string method;  // "GET", "POST"
  std::string host;    // the Host header value (host[:port]), signed as given
  // The request path as sent on the wire, percent-encoded as the HTTP client sends it; an empty
  // path means "/". Bytes a URI may not hold raw (a space, UTF-8) are accepted and signed as their
  // %XX escapes. How the canonical URI is made from it: SigningOptions::normalize_path.
  std::string path;
  // Decoded (name, value) pairs, in the order given; encoded with uri_encode() for signing and,
  // by presign_query(), for the query it returns. Several pairs may share a name.
  std::vector<std::pair<std::string, std::string>> query;
  // Headers other than Host, as sent (duplicates allowed, their values joined with ',' in the
  // order given). Every one of them is signed. Values must not hold line breaks (replace an
  // obsolete line folding with a space first). REQUIRES: none of Authorization, X-Amz-Date,
  // X-Amz-Security-Token, x-amz-content-sha256, X-Amz-Signature: the signer adds those.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // its SHA-256 is the payload hash of both forms
};

struct SigningScope {
  std::string region;   // "eu-west-1"
  std::string service;  // the signing name: "secretsmanager", "ssm", "rds-db"
  std::chrono::system_clock::time_point time;  // signed to the second (X-Amz-Date, UTC)
};

struct SigningOptions {
  // true (every service but S3): the canonical URI is the path with its dot segments removed and
  // runs of '/' collapsed, then percent-encoded once more, so that an escape already in the path
  // is encoded twice ("%20" -> "%2520"). false (S3-style services; the suite's "normalize"):
  // the path as the server decodes it, encoded once, without any segment changed.
  bool normalize_path = true;
  // sign_headers() only (the suite's "sign_body"): also sign and add x-amz-content-sha256, the
  // hex SHA-256 of the body. presign_query() never adds it.
  bool add_content_sha256 = false;
};

struct HeaderSignature {
  std::string canonical_request, string_to_sign, signature;
  // What to add to the request, in this order: X-Amz-Date, X-Amz-Security-Token (when the
  // credentials have a session token), x-amz-content-sha256 (option), Authorization.
  std::vector<std::pair<std::string, std::string>> headers;
};

// The Authorization-header form. Signed headers: Host, every header of the request, X-Amz-Date,
// and X-Amz-Security-Token and x-amz-content-sha256 when they are added.
HeaderSignature sign_headers(const SignableRequest& request, const Credentials& credentials,
                             const SigningScope& scope, const SigningOptions& options = {});

struct QuerySignature {
  std::string canonical_request, string_to_sign, signature;
  // The full signed query string (without '?'): the canonical query string (the request's pairs
  // and X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-Security-Token when
  // the credentials have a session token, X-Amz-SignedHeaders, all sorted by encoded name, then
  // value), then X-Amz-Signature last. This is the order of aws-sdk-go-v2; botocore puts
  // X-Amz-Security-Token after X-Amz-SignedHeaders, which signs the same canonical request.
  std::string query;
};

// The pre-signed query form (a pre-signed URL; the RDS IAM token). Signed headers: Host and every
// header of the request; the session token is signed as X-Amz-Security-Token.
// REQUIRES: 1 s <= expires <= 604800 s (seven days, the longest AWS accepts).
QuerySignature presign_query(const SignableRequest& request, const Credentials& credentials,
                             const SigningScope& scope, std::chrono::seconds expires,
                             const SigningOptions& options = {});

// The digests SigV4 is made of (crypto/digest.hpp).
using crypto::hmac_sha256;
using crypto::sha256_hex;

// RFC 3986 percent-encoding as SigV4 wants it: the unreserved bytes (A-Z a-z 0-9 - . _ ~) kept,
// '/' kept only when `encode_slash` is false, every other byte as %XX with upper-case hex.
std::string uri_encode(std::string_view text, bool encode_slash = true);

// The canonical URI of `path` (see SignableRequest::path and SigningOptions::normalize_path).
std::string canonical_uri(std::string_view path, bool normalize_path);

// `time` as X-Amz-Date writes it, in UTC to the second: "20150830T123600Z".
std::string amz_date(std::chrono::system_clock::time_point time);

}  // namespace retort::aws
