"""Which scopes a token was granted, whether the required ones are there, and what they gate.

The scope-to-claim table is OIDC Core 5.4; the roles advice comes from the providers (Okta's
``groups`` claim, custom scopes such as PingIdentity's ``entitlement_group``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard.core.tokens.claims import MISSING, claim_at, scopes
from wizard.core.vocab.findings import Findings

# OIDC Core 5.4: the standard claims each scope asks for.
SCOPE_CLAIMS: dict[str, tuple[str, ...]] = {
    "profile": (
        "name", "family_name", "given_name", "middle_name", "nickname", "preferred_username",
        "profile", "picture", "website", "gender", "birthdate", "zoneinfo", "locale",
        "updated_at",
    ),
    "email": ("email", "email_verified"),
    "address": ("address",),
    "phone": ("phone_number", "phone_number_verified"),
}  # fmt: skip
_ROLE_CLAIMS = ("groups", "roles", "role", "entitlements", "entitlement_group", "permissions")

_REQUEST_FIX: dict[str, str] = {
    "okta-org": (
        "Request the scopes in the authorize call's scope parameter. The org server only knows "
        "the OIDC and Okta scopes: custom scopes need a custom authorization server."
    ),
    "okta-custom": (
        "Request the scopes in the authorize call's scope parameter, make sure they exist on "
        "the authorization server (Scopes tab) and that an access policy rule grants them."
    ),
    "auth0": (
        "Request the scopes in the scope parameter; API scopes must be defined as the API's "
        "permissions and allowed for the application."
    ),
    "keycloak": (
        "Request the scopes in the scope parameter and assign them to the client as default "
        "or optional client scopes."
    ),
    "entra-v1": (
        "scp lists delegated permissions: add them under the app's API permissions and grant "
        "(admin) consent; app-only tokens carry roles instead of scp."
    ),
}
_REQUEST_FIX["entra-v2"] = _REQUEST_FIX["entra-v1"]
_GENERIC_FIX = "Request the missing scopes in the scope parameter and allow them for the client."


def scope_findings(
    claims: Mapping[str, Any],
    required: list[str],
    expect_claim: str | None,
    kind: str,
    provider: str,
) -> Findings:
    """Compare granted scopes with `required`, and say what scope `expect_claim` needs."""
    found = Findings()
    granted = scopes(claims)
    fix = _REQUEST_FIX.get(provider, _GENERIC_FIX)
    found.evidence.update(
        {"claim": granted.claim, "shape": granted.shape, "granted": list(granted.values)}
    )
    found.evidence["required"] = required
    if granted.claim is None:
        if kind == "id":
            found.status = "skip"
            found.lines.append(
                "This is an ID token: ID tokens carry no scope claim (the requested scopes "
                "decide which claims are in them). Check the access token's scopes instead."
            )
            _claim_scope_advice(found, claims, expect_claim, granted.values, fix)
            return found
        status = "fail" if required else "warn"
        line = "The token has neither scp nor scope, so the granted scopes cannot be seen" + (
            f"; required: {' '.join(required)}." if required else "."
        )
        if provider in ("entra-v1", "entra-v2") and "roles" in claims:
            line += (
                " It has roles: an Entra app-only token, whose application permissions are in "
                "roles, not scopes."
            )
        found.add(line, status, fix)
        _claim_scope_advice(found, claims, expect_claim, granted.values, fix)
        return found
    found.facts["token_scopes"] = " ".join(granted.values)
    shape = {"array": "an array", "string": "a space-separated string"}.get(granted.shape)
    if shape is None:
        found.add(
            f"{granted.claim} is neither a string nor an array, so no validator can read it.",
            "fail",
            "Fix the issuer's mapper for the scope claim.",
        )
    else:
        listed = " ".join(granted.values) or "(none)"
        found.add(f"Scopes granted ({granted.claim}, {shape}): {listed}.")
    if granted.claim == "scope" and granted.shape == "array":
        found.add(
            "scope is an array, while RFC 9068 and most validators expect a space-separated "
            "string: some service providers will see no scopes at all.",
            "warn",
            "Make the issuer emit scope as a string, or configure the validator to read arrays.",
        )
    _required_scopes(found, granted.values, required, fix)
    if granted.values and "openid" not in granted.values and kind != "id":
        line = "openid is not among them, so the userinfo endpoint will refuse this token."
        if provider == "auth0":
            line += " Auth0 also leaves the /userinfo audience out of aud without openid."
        found.add(line, "warn" if provider == "auth0" else "pass", "Add openid to the scopes.")
    _claim_scope_advice(found, claims, expect_claim, granted.values, fix)
    return found


def _required_scopes(found: Findings, granted: tuple[str, ...], required: list[str], fix: str):
    if not required:
        return
    missing = [name for name in required if name not in granted]
    if not missing:
        found.add(f"All required scopes are present ({' '.join(required)}).")
        return
    lowered = {name.lower(): name for name in granted}
    case_hints = [f"{lowered[m.lower()]!r} for {m!r}" for m in missing if m.lower() in lowered]
    hint = (
        f" Case differs: {', '.join(case_hints)} (scopes are case-sensitive)." if case_hints else ""
    )
    found.add(f"Missing required scopes: {' '.join(missing)}.{hint}", "fail", fix)


def _claim_scope_advice(
    found: Findings,
    claims: Mapping[str, Any],
    expect_claim: str | None,
    granted: tuple[str, ...],
    fix: str,
) -> None:
    if not expect_claim:
        return
    present = claim_at(claims, expect_claim) is not MISSING
    top = expect_claim.split(".")[0]
    for scope, names in SCOPE_CLAIMS.items():
        if top in names and scope not in granted and not present:
            found.add(
                f"The service provider reads {expect_claim!r}, a claim of the {scope!r} scope, "
                f"which the token lacks: request {scope!r}.",
                "warn",
                fix,
            )
            return
    custom = top in _ROLE_CLAIMS or top not in _standard_claims()
    if custom and not present and top not in granted:
        found.add(
            f"The service provider reads {expect_claim!r}, which the token lacks. A roles "
            "or groups claim is often released only with its own scope (Okta: 'groups'; "
            f"custom ones such as 'entitlement_group') or a mapper: request {top!r} if the "
            "issuer defines such a scope.",
            "warn",
            "Ask the identity provider's admin which scope or mapper releases that claim.",
        )


def _standard_claims() -> set[str]:
    names = {name for group in SCOPE_CLAIMS.values() for name in group}
    return names | {"sub", "iss", "aud", "exp", "iat", "nbf", "azp", "sid", "auth_time"}
