"""Recognising log and error lines a user pastes: what each means and which checks to run.

`recognise_log_line` is pure and offline; the triage flow feeds it whatever the user pasted
(a log line, several lines, an error body) and offers the checks it names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple


class LogMatch(NamedTuple):
    """One recognised message: a stable id, what it means here, and the checks that explain it."""

    message_id: str
    explanation: str
    check_ids: tuple[str, ...]


Explain = Callable[[re.Match[str]], str]


def _openid_failed(rest: str) -> str:
    reason = rest.strip().rstrip('"}').strip()
    said = f" ({reason})" if reason else ""
    return (
        f"OpenSearch Dashboards could not complete the OpenID login{said}. 'Authentication "
        "Exception' means OpenSearch itself refused the ID token Dashboards forwarded: look at "
        "the OpenSearch nodes' log lines from the same moment."
    )


def _roles_key_missing(key: str) -> str:
    if key == "[]":
        # From 3.2 the plugin prints the configured path as a list: an empty one is no setting.
        return (
            "roles_key is not configured (the plugin prints '[]' for an empty roles_key from "
            "3.2 on): it is not that a claim is missing. Set roles_key in config.yml's openid "
            "domain to the claim that holds the roles; without it the user has no backend roles."
        )
    return (
        f"The security plugin found no claim '{key}' (its roles_key) in the token, so "
        "the user gets no backend roles. The login itself can still succeed; without a role "
        "mapping by user name it then ends in 403 'no permissions'. Dashboards forwards the "
        "ID token: the claim must be in the ID token, at the top level before 3.1."
    )


class _Rule(NamedTuple):
    message_id: str
    pattern: re.Pattern[str]
    explain: Explain
    check_ids: tuple[str, ...]


def _fixed(text: str) -> Explain:
    return lambda _match: text


def _rule(message_id: str, regex: str, explain: Explain | str, *check_ids: str) -> _Rule:
    explainer = _fixed(explain) if isinstance(explain, str) else explain
    return _Rule(message_id, re.compile(regex, re.IGNORECASE), explainer, check_ids)


_RULES: tuple[_Rule, ...] = (
    _rule(
        "opensearch.roles_key_missing",
        r"Failed to get roles from JWT claims with roles_key '(?P<key>[^']*)'",
        lambda m: _roles_key_missing(m["key"]),
        "opensearch.roles",
        "token.claims",
        "token.scopes",
        "opensearch.role_mapping",
    ),
    _rule(
        "opensearch.roles_type",
        r"Expected type String or Collection for roles in the JWT for roles_key",
        "The roles claim is neither a string nor a list; the plugin uses its text form.",
        "opensearch.roles",
    ),
    _rule(
        "opensearch.subject_key_missing",
        r"Failed to get subject from JWT claims, check if subject_key '(?P<key>[^']*)' is correct",
        lambda m: (
            f"The token has no claim '{m['key']}' (the configured subject_key), so no user name "
            "can be taken from it and this authentication domain fails."
        ),
        "opensearch.subject",
        "token.claims",
    ),
    _rule(
        "opensearch.no_subject",
        r"No subject found in JWT token",
        "No user name came out of the token (no 'sub', or subject_key names a missing claim).",
        "opensearch.subject",
        "token.claims",
    ),
    _rule(
        "opensearch.invalid_signature",
        r"Invalid JWT signature",
        "The token's signature did not verify with the IdP's keys: a token from another issuer "
        "or realm, a rotated key, or a key-confusion attempt.",
        "token.signature",
        "jwks.keys",
        "opensearch.idp",
    ),
    _rule(
        "opensearch.unknown_kid",
        r"Unknown kid",
        "The token names a key id the IdP's JWKS does not have: a different issuer than "
        "openid_connect_url, or keys rotated since OpenSearch cached them.",
        "token.signature",
        "jwks.keys",
        "opensearch.idp",
    ),
    _rule(
        "opensearch.invalid_audience",
        r"Invalid audience",
        "The token's aud is not what required_audience in config.yml asks for.",
        "opensearch.idp",
        "token.audience",
    ),
    _rule(
        "opensearch.invalid_issuer",
        r"Invalid issuer",
        "The token's iss is not what required_issuer in config.yml asks for.",
        "opensearch.idp",
        "token.issuer",
    ),
    _rule(
        "opensearch.authentication_failed",
        r"Authentication finally failed for (?P<user>\S*) from (?P<address>\S+)",
        lambda m: (
            f"No authentication domain accepted the request (user '{m['user'] or 'unknown'}', "
            f"from {m['address']}): every domain in config.yml was tried in order and none "
            "authenticated it. Look at the lines just before it for the reason."
        ),
        "opensearch.authc",
        "opensearch.idp",
        "opensearch.subject",
        "token.signature",
        "token.lifetime",
    ),
    _rule(
        "opensearch.basic_challenge",
        r"No '(?:Basic )?Authorization' header, send 401 and 'WWW-Authenticate Basic'",
        "A request without a Basic Authorization header reached the basic (internal users) "
        "domain. With challenge: false on that domain and an openid domain after it, this line "
        "is harmless noise; with challenge: true it answers Bearer calls with a Basic challenge.",
        "opensearch.authc",
    ),
    _rule(
        "opensearch.no_permissions",
        r"no permissions for \[(?P<actions>[^\]]*)\]",
        lambda m: (
            f"Authentication worked but no role grants [{m['actions']}]: the user is mapped to no "
            "role that allows it (a 403, not a 401). Check roles_mapping.yml against the user "
            "name and backend roles."
        ),
        "opensearch.role_mapping",
        "opensearch.roles",
        "opensearch.subject",
    ),
    _rule(
        "dashboards.openid_failed",
        r"OpenId authentication failed:?(?P<rest>.*)",
        lambda m: _openid_failed(m["rest"]),
        "opensearch.authc",
        "opensearch.idp",
        "opensearch.subject",
        "opensearch.redirect",
    ),
    _rule(
        "dashboards.idp_endpoints",
        r"Failed when trying to obtain the endpoints from your IdP",
        "Dashboards could not fetch the discovery document at "
        "opensearch_security.openid.connect_url (wrong URL, TLS trust, proxy, or DNS).",
        "opensearch.idp",
        "discovery.document",
    ),
    _rule(
        "auth0.userinfo_invalid_credentials",
        r"invalid credentials",
        "Auth0's /userinfo refused the access token: a JWT access token must carry the "
        "https://TENANT.auth0.com/userinfo audience, which Auth0 adds only when the scope "
        "includes openid and the API is not HS256.",
        "auth0.userinfo",
        "token.audience",
        "token.scopes",
        "userinfo.request",
    ),
    _rule(
        "okta.scope_denied",
        r"app\.oauth2(?:\.as)?\.authorize\.scope_denied",
        "Okta refused a requested scope for this app (a custom scope on the org server, or a "
        "scope not granted to the client).",
        "okta.system_log",
        "token.scopes",
        "okta.server",
    ),
    _rule(
        "okta.token_granted",
        r"app\.oauth2(?P<custom>\.as)?\.token\.grant\.(?P<kind>id_token|access_token)",
        lambda m: (
            f"Okta issued an {m['kind'].replace('_', ' ')} from the "
            f"{'custom' if m['custom'] else 'org'} authorization server: the tokens exist, so "
            "look at what the service provider expects of them."
        ),
        "okta.system_log",
        "token.audience",
        "token.claims",
    ),
)


def recognise_log_line(text: str) -> list[LogMatch]:
    """Every known message found in `text` (one line or many), in the order of the catalog."""
    found: list[LogMatch] = []
    for rule in _RULES:
        match = rule.pattern.search(text)
        if match:
            found.append(LogMatch(rule.message_id, rule.explain(match), rule.check_ids))
    return found
