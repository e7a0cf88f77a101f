"""Sender-constrained tokens: a `cnf` claim binds the token to a key (DPoP) or a certificate (mTLS).

Sources: RFC 9449 (DPoP: `cnf.jkt`, the `DPoP` scheme and proof header) and RFC 8705 (mutual TLS:
`cnf.x5t#S256`, the client certificate must reach the resource server).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard.core.tokens import references as ref
from wizard.core.vocab.findings import Findings

DPOP = "dpop"
MTLS = "mtls"


def binding_of(claims: Mapping[str, Any]) -> str | None:
    """'dpop' or 'mtls' for a sender-constrained token, else None."""
    cnf = claims.get("cnf")
    if not isinstance(cnf, Mapping):
        return None
    if "jkt" in cnf:
        return DPOP
    if "x5t#S256" in cnf:
        return MTLS
    return None


def binding_findings(claims: Mapping[str, Any], scheme: str | None) -> Findings:
    """Say how a bound token must be sent, and fail when it is sent in a way that cannot work."""
    found = Findings()
    bound = binding_of(claims)
    found.evidence["binding"] = bound or "none"
    found.facts["token_binding"] = bound or "none"
    sent = (scheme or "Bearer").strip()
    if bound == DPOP:
        found.refs.append(ref.RFC_9449)
        line = (
            "The token is DPoP-bound (cnf.jkt, RFC 9449): it must be sent as 'Authorization: "
            "DPoP <token>' with a DPoP proof header signed by the client's key."
        )
        if sent.lower() == "bearer":
            found.add(
                f"{line} A DPoP-bound token sent with Bearer is rejected, and the server's "
                "'WWW-Authenticate: DPoP' challenge says so.",
                "fail",
                "Send it with the DPoP scheme and a fresh DPoP proof per request (retry once "
                "with the server's DPoP-Nonce when it answers use_dpop_nonce).",
            )
        else:
            found.add(line)
        return found
    if bound == MTLS:
        found.refs.append(ref.RFC_8705)
        found.add(
            "The token is certificate-bound (cnf.x5t#S256, RFC 8705): the client's TLS "
            "certificate must reach the resource server. A gateway that terminates TLS and does "
            "not forward the certificate makes every call 401.",
            "warn",
            "Call the resource with the client certificate, and have any TLS-terminating "
            "gateway forward it (or validate the binding itself).",
        )
        return found
    found.add("The token is not sender-constrained (no cnf claim): a plain bearer token.")
    return found
