"""Answers to a bearer call that say something other than "bad token": sign-in pages and DPoP.

A session-cookie gateway (oauth2-proxy, OpenSearch Dashboards, an ALB authenticate action) that
never looks at the bearer answers with its sign-in page or a redirect to the IdP; a server that
wants DPoP answers with a `DPoP` challenge (RFC 9449 section 7.1).
"""

from __future__ import annotations

import re

from wizard.core.net.fetch import FetchedResponse, looks_like_html
from wizard.core.tokens import references as ref

# Words of a sign-in page or of an IdP's authorize URL.
_SIGN_IN = re.compile(
    r"sign[ -]?in|log[ -]?in|/oauth2/(start|sign_in)|/authorize|/protocol/openid-connect/auth"
    r"|password",
    re.IGNORECASE,
)
# How much of an HTML body is searched: a sign-in page says so near its top.
_SEARCHED = 16 * 1024

SESSION_COOKIE_SAID = (
    "sign-in page: the gateway wants a session cookie. It never looked at the bearer token, so "
    "nothing about the token (scopes included) is to blame"
)
SESSION_COOKIE_FIX = (
    "Call the API behind the gateway directly, or let the gateway accept bearer tokens: "
    "oauth2-proxy with --skip-jwt-bearer-tokens (and --extra-jwt-issuers for other issuers), "
    "an ALB rule that skips its authenticate action for API paths; OpenSearch Dashboards is "
    "for browsers, call OpenSearch's REST API with the token instead."
)
GATEWAY_REFS = (ref.OAUTH2_PROXY_BEARER, ref.ALB_AUTHENTICATE)


def is_sign_in_page(response: FetchedResponse) -> bool:
    """True for an HTML answer that reads as a sign-in form."""
    if not looks_like_html(response):
        return False
    return _SIGN_IN.search(response.body[:_SEARCHED].decode("utf-8", "replace")) is not None


def is_sign_in_redirect(location: str) -> bool:
    """True for a redirect to a sign-in page or an IdP's authorization endpoint."""
    return _SIGN_IN.search(location) is not None


def dpop_explanation(schemes: list[str], sent_scheme: str | None) -> tuple[str, str] | None:
    """(what, fix) when the server asks for DPoP in answer to another scheme, else None."""
    if "dpop" not in schemes or (sent_scheme or "").lower() == "dpop":
        return None
    return (
        "It answers with a DPoP challenge: the resource wants DPoP-bound tokens, and a "
        "DPoP-bound token sent with Bearer is rejected (RFC 9449); see the "
        "'Sender-constrained token' card.",
        "Send the token as 'Authorization: DPoP <token>' with a DPoP proof header signed by the "
        "client's key (the token's cnf.jkt names it); retry once with the DPoP-Nonce the server "
        "sends when it answers use_dpop_nonce.",
    )


DPOP_REFS = (ref.RFC_9449,)
