"""Microsoft Entra ID checks: token version, Graph tokens, app-only tokens, group overage."""

from __future__ import annotations

from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import check
from wizard.core.checks.token_input import provider_guess, readable_token
from wizard.core.tokens import ParsedToken
from wizard.core.tokens import references as ref
from wizard.core.tokens.entra_rules import entra_token_findings, group_overage_findings
from wizard.core.tokens.providers import ENTRA_V1, ENTRA_V2, is_graph_token
from wizard.core.vocab.result import CheckResult

ENTRA = (ENTRA_V1, ENTRA_V2)
NOT_ENTRA = "Not run: the token does not have Entra's shape (see the 'Provider' card)."


def _is_entra(ctx: CheckContext, token: ParsedToken) -> bool:
    return provider_guess(ctx, token).provider in ENTRA or is_graph_token(dict(token.claims))


@check(
    "entra.token",
    title="Microsoft Entra token",
    inputs={
        "token": "the token the API rejects",
        "audience": "the audience the API expects (App ID URI or application id)",
        "issuer": "the issuer the API trusts (v1 sts.windows.net or v2 …/v2.0, or a template)",
        "entra_api_version": "the token version the API accepts (1 or 2), if known",
    },
    requires=("token",),
    learns=("entra_fault",),
)
async def entra_token(ctx: CheckContext) -> CheckResult:
    token = readable_token(ctx)
    if not _is_entra(ctx, token):
        return ctx.skipped(NOT_ENTRA)
    found = entra_token_findings(
        token.claims,
        token.header,
        audience=ctx.get("audience"),
        issuer=ctx.get("issuer"),
        api_version=ctx.get("entra_api_version"),
    )
    return ctx.conclude(
        found, refs=(ref.ENTRA_ACCESS_TOKENS,), evidence={"token": token.fingerprint}
    )


@check(
    "entra.groups",
    title="Entra groups claim",
    inputs={"token": "an Entra ID token or access token"},
    requires=("token",),
)
async def entra_groups(ctx: CheckContext) -> CheckResult:
    token = readable_token(ctx)
    if not _is_entra(ctx, token):
        return ctx.skipped(NOT_ENTRA)
    found = group_overage_findings(token.claims)
    return ctx.conclude(found, evidence={"token": token.fingerprint})
