"""Reviews of the OpenSearch and Dashboards settings: pure functions returning `Findings`.

A problem is a FAIL finding, a caution a WARN one, a note a PASS one that only informs; the
checks turn the findings into results, and keeping the reasoning here lets it be tested and
reused without a check context.
"""

from __future__ import annotations

from typing import Any

from wizard.core.opensearch.claims import format_version
from wizard.core.opensearch.dashboards import DashboardsConfig
from wizard.core.opensearch.security_config import BASIC, AuthDomain, SecurityConfig
from wizard.core.opensearch.urls import (
    expected_redirect_uri,
    explain_url_difference,
    issuer_from_connect_url,
)
from wizard.core.vocab.findings import Findings
from wizard.core.vocab.result import Status

REQUIRED_CLAIMS_SINCE = (2, 1, 0)
BASIC_CHALLENGE_LOG = "No 'Authorization' header, send 401 and 'WWW-Authenticate Basic'"


def challenge_words(domain: AuthDomain) -> str:
    """``challenge: true (not set; the default is true)`` and the like."""
    unset = "" if domain.challenge_set else " (not set; the default is true)"
    return f"challenge: {str(domain.challenge).lower()}{unset}"


def review_authc(config: SecurityConfig, openid: AuthDomain) -> Findings:
    """Order and challenge of the domains a Bearer call meets before the openid one."""
    order = "; ".join(
        f"{d.name} (order {d.order}, {d.authenticator}, {challenge_words(d)}"
        f"{'' if d.http_enabled else ', http_enabled: false'})"
        for d in config.domains
    )
    found = Findings()
    found.add(f"Domains in the order they are tried: {order}.")
    for warning in config.warnings:
        found.add(warning, Status.WARN)
    found.evidence = {
        "domains": [d.summary() for d in config.domains],
        "openid_domain": openid.name,
    }
    if not openid.http_enabled:
        found.add(
            f"The openid domain '{openid.name}' is not enabled for HTTP (http_enabled / enabled "
            "is false), so REST calls never reach it.",
            Status.FAIL,
        )
    before = [d for d in config.http_domains() if d.order <= openid.order and d is not openid]
    for domain in before:
        if domain.authenticator == BASIC:
            _review_basic_before_openid(config, domain, openid, found)
        if domain.order == openid.order:
            found.add(
                f"'{domain.name}' and '{openid.name}' share order {domain.order}; give each domain "
                "its own order so the sequence is certain.",
                Status.WARN,
            )
    if openid.challenge:
        found.add(
            f"The openid domain '{openid.name}' has {challenge_words(openid)}; it wants "
            "challenge: false.",
            Status.WARN,
        )
    if openid.backend == "intern":
        found.add(
            f"'{openid.name}' uses authentication_backend type intern, so every OIDC user must "
            "also exist as an internal user; with type noop, OIDC users need no internal users.",
            Status.WARN,
        )
    return found


def _review_basic_before_openid(
    config: SecurityConfig, basic: AuthDomain, openid: AuthDomain, found: Findings
) -> None:
    if not basic.challenge:
        found.add(
            f"The basic domain '{basic.name}' before '{openid.name}' does not challenge, so its "
            f'log line "{BASIC_CHALLENGE_LOG}" is noise.'
        )
        return
    if config.anonymous_auth_enabled:
        found.add(
            f"The basic domain '{basic.name}' comes before '{openid.name}' with "
            f"{challenge_words(basic)}; anonymous_auth_enabled is true, so requests without Basic "
            "credentials pass on instead of being challenged, but challenge: false is clearer.",
            Status.WARN,
        )
        return
    found.add(
        f"The basic domain '{basic.name}' (order {basic.order}) comes before '{openid.name}' with "
        f"{challenge_words(basic)}: a Bearer call finds no Basic credentials there and is "
        f"answered 401 with 'WWW-Authenticate: Basic' (log: \"{BASIC_CHALLENGE_LOG}\").",
        Status.FAIL,
    )


def review_idp(
    config: SecurityConfig,
    openid: AuthDomain,
    dashboards: DashboardsConfig | None,
    claims: dict[str, Any] | None,
    expected_issuer: str | None,
    version: tuple[int, int, int] | None,
) -> Findings:
    """Both sides name one IdP; required_issuer / required_audience fit the token."""
    os_url = str(openid.settings.get("openid_connect_url") or "")
    found = Findings(evidence={"openid_connect_url": os_url or None})
    if os_url:
        found.add(f'openid_connect_url is "{os_url}".')
    else:
        found.add(f"'{openid.name}' has no openid_connect_url in {config.source}.", Status.FAIL)
    for warning in config.warnings:
        found.add(warning, Status.WARN)
    _compare_connect_urls(os_url, dashboards, found)
    issuer = issuer_from_connect_url(os_url) if os_url else None
    found.evidence["issuer_from_connect_url"] = issuer
    if os_url and issuer is None:
        found.add(
            f'openid_connect_url "{os_url}" does not end with /.well-known/openid-configuration.',
            Status.WARN,
        )
    if expected_issuer and issuer and expected_issuer != issuer:
        found.add(
            f'The connect URL names issuer "{issuer}" but the expected issuer is '
            f'"{expected_issuer}" ({explain_url_difference(expected_issuer, issuer)}).',
            Status.FAIL,
        )
    token_iss = claims.get("iss") if claims else None
    found.evidence["token_iss"] = token_iss
    if claims is not None and issuer and token_iss != issuer:
        found.add(
            f'The token\'s iss is "{token_iss}" while the connect URL suggests "{issuer}" '
            f"({explain_url_difference(issuer, str(token_iss))}); the discovery document's "
            "issuer decides (see the “Discovery document” card).",
            Status.WARN,
        )
    _review_required_claims(openid, claims, version, found)
    return found


def _compare_connect_urls(
    os_url: str, dashboards: DashboardsConfig | None, found: Findings
) -> None:
    if dashboards is None:
        found.add(
            "No dashboards_config was given, so Dashboards' connect_url was not compared.",
            Status.WARN,
        )
        return
    for warning in dashboards.warnings:
        found.add(warning, Status.WARN)
    dash_url = str(dashboards.openid("connect_url") or "")
    found.evidence["dashboards_connect_url"] = dash_url or None
    if not dash_url:
        found.add(
            f"{dashboards.source} sets no opensearch_security.openid.connect_url.",
            Status.FAIL,
        )
    elif os_url and dash_url != os_url:
        found.add(
            f"Dashboards' connect_url \"{dash_url}\" and config.yml's openid_connect_url "
            f'"{os_url}" are not the same ({explain_url_difference(os_url, dash_url)}): '
            "Dashboards would log users in at one IdP and OpenSearch check tokens against another.",
            Status.FAIL,
        )
    elif os_url:
        found.add("Dashboards' opensearch_security.openid.connect_url is the same.")


def _review_required_claims(
    openid: AuthDomain,
    claims: dict[str, Any] | None,
    version: tuple[int, int, int] | None,
    found: Findings,
) -> None:
    required_issuer = openid.settings.get("required_issuer")
    required_audience = openid.settings.get("required_audience")
    found.evidence["required_issuer"] = required_issuer
    found.evidence["required_audience"] = required_audience
    if required_issuer is None and required_audience is None:
        return
    if version is not None and version < REQUIRED_CLAIMS_SINCE:
        found.add(
            "required_issuer / required_audience exist from "
            f"{format_version(REQUIRED_CLAIMS_SINCE)}; OpenSearch {format_version(version)} "
            "ignores them.",
            Status.WARN,
        )
        return
    if claims is None:
        found.add(
            "required_issuer / required_audience are set; give the token to compare them.",
            Status.WARN,
        )
        return
    if required_issuer is not None and claims.get("iss") != str(required_issuer):
        found.add(
            f'required_issuer is "{required_issuer}" but the token\'s iss is '
            f"\"{claims.get('iss')}\" (the plugin logs 'Invalid issuer').",
            Status.FAIL,
        )
    if required_audience is not None:
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        wanted = _audience_list(required_audience)
        if not any(item in audiences for item in wanted):
            found.add(
                f'required_audience is "{", ".join(wanted)}" but the token\'s aud is '
                f"{audience!r} (the plugin logs 'Invalid audience').",
                Status.FAIL,
            )


def _audience_list(value: object) -> list[str]:
    # Newer releases take a list (or a comma-separated string); a token needs one of them.
    if isinstance(value, list):
        return [str(item) for item in value]
    return [part.strip() for part in str(value).split(",") if part.strip()]


def review_redirect(dashboards: DashboardsConfig, registered: list[str] | None) -> Findings:
    """The redirect URI Dashboards sends, against the ones registered at the IdP (if given)."""
    base = dashboards.openid("base_redirect_url")
    dynamic = dashboards.openid("trust_dynamic_headers") is True
    found = Findings(evidence={"base_redirect_url": base, "trust_dynamic_headers": dynamic})
    for warning in dashboards.warnings:
        found.add(warning, Status.WARN)
    if not base:
        how = (
            "trust_dynamic_headers is true, so it is built from the proxy's X-Forwarded headers"
            if dynamic
            else "Dashboards builds the redirect from its own host and port, which behind a "
            "proxy or in a container is not the URL the browser uses"
        )
        found.add(
            f"{dashboards.source} sets no opensearch_security.openid.base_redirect_url: {how}.",
            Status.WARN,
        )
        return found
    expected = expected_redirect_uri(str(base))
    found.evidence["expected_redirect_uri"] = expected
    base_path = dashboards.get("server.basePath")
    if base_path:
        found.add(
            f'server.basePath is "{base_path}"; whether Dashboards adds it to the redirect is '
            "unverified: compare with the redirect_uri of the browser's authorize request.",
            Status.WARN,
        )
    if registered is None:
        found.lead(
            f'Dashboards sends redirect_uri "{expected}"; the IdP must have exactly this one '
            "registered (give redirect_uris to compare)."
        )
        return found
    found.evidence["registered_redirect_uris"] = registered
    if expected in registered:
        found.lead(f'Dashboards sends "{expected}" and the IdP has it registered.')
        return found
    if not registered:
        found.add(
            f'Dashboards sends "{expected}" but no URI registered at the IdP was given.',
            Status.FAIL,
        )
        return found
    differences = "; ".join(
        f'"{uri}": {explain_url_difference(expected, uri)}' for uri in registered
    )
    found.add(f'Dashboards sends "{expected}" but the IdP has only {differences}.', Status.FAIL)
    return found
