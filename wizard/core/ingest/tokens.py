"""Tokens and `Authorization` lines anywhere in a paste: JWTs, JWEs, opaque bearer values.

The cleaning of one pasted token (quotes, `Bearer `, line breaks) is `clean_pasted`'s; this
module finds the tokens in a larger text and names each by where it was.
"""

from __future__ import annotations

import re

from wizard.core.ingest.model import Evidence
from wizard.core.ingest.shapes import JWT_ANYWHERE
from wizard.core.tokens.pasted import clean_pasted

AUTHORIZATION_LINE = re.compile(
    r"\bauthorization\s*:\s*(?P<scheme>[A-Za-z][A-Za-z0-9_-]{0,30})(?:[ \t]+(?P<cred>[^\s'\"]+))?",
    re.IGNORECASE,
)
TOKEN_MEMBER = re.compile(
    r"[\"']?(?P<name>access_token|id_token|refresh_token)[\"']?\s*[:=]\s*[\"']?"
    r"(?P<value>[A-Za-z0-9._~+/=-]{8,})"
)
# A paste that is one word of token characters is an opaque token (Auth0's are 32 chars).
_LONE_TOKEN = re.compile(r"[A-Za-z0-9._~+/=-]{16,4096}")
# Bearer-like schemes whose credential is the token under test.
TOKEN_SCHEMES = ("bearer", "dpop")


def line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def find_tokens(text: str, evidence: Evidence, where: str) -> None:
    """Add every Authorization line, token member and bare JWT of `text` to `evidence`."""
    for match in AUTHORIZATION_LINE.finditer(text):
        if match["cred"] is None and match["scheme"].lower() in TOKEN_SCHEMES:
            continue
        if match["cred"] and clean_pasted(match["cred"]).value in evidence.secrets:
            continue  # already read from the trace this line belongs to
        place = f"{where} line {line_of(text, match.start())}"
        note_authorization(match["scheme"], match["cred"] or "", evidence, place)
    for match in TOKEN_MEMBER.finditer(text):
        value = clean_pasted(match["value"]).value
        evidence.add_secret(value)
        place = f"{where} line {line_of(text, match.start())}"
        evidence.add_piece("token-response", place)
        evidence.add_fact(match["name"], value, place)
        note_token_kind(value, evidence, place)
    for match in JWT_ANYWHERE.finditer(text):
        value = match.group(0)
        evidence.add_secret(value)
        if _already_named(evidence, value):
            continue
        place = f"{where} line {line_of(text, match.start())}"
        evidence.add_piece("jwe" if value.count(".") == 4 else "jwt", place)
        evidence.add_fact("token", value, place)
    stripped = text.strip()
    if not evidence.pieces and _LONE_TOKEN.fullmatch(stripped) and not stripped.isdigit():
        evidence.add_piece("opaque-token", where)
        evidence.add_fact("token", stripped, where)


def note_authorization(scheme: str, credential: str, evidence: Evidence, where: str) -> None:
    """An `Authorization: <scheme> <credential>` value: the scheme as a fact, the token kept."""
    evidence.add_piece("authorization-header", where)
    evidence.add_fact("auth_scheme", scheme, where)
    cleaned = clean_pasted(credential).value if credential else ""
    evidence.add_secret(credential)
    evidence.add_secret(cleaned)
    if scheme.lower() in TOKEN_SCHEMES and cleaned:
        evidence.add_fact("token", cleaned, where)
        note_token_kind(cleaned, evidence, where)
    elif scheme.lower() not in TOKEN_SCHEMES and not cleaned:
        evidence.notes.append(f"The Authorization header at {where} has no credential.")


def note_token_kind(value: str, evidence: Evidence, where: str) -> None:
    """The kind of a token found in a header or a member: a JWT, a JWE, or opaque."""
    match = JWT_ANYWHERE.fullmatch(value)
    if match is not None:
        evidence.add_piece("jwe" if value.count(".") == 4 else "jwt", where)
    elif _LONE_TOKEN.fullmatch(value) and not value.isdigit():
        evidence.add_piece("opaque-token", where)


def _already_named(evidence: Evidence, value: str) -> bool:
    """Whether this JWT is already a fact (from its Authorization line or a token member)."""
    return any(fact.value == value for fact in evidence.facts.values())
