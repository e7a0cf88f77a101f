"""Keycloak checks: what the token's own shape says (typ, audience, issuer host) and its roles."""

from __future__ import annotations

from wizard.core.checks._fromfindings import findings_result, unreadable
from wizard.core.checks._netcheck import first_token
from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import check
from wizard.core.tokens import detect_provider
from wizard.core.tokens import references as ref
from wizard.core.tokens.keycloak_rules import keycloak_roles_findings, keycloak_token_findings
from wizard.core.tokens.providers import KEYCLOAK
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
    token = first_token(ctx, "token")
    skipped = unreadable(ctx, token, "a Keycloak token")
    if skipped is not None or token is None:
        return skipped or ctx.skipped("Not run: it needs a token.")
    if detect_provider(token.claims).provider != KEYCLOAK:
        return ctx.skipped(
            "Not run: the token does not have Keycloak's shape (see the 'Provider' card)."
        )
    found = keycloak_token_findings(token.claims, ctx.get("audience"), ctx.get("issuer"))
    return findings_result(ctx, found, token, REFS)


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
    found = keycloak_roles_findings(id_claims, access_claims, ctx.get("client_id"))
    return findings_result(ctx, found, id_token or access, (ref.KEYCLOAK_ROLES_MAPPER,))
