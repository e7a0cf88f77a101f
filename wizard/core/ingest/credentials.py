"""Which values of a HAR are credentials, and what the sanitizer writes in their place.

Shared by `sanitize` (which replaces them) and `live_credentials` (which finds any left), so
the two agree on what counts: a value one writes is a value the other accepts.
"""

from __future__ import annotations

import hashlib
import hmac
import re

# Parameters (query, form, JSON) whose values are removed outright, and what each is called.
REMOVED_PARAMS = {
    "client_secret": "client_secret",
    "code_verifier": "code_verifier",
    "password": "passwords",
    "refresh_token": "refresh tokens",
    "client_assertion": "client assertions",
}
# Parameters whose values are tokens: JWTs keep header and payload, others get a pseudonym.
TOKEN_PARAMS = frozenset(
    {"access_token", "id_token", "code", "token", "assertion", "subject_token"}
)
# Headers whose whole value is a credential.
SECRET_HEADERS = frozenset(
    {"x-api-key", "proxy-authorization", "x-amz-security-token", "x-auth-token", "api-key"}
)
REMOVED = "[removed]"
PSEUDONYM = re.compile(r"^\[(?:cookie|token|secret) [0-9a-f]{12}\]$")
JWT = re.compile(
    r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*\.(?P<signature>[A-Za-z0-9_-]*)"
    r"(?:\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)?"
)


class Pseudonyms:
    """Keyed hash prefixes: the same secret always gets the same name, in this run only."""

    def __init__(self, key: bytes) -> None:
        self.key = key

    def name(self, kind: str, secret: str) -> str:
        digest = hmac.new(self.key, secret.encode("utf-8", "surrogatepass"), hashlib.sha256)
        return f"[{kind} {digest.hexdigest()[:12]}]"


def is_safe_value(value: str) -> bool:
    """Whether a credential slot holds what the sanitizer writes (nothing live)."""
    value = value.strip()
    if not value or value == REMOVED or PSEUDONYM.match(value):
        return True
    match = JWT.fullmatch(value)
    return match is not None and match["signature"] in ("", "redacted", "REDACTED")


def strip_signature(jwt: str) -> str:
    """A JWS with its signature removed (header and payload kept); a JWE is not readable: None."""
    parts = jwt.split(".")
    if len(parts) == 3:
        return f"{parts[0]}.{parts[1]}."
    return ""
