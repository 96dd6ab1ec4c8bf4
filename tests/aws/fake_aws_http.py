"""The request and reply values that the roles of the fake AWS endpoints
(fake_aws.py) pass around, and the reply shapes of AWS's protocols."""

from __future__ import annotations

import json
import urllib.parse
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from xml.sax.saxutils import escape

AWS_JSON = "application/x-amz-json-1.1"
STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/"


@dataclass
class Request:
    """One request as it arrived: `target` is the request line's target (its
    bytes as ISO-8859-1 text), `headers` the (name, value) pairs in order."""

    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def path(self) -> str:
        return self.target.partition("?")[0]

    @property
    def query(self) -> str:
        return self.target.partition("?")[2]

    def header(self, name: str) -> str:
        """The header's values joined with ',', or "" when absent."""
        name = name.lower()
        return ",".join(value for key, value in self.headers if key.lower() == name)

    def has_header(self, name: str) -> bool:
        return any(key.lower() == name.lower() for key, _ in self.headers)

    def query_params(self) -> dict[str, str]:
        """The query's parameters, decoded (the last one wins)."""
        return dict(urllib.parse.parse_qsl(self.query, keep_blank_values=True))

    def form(self) -> dict[str, str]:
        """The query's parameters, then an application/x-www-form-urlencoded body's."""
        params = self.query_params()
        if self.header("content-type").lower().startswith("application/x-www-form-urlencoded"):
            text = self.body.decode("utf-8", errors="replace")
            params.update(urllib.parse.parse_qsl(text, keep_blank_values=True))
        return params


@dataclass
class Reply:
    """What to answer. `outcome` goes to the request log ("ok", or the error
    type); `close` drops the connection without any answer."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    outcome: str = "ok"
    close: bool = False


def iso8601(moment: float) -> str:
    return datetime.fromtimestamp(moment, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def text_reply(status: int, text: str, outcome: str = "ok") -> Reply:
    headers = {"Content-Type": "text/plain; charset=utf-8"}
    return Reply(status, text.encode("utf-8"), headers, outcome)


def json_reply(status: int, value, outcome: str = "ok") -> Reply:
    body = json.dumps(value).encode("utf-8")
    return Reply(status, body, {"Content-Type": "application/json"}, outcome)


def aws_json_reply(status: int, value, outcome: str = "ok") -> Reply:
    """A JSON 1.1 protocol answer (Secrets Manager, SSM)."""
    headers = {"Content-Type": AWS_JSON, "x-amzn-RequestId": str(uuid.uuid4())}
    return Reply(status, json.dumps(value).encode("utf-8"), headers, outcome)


def aws_json_error(
    status: int, error_type: str, message: str | None, key: str = "message"
) -> Reply:
    """{"__type": ..., "message": ...}. AWS's front door (signature, token)
    says "message"; Secrets Manager's own exceptions say "Message"; SSM's
    ParameterNotFound has no message at all (`message` None)."""
    value = {"__type": error_type}
    if message is not None:
        value[key] = message
    return aws_json_reply(status, value, error_type)


def sts_error(status: int, fault: str, code: str, message: str) -> Reply:
    """A Query protocol error document (STS)."""
    body = (
        f'<ErrorResponse xmlns="{STS_NAMESPACE}">\n'
        f"  <Error>\n    <Type>{fault}</Type>\n    <Code>{escape(code)}</Code>\n"
        f"    <Message>{escape(message)}</Message>\n  </Error>\n"
        f"  <RequestId>{uuid.uuid4()}</RequestId>\n</ErrorResponse>\n"
    )
    return Reply(status, body.encode("utf-8"), {"Content-Type": "text/xml"}, code)
