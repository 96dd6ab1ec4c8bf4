"""AWS Signature Version 4, header form, for the fake AWS endpoints.

Written from AWS's description of SigV4 (the canonical request, the string to
sign, the derived signing key), not from any SDK. The fake uses these
functions to recompute the signature of a request as it arrived; the
self-test checks them against the AWS SigV4 test suite and uses sign_request()
as its client.

A request here is what http.server hands over: `target` is the request-target
of the request line as text (its bytes decoded as ISO-8859-1, as http.server
does), `headers` a list of (name, value) pairs in arrival order, `body` bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import urllib.parse
from dataclasses import dataclass
from datetime import datetime, timezone

ALGORITHM = "AWS4-HMAC-SHA256"
TERMINATOR = "aws4_request"
AMZ_DATE_FORMAT = "%Y%m%dT%H%M%SZ"


class SignatureError(Exception):
    """A request refused for its signature: the AWS error type and message."""

    def __init__(self, error_type: str, message: str):
        super().__init__(f"{error_type}: {message}")
        self.error_type = error_type
        self.message = message


@dataclass
class Authorization:
    """The parts of an `Authorization: AWS4-HMAC-SHA256 ...` header."""

    key_id: str
    date: str  # YYYYMMDD of the credential scope
    region: str
    service: str
    terminator: str
    signed_headers: list[str]
    signature: str

    @property
    def scope(self) -> str:
        return f"{self.date}/{self.region}/{self.service}/{self.terminator}"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def wire_bytes(text: str) -> bytes:
    """The bytes of a request-target as http.server decoded them."""
    return text.encode("latin-1")


def uri_encode(raw: bytes, keep_slash: bool) -> str:
    """Percent-encodes every byte but A-Z a-z 0-9 - _ . ~ (and '/' in a path), in upper-case hex."""
    return urllib.parse.quote(raw, safe="/" if keep_slash else "")


def normalize_path(path: bytes) -> bytes:
    """RFC 3986 dot-segment removal, with empty segments dropped, as every
    AWS service but S3 does before signing: //a/./b/../c/ -> /a/c/."""
    segments = path.split(b"/")
    kept: list[bytes] = []
    for segment in segments:
        if segment in (b"", b"."):
            continue
        if segment == b"..":
            if kept:
                kept.pop()
            continue
        kept.append(segment)
    result = b"/" + b"/".join(kept)
    if kept and segments[-1] in (b"", b".", b".."):
        result += b"/"
    return result


def canonical_uri(path: str, normalize: bool = True) -> str:
    """The path as it arrived, normalized unless `normalize` is False (S3),
    then URI-encoded: an already encoded path is encoded a second time."""
    raw = wire_bytes(path) or b"/"
    if normalize:
        raw = normalize_path(raw)
    return uri_encode(raw, keep_slash=True)


def canonical_query(query: str) -> str:
    """Each name=value decoded, encoded again strictly, sorted by name then value."""
    pairs = []
    for item in query.split("&"):
        if not item:
            continue
        name, _, value = item.partition("=")
        pairs.append(
            (
                uri_encode(urllib.parse.unquote_to_bytes(wire_bytes(name)), keep_slash=False),
                uri_encode(urllib.parse.unquote_to_bytes(wire_bytes(value)), keep_slash=False),
            )
        )
    return "&".join(f"{name}={value}" for name, value in sorted(pairs))


def canonical_header_value(values: list[str]) -> str:
    """Every value trimmed with runs of white space (folded lines too) made
    one space; repeated headers joined with ',' in arrival order."""
    return ",".join(" ".join(value.split()) for value in values)


def header_values(headers: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in headers if key.lower() == name]


def canonical_request(
    method: str,
    target: str,
    headers: list[tuple[str, str]],
    signed_headers: list[str],
    payload_hash: str,
    normalize: bool = True,
) -> str:
    """The canonical request over `signed_headers` (lower-case names, in the
    order given); a signed header that did not arrive counts as empty."""
    path, _, query = target.partition("?")
    lines = [method, canonical_uri(path, normalize), canonical_query(query)]
    for name in signed_headers:
        lines.append(f"{name}:{canonical_header_value(header_values(headers, name))}")
    lines += ["", ";".join(signed_headers), payload_hash]
    return "\n".join(lines)


def string_to_sign(amz_date: str, scope: str, canonical: str) -> str:
    return "\n".join([ALGORITHM, amz_date, scope, sha256_hex(canonical.encode("utf-8"))])


def signing_key(secret_access_key: str, date: str, region: str, service: str) -> bytes:
    key = ("AWS4" + secret_access_key).encode("utf-8")
    for part in (date, region, service, TERMINATOR):
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    return key


def signature(key: bytes, to_sign: str) -> str:
    return hmac.new(key, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def parse_authorization(value: str) -> Authorization:
    """Parses the header; raises SignatureError (IncompleteSignatureException)
    when it is not a complete AWS4-HMAC-SHA256 authorization."""
    algorithm, _, rest = value.strip().partition(" ")
    if algorithm != ALGORITHM:
        raise SignatureError(
            "IncompleteSignatureException",
            f"Unsupported AWS 'algorithm': '{algorithm}'. Expected '{ALGORITHM}'.",
        )
    fields = {}
    for part in rest.split(","):
        name, _, field_value = part.strip().partition("=")
        fields[name] = field_value
    required = ("Credential", "SignedHeaders", "Signature")
    missing = [name for name in required if not fields.get(name)]
    if missing:
        raise SignatureError(
            "IncompleteSignatureException",
            " ".join(f"Authorization header requires '{name}' parameter." for name in missing),
        )
    credential = fields["Credential"].split("/")
    if len(credential) != 5:
        raise SignatureError(
            "IncompleteSignatureException",
            f"Credential must have exactly 5 slash-delimited elements, e.g. "
            f"keyid/date/region/service/term, got '{fields['Credential']}'",
        )
    return Authorization(*credential, fields["SignedHeaders"].split(";"), fields["Signature"])


def parse_amz_date(amz_date: str) -> datetime:
    """Raises SignatureError (IncompleteSignatureException) when not YYYYMMDDTHHMMSSZ."""
    try:
        return datetime.strptime(amz_date, AMZ_DATE_FORMAT).replace(tzinfo=timezone.utc)
    except ValueError:
        raise SignatureError(
            "IncompleteSignatureException",
            f"Date must be in ISO-8601 'basic format'. Got '{amz_date}'.",
        ) from None


def format_amz_date(moment: float) -> str:
    return datetime.fromtimestamp(moment, timezone.utc).strftime(AMZ_DATE_FORMAT)


def check_request_time(amz_date: str, now: float, max_skew_s: int) -> None:
    """Raises SignatureError (InvalidSignatureException) when X-Amz-Date is
    more than `max_skew_s` from `now`, in the words AWS uses."""
    sent = parse_amz_date(amz_date).timestamp()
    minutes = max_skew_s // 60
    if sent < now - max_skew_s:
        raise SignatureError(
            "InvalidSignatureException",
            f"Signature expired: {amz_date} is now earlier than "
            f"{format_amz_date(now - max_skew_s)} ({format_amz_date(now)} - {minutes} min.)",
        )
    if sent > now + max_skew_s:
        raise SignatureError(
            "InvalidSignatureException",
            f"Signature not yet current: {amz_date} is still later than "
            f"{format_amz_date(now + max_skew_s)} ({format_amz_date(now)} + {minutes} min.)",
        )


@dataclass
class Computed:
    """What the signature of a request should be, with its two inputs."""

    canonical_request: str
    string_to_sign: str
    signature: str


def compute(
    method: str,
    target: str,
    headers: list[tuple[str, str]],
    body: bytes,
    auth: Authorization,
    amz_date: str,
    secret_access_key: str,
    normalize: bool = True,
) -> Computed:
    """The signature the request should carry for `auth`'s scope and signed
    headers, over the payload as it arrived."""
    canonical = canonical_request(
        method, target, headers, auth.signed_headers, sha256_hex(body), normalize
    )
    to_sign = string_to_sign(amz_date, auth.scope, canonical)
    key = signing_key(secret_access_key, auth.date, auth.region, auth.service)
    return Computed(canonical, to_sign, signature(key, to_sign))


def sign_request(
    method: str,
    target: str,
    headers: list[tuple[str, str]],
    body: bytes,
    key_id: str,
    secret_access_key: str,
    region: str,
    service: str,
    amz_date: str,
    session_token: str | None = None,
    sign_session_token: bool = True,
    sign_payload_header: bool = False,
    normalize: bool = True,
) -> list[tuple[str, str]]:
    """Returns `headers` plus X-Amz-Date, X-Amz-Content-Sha256 (when
    `sign_payload_header`), X-Amz-Security-Token and Authorization, signing
    every header given (so `headers` must hold Host)."""
    signed = list(headers) + [("X-Amz-Date", amz_date)]
    if sign_payload_header:
        signed.append(("X-Amz-Content-Sha256", sha256_hex(body)))
    if session_token and sign_session_token:
        signed.append(("X-Amz-Security-Token", session_token))
    names = sorted({name.lower() for name, _ in signed})
    auth = Authorization(key_id, amz_date[:8], region, service, TERMINATOR, names, "")
    computed = compute(method, target, signed, body, auth, amz_date, secret_access_key, normalize)
    result = list(signed)
    if session_token and not sign_session_token:
        result.append(("X-Amz-Security-Token", session_token))
    value = (
        f"{ALGORITHM} Credential={key_id}/{auth.scope}, SignedHeaders={';'.join(names)}, "
        f"Signature={computed.signature}"
    )
    return result + [("Authorization", value)]
