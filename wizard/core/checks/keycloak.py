"""Keycloak checks: what the token's own shape says (typ, audience, issuer host) and its roles."""

from __future__ import annotations

from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import check
from wizard.core.checks.token_input import first_token, provider_guess, readable_token
from wizard.core.tokens import detect_provider
from wizard.core.tokens import references as ref
from wizard.core.tokens.keycloak_rules import keycloak_roles_findings, keycloak_token_findings
from wizard.core.tokens.providers import GENERIC, KEYCLOAK
from wizard.core.vocab.result import CheckResult

REFS = (ref.KEYCLOAK_AUDIENCE,)


@check(
    "keycloak.token",
    title="Keycloak token shape",
    inputs={
        "token": "the token the API rejects",
        "audience": "the audience the API expects",
        "issuer": "the issuer the service expects (its configured realm URL)",
    },
    requires=("token",),
    learns=("keycloak_fault",),
)
async def keycloak_token(ctx: CheckContext) -> CheckResult:
    token = readable_token(ctx)
    if provider_guess(ctx, token).provider != KEYCLOAK:
        return ctx.skipped(
            "Not run: the token does not have Keycloak's shape (see the 'Provider' card)."
        )
    found = keycloak_token_findings(token.claims, ctx.get("audience"), ctx.get("issuer"))
    # A finding brings its own links; the audience guide is the check's only where none did.
    refs = () if found.refs else REFS
    return ctx.conclude(found, refs=refs, evidence={"token": token.fingerprint})


@check(
    "keycloak.roles",
    title="Keycloak roles",
    inputs={
        "id_token": "the ID token (what OpenSearch Dashboards and many apps read roles from)",
        "access_token": "the access token from the same login",
        "client_id": "the client whose resource_access roles count (else every client's)",
    },
    learns=("keycloak_fault",),
)
async def keycloak_roles(ctx: CheckContext) -> CheckResult:
    id_token = first_token(ctx, "id_token")
    access = first_token(ctx, "access_token")
    id_claims = id_token.claims if id_token is not None and id_token.readable else None
    access_claims = access.claims if access is not None and access.readable else None
    providers = {detect_provider(c).provider for c in (id_claims, access_claims) if c is not None}
    if providers and not providers & {KEYCLOAK, GENERIC}:
        # An Okta or Auth0 token has no realm_access: "no roles" would be a false lead.
        return ctx.skipped(
            "Not run: the tokens are not Keycloak's (see the 'Provider' card); its roles "
            "live in realm_access and resource_access."
        )
    found = keycloak_roles_findings(id_claims, access_claims, ctx.get("client_id"))
    seen = id_token or access
    evidence = {"token": seen.fingerprint} if seen is not None else None
    return ctx.conclude(found, refs=(ref.KEYCLOAK_ROLES_MAPPER,), evidence=evidence)
