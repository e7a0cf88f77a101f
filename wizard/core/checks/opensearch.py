"""OpenSearch checks of the config files: the authentication domains, the IdP that
OpenSearch and Dashboards name, the redirect URL, replayed offline with the security plugin's
rules (docs/FLOWS.md). What the token makes of the user is in `opensearch_user`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wizard.core.checks._opensearch import (
    CONFIG_HELP,
    DASHBOARDS_HELP,
    DOCS_CONFIG,
    DOCS_OIDC,
    DOCS_TROUBLESHOOT,
    ID_TOKEN_HELP,
    TOKEN_HELP,
    VERSION_HELP,
    load_input,
    openid_domain,
    token_claims,
)
from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import check
from wizard.core.vocab.result import CheckResult

if TYPE_CHECKING:
    from wizard.core.opensearch.dashboards import DashboardsConfig
    from wizard.core.opensearch.security_config import SecurityConfig


@check(
    "opensearch.authc",
    title="OpenSearch authentication domains",
    inputs={"opensearch_config": CONFIG_HELP},
    requires=("opensearch_config",),
)
async def check_authc(ctx: CheckContext) -> CheckResult:
    """The order and challenge settings of the authc domains in config.yml."""
    from wizard.core.opensearch.review import review_authc
    from wizard.core.opensearch.security_config import load_security_config

    config: SecurityConfig = load_input(ctx, "opensearch_config", load_security_config)
    openid = openid_domain(ctx, config)
    fix = (
        f"In {config.source}, set challenge: false on the basic domain (or order it after the "
        "openid domain) and challenge: false on the openid domain; apply with securityadmin.sh."
    )
    return ctx.conclude(review_authc(config, openid), fix=fix, refs=(DOCS_CONFIG, DOCS_OIDC))


@check(
    "opensearch.idp",
    title="OpenSearch and Dashboards name the same IdP",
    inputs={
        "opensearch_config": CONFIG_HELP,
        "dashboards_config": DASHBOARDS_HELP,
        "id_token": ID_TOKEN_HELP,
        "token": TOKEN_HELP,
        "issuer": "the expected issuer URL",
        "opensearch_version": VERSION_HELP,
    },
    requires=("opensearch_config",),
)
async def check_idp(ctx: CheckContext) -> CheckResult:
    """connect_url on both sides, and required_issuer / required_audience against the token."""
    from wizard.core.opensearch.claims import parse_version
    from wizard.core.opensearch.dashboards import load_dashboards_config
    from wizard.core.opensearch.review import review_idp
    from wizard.core.opensearch.security_config import load_security_config

    config: SecurityConfig = load_input(ctx, "opensearch_config", load_security_config)
    dashboards: DashboardsConfig | None = load_input(
        ctx, "dashboards_config", load_dashboards_config
    )
    openid = openid_domain(ctx, config)
    claims, _ = token_claims(ctx, needed=False)
    version = parse_version(ctx.get("opensearch_version"))
    found = review_idp(config, openid, dashboards, claims, ctx.get("issuer"), version)
    fix = (
        "Make opensearch_security.openid.connect_url (Dashboards) and openid_connect_url "
        "(config.yml) the same discovery URL of the issuer that signs the tokens, and make "
        "required_issuer / required_audience equal to the token's iss / aud, or remove them."
    )
    return ctx.conclude(found, fix=fix, refs=(DOCS_OIDC, DOCS_TROUBLESHOOT))


@check(
    "opensearch.redirect",
    title="Dashboards OpenID redirect URI",
    inputs={
        "dashboards_config": DASHBOARDS_HELP,
        "redirect_uris": "the redirect URIs registered at the IdP (space- or comma-separated)",
    },
    requires=("dashboards_config",),
)
async def check_redirect(ctx: CheckContext) -> CheckResult:
    """The redirect URI Dashboards sends, against what the IdP has registered."""
    from wizard.core.opensearch.dashboards import load_dashboards_config
    from wizard.core.opensearch.review import review_redirect

    dashboards: DashboardsConfig = load_input(ctx, "dashboards_config", load_dashboards_config)
    listed = ctx.get("redirect_uris")
    registered = listed.replace(",", " ").split() if listed is not None else None
    fix = (
        "Set opensearch_security.openid.base_redirect_url to the URL users type into the browser "
        "(or trust_dynamic_headers: true behind a proxy that sets X-Forwarded-Host/Proto), and "
        "register that URL + /auth/openid/login at the IdP, character for character."
    )
    return ctx.conclude(review_redirect(dashboards, registered), fix=fix, refs=(DOCS_OIDC,))
