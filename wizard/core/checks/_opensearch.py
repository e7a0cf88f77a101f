"""What the OpenSearch checks share: reading the ID token, loading the files, the openid domain.

The OpenSearch rules (and yaml under them) are imported inside the checks that use them: the
catalog registers every check at start-up, and a token-only run must not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wizard.core.checks.context import CheckContext
from wizard.core.tokens import TokenFormat, parse_token
from wizard.core.vocab.errors import UserError

if TYPE_CHECKING:
    from wizard.core.opensearch.security_config import AuthDomain, SecurityConfig

DOCS_OIDC = "https://opensearch.org/docs/latest/security/authentication-backends/openid-connect/"
DOCS_CONFIG = "https://opensearch.org/docs/latest/security/configuration/configuration/"
DOCS_MAPPING = "https://opensearch.org/docs/latest/security/access-control/users-roles/"
DOCS_TROUBLESHOOT = "https://opensearch.org/docs/latest/troubleshoot/openid-connect/"
NESTED_SUBJECT_ISSUE = "https://github.com/opensearch-project/security/issues/5430"
NESTED_ROLES_PR = "https://github.com/opensearch-project/security/pull/5355"

CONFIG_HELP = "path to the security plugin's config.yml"
MAPPING_HELP = "path to the security plugin's roles_mapping.yml"
DASHBOARDS_HELP = "path to opensearch_dashboards.yml"
ID_TOKEN_HELP = "the ID token Dashboards forwards to OpenSearch (preferred over token)"
TOKEN_HELP = "the token under test, used when no id_token is given"
VERSION_HELP = "the OpenSearch version, e.g. 2.6.0 (rules differ before 2.1 and 3.1)"


def read_claims(raw: str) -> dict[str, Any]:
    """The payload of a JWS, signature NOT verified: the plugin reads it the same way first.

    Raises:
        ValueError: with a message that never quotes the token.
    """
    token = parse_token(raw)
    if token.problem is not None and token.problem.part == "token":
        # Nothing left after cleaning, or a JWT cut or joined: the message says which.
        raise ValueError(token.problem.message[:1].lower() + token.problem.message[1:-1])
    if token.format is TokenFormat.JWE:
        raise ValueError("the token is encrypted (JWE, 5 parts): its claims cannot be read")
    if token.format is TokenFormat.OPAQUE:
        raise ValueError(
            f"the token is not a JWT ({token.parts} dot-separated part(s), 3 expected); "
            "OpenSearch's openid domain needs a JWT ID token"
        )
    if token.problem is not None:
        raise ValueError(
            "the token's header or payload is not valid base64url-encoded JSON: "
            + token.problem.message.rstrip(".")
        )
    return token.claims


def token_claims(ctx: CheckContext, *, needed: bool) -> tuple[dict[str, Any] | None, str | None]:
    """Claims of `id_token` (else `token`) and the input name used; stops the check on bad
    input, and (when `needed`) without either."""
    for name in ("id_token", "token"):
        raw = ctx.get(name)
        if raw is None:
            continue
        try:
            return read_claims(raw), name
        except ValueError as exc:
            ctx.stop_errored(f"The {name} input cannot be read: {exc}.")
    if needed:
        ctx.stop_skipped(
            "Not run: it needs the ID token Dashboards forwards (id_token), or token, which "
            "the session does not have yet."
        )
    return None, None


def which_token(used: str | None) -> str:
    """A reminder when the token read may not be the one OpenSearch actually receives."""
    if used == "token":
        return (
            " Dashboards forwards the ID token to OpenSearch: if this token is an access token, "
            "give the ID token as id_token."
        )
    return ""


def load_input(ctx: CheckContext, name: str, loader: Any) -> Any:
    path = ctx.get(name)
    if path is None:
        return None
    try:
        return loader(path)
    except UserError as exc:
        ctx.stop_errored(f"Cannot read {name}: {exc.message}")


def openid_domain(ctx: CheckContext, config: SecurityConfig) -> AuthDomain:
    domain = config.openid_domain()
    if domain is None:
        kinds = ", ".join(f"{d.name} ({d.authenticator})" for d in config.domains) or "none"
        ctx.stop_failed(
            f"{config.source} has no authentication domain with http_authenticator.type "
            f"openid; its domains are: {kinds}.",
            evidence={"domains": [d.summary() for d in config.domains]},
            fix="Add an openid domain under config.dynamic.authc (type openid, challenge: "
            "false, openid_connect_url, subject_key, roles_key, authentication_backend noop) "
            "and apply it with securityadmin.sh.",
            refs=(DOCS_OIDC,),
        )
    return domain
