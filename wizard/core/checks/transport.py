"""How a token travels: sender-constrained tokens (DPoP, mTLS) and sizes against limits."""

from __future__ import annotations

from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import check
from wizard.core.checks.token_input import first_token, readable_token
from wizard.core.tokens.binding_rules import binding_findings, binding_of
from wizard.core.tokens.size_rules import size_findings
from wizard.core.vocab.result import CheckResult


@check(
    "token.binding",
    title="Sender-constrained token",
    inputs={
        "token": "the token under test",
        "resource_scheme": "the scheme it is sent with (default Bearer)",
    },
    requires=("token",),
    learns=("token_binding",),
)
async def token_binding(ctx: CheckContext) -> CheckResult:
    token = readable_token(ctx)
    if binding_of(token.claims) is None:
        return ctx.skipped(
            "Not run: the token has no cnf claim, so it is a plain bearer token.",
            facts={"token_binding": "none"},
        )
    return ctx.conclude(
        binding_findings(token.claims, ctx.get("resource_scheme")),
        evidence={"token": token.fingerprint},
    )


@check(
    "token.size",
    title="Token size",
    inputs={
        "token": "the token under test",
        "id_token": "the ID token (kept in a session cookie by OpenSearch Dashboards)",
        "refresh_token": "the refresh token (kept beside it)",
    },
    requires=("token",),
)
async def token_size(ctx: CheckContext) -> CheckResult:
    token = first_token(ctx, "token")
    if token is None:
        return ctx.skipped("Not run: it needs a token.")
    raw = token.secret_value()
    id_token = first_token(ctx, "id_token")
    refresh = first_token(ctx, "refresh_token")
    found = size_findings(
        raw,
        id_token.secret_value() if id_token is not None else None,
        refresh.secret_value() if refresh is not None else None,
    )
    return ctx.conclude(found, evidence={"token": token.fingerprint})
