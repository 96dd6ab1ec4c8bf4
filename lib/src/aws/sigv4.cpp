#include "aws/sigv4.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "crypto/digest.hpp"

namespace retort::aws {
namespace {

constexpr std::string_view k_sigv4_algorithm = "AWS4-HMAC-SHA256";

std::string sigv4_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    out += digits[byte >> 4];
    out += digits[byte & 0xF];
  }
  return out;
}

bool sigv4_is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

int sigv4_hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// %XX escapes decoded; a '%' that does not start one stays as it is.
std::string sigv4_percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int high = sigv4_hex_value(text[i + 1]);
      const int low = sigv4_hex_value(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

// RFC 3986 (section 5.2.4) dot-segment removal, with empty segments ('//') dropped as well. The
// result starts with '/' and ends with one when the path did (or ended in "." or "..") and is not
// "/".
std::string sigv4_normalized_path(std::string_view path) {
  std::vector<std::string_view> kept;
  bool trailing_slash = false;
  std::size_t start = 0;
  while (true) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
    } else if (!segment.empty() && segment != ".") {
      kept.push_back(segment);
    }
    if (end == path.size()) {
      trailing_slash = segment.empty() || segment == "." || segment == "..";
      break;
    }
    start = end + 1;
  }
  std::string out = "/";
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i > 0) out += '/';
    out += kept[i];
  }
  if (trailing_slash && !kept.empty()) out += '/';
  return out;
}

bool sigv4_is_blank(char c) {
  return c == ' ' || c == '\t';
}

// Leading and trailing blanks removed, each inner run of blanks made one space.
std::string sigv4_header_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool pending_space = false;
  for (char c : value) {
    if (sigv4_is_blank(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string sigv4_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

struct SigV4Headers {
  std::string canonical;     // "name:value\n" per header, sorted by name
  std::string signed_names;  // "host;x-amz-date"
};

SigV4Headers sigv4_canonical_headers(
    std::string_view host, const std::vector<std::pair<std::string, std::string>>& headers) {
  std::map<std::string, std::string> joined;
  joined.emplace("host", sigv4_header_value(host));
  for (const auto& [name, value] : headers) {
    auto [it, inserted] = joined.try_emplace(sigv4_lower(sigv4_header_value(name)));
    if (!inserted) it->second += ',';
    it->second += sigv4_header_value(value);
  }
  SigV4Headers out;
  for (const auto& [name, value] : joined) {
    out.canonical += name + ':' + value + '\n';
    if (!out.signed_names.empty()) out.signed_names += ';';
    out.signed_names += name;
  }
  return out;
}

// Pairs encoded, sorted by name then value, joined as "name=value&...".
std::string sigv4_canonical_query(const std::vector<std::pair<std::string, std::string>>& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(query.size());
  for (const auto& [name, value] : query) encoded.emplace_back(uri_encode(name), uri_encode(value));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out += '&';
    out += name + '=' + value;
  }
  return out;
}

struct SigV4Result {
  std::string canonical_request, string_to_sign, signature;
};

// Everything after the canonical parts are known: the canonical request, the string to sign and
// the signature under the key derived from the secret, date, region and service.
SigV4Result sigv4_sign(const SignableRequest& request, std::string_view canonical_query,
                       const SigV4Headers& headers, std::string_view date_time,
                       std::string_view credential_scope, const Credentials& credentials,
                       const SigningScope& scope, const SigningOptions& options) {
  SigV4Result out;
  out.canonical_request = fmt::format(
      "{}\n{}\n{}\n{}\n{}\n{}", request.method, canonical_uri(request.path, options.normalize_path),
      canonical_query, headers.canonical, headers.signed_names, sha256_hex(request.body));
  out.string_to_sign = fmt::format("{}\n{}\n{}\n{}", k_sigv4_algorithm, date_time, credential_scope,
                                   sha256_hex(out.canonical_request));
  const std::string date_key =
      hmac_sha256("AWS4" + credentials.secret_access_key, date_time.substr(0, 8));
  const std::string region_key = hmac_sha256(date_key, scope.region);
  const std::string service_key = hmac_sha256(region_key, scope.service);
  const std::string signing_key = hmac_sha256(service_key, "aws4_request");
  out.signature = sigv4_hex(hmac_sha256(signing_key, out.string_to_sign));
  return out;
}

std::string sigv4_credential_scope(std::string_view date_time, const SigningScope& scope) {
  return fmt::format("{}/{}/{}/aws4_request", date_time.substr(0, 8), scope.region, scope.service);
}

}  // namespace

HeaderSignature sign_headers(const SignableRequest& request, const Credentials& credentials,
                             const SigningScope& scope, const SigningOptions& options) {
  const std::string date_time = amz_date(scope.time);
  HeaderSignature out;
  out.headers.emplace_back("X-Amz-Date", date_time);
  if (!credentials.session_token.empty()) {
    out.headers.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  if (options.add_content_sha256) {
    out.headers.emplace_back("x-amz-content-sha256", sha256_hex(request.body));
  }
  std::vector<std::pair<std::string, std::string>> signed_headers = request.headers;
  signed_headers.insert(signed_headers.end(), out.headers.begin(), out.headers.end());
  const SigV4Headers headers = sigv4_canonical_headers(request.host, signed_headers);

  const std::string credential_scope = sigv4_credential_scope(date_time, scope);
  SigV4Result result = sigv4_sign(request, sigv4_canonical_query(request.query), headers, date_time,
                                  credential_scope, credentials, scope, options);
  out.headers.emplace_back(
      "Authorization", fmt::format("{} Credential={}/{}, SignedHeaders={}, Signature={}",
                                   k_sigv4_algorithm, credentials.access_key_id, credential_scope,
                                   headers.signed_names, result.signature));
  out.canonical_request = std::move(result.canonical_request);
  out.string_to_sign = std::move(result.string_to_sign);
  out.signature = std::move(result.signature);
  return out;
}

QuerySignature presign_query(const SignableRequest& request, const Credentials& credentials,
                             const SigningScope& scope, std::chrono::seconds expires,
                             const SigningOptions& options) {
  const std::string date_time = amz_date(scope.time);
  const std::string credential_scope = sigv4_credential_scope(date_time, scope);
  const SigV4Headers headers = sigv4_canonical_headers(request.host, request.headers);

  std::vector<std::pair<std::string, std::string>> query = request.query;
  query.emplace_back("X-Amz-Algorithm", std::string(k_sigv4_algorithm));
  query.emplace_back("X-Amz-Credential", credentials.access_key_id + '/' + credential_scope);
  query.emplace_back("X-Amz-Date", date_time);
  query.emplace_back("X-Amz-Expires", std::to_string(expires.count()));
  if (!credentials.session_token.empty()) {
    query.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  query.emplace_back("X-Amz-SignedHeaders", headers.signed_names);
  const std::string canonical_query = sigv4_canonical_query(query);

  SigV4Result result = sigv4_sign(request, canonical_query, headers, date_time, credential_scope,
                                  credentials, scope, options);
  QuerySignature out;
  out.query = canonical_query + "&X-Amz-Signature=" + result.signature;
  out.canonical_request = std::move(result.canonical_request);
  out.string_to_sign = std::move(result.string_to_sign);
  out.signature = std::move(result.signature);
  return out;
}

std::string uri_encode(std::string_view text, bool encode_slash) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (sigv4_is_unreserved(byte) || (c == '/' && !encode_slash)) {
      out += c;
    } else {
      out += '%';
      out += digits[byte >> 4];
      out += digits[byte & 0xF];
    }
  }
  return out;
}

std::string canonical_uri(std::string_view path, bool normalize_path) {
  if (path.empty()) path = "/";
  if (normalize_path) return uri_encode(sigv4_normalized_path(path), false);
  return uri_encode(sigv4_percent_decode(path), false);
}

std::string amz_date(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto second = floor<seconds>(time);
  const auto day = floor<days>(second);
  const year_month_day date{day};
  const hh_mm_ss clock{second - day};
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                     clock.hours().count(), clock.minutes().count(), clock.seconds().count());
}

}  // namespace retort::aws
