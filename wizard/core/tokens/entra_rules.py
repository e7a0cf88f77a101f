"""Microsoft Entra ID's token shapes: versions, Graph tokens, app-only tokens, group overage.

Sources (docs/FLOWS.md, "Provider facts"): Microsoft's identity platform pages on access tokens
(v1/v2 issuers, `aud` forms, Graph tokens only Graph can validate), the app manifest
(`accessTokenAcceptedVersion`), the ID token claims reference (groups overage) and app roles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from wizard.core.tokens import references as ref
from wizard.core.tokens.claims import audiences
from wizard.core.tokens.providers import ENTRA_V1, ENTRA_V2, is_graph_token, provider_from_issuer
from wizard.core.vocab.findings import Findings

# The tenant placeholder of a multi-tenant discovery document's issuer.
_TENANT_TEMPLATE = re.compile(r"\{tenantid\}", re.IGNORECASE)
_TENANT_PATH = re.compile(r"^/[0-9a-fA-F-]{36}(/v2\.0)?/?$")


def token_version(claims: Mapping[str, Any]) -> str | None:
    """'1.0' or '2.0' from `ver`, else from the issuer's shape; None when neither says."""
    ver = claims.get("ver")
    if ver in ("1.0", "2.0"):
        return str(ver)
    iss = claims.get("iss")
    shape = provider_from_issuer(iss) if isinstance(iss, str) else None
    if shape is not None and shape[0] in (ENTRA_V1, ENTRA_V2):
        return "1.0" if shape[0] == ENTRA_V1 else "2.0"
    return None


def expected_version(issuer: str | None, api_version: str | None) -> str | None:
    """The token version the API accepts: said outright, or read from the issuer it trusts."""
    if api_version:
        return {"1": "1.0", "2": "2.0"}.get(api_version.strip().rstrip(".0"), api_version)
    if not issuer:
        return None
    shape = provider_from_issuer(issuer)
    if shape is not None and shape[0] in (ENTRA_V1, ENTRA_V2):
        return "1.0" if shape[0] == ENTRA_V1 else "2.0"
    # A custom domain or a test host: the path still has Entra's shape, /TENANT-ID[/v2.0].
    try:
        path = urlsplit(issuer).path
    except ValueError:
        return None
    found = _TENANT_PATH.match(path)
    if found is None:
        return None
    return "2.0" if found.group(1) else "1.0"


def entra_token_findings(
    claims: Mapping[str, Any],
    header: Mapping[str, Any],
    *,
    audience: str | None,
    issuer: str | None,
    api_version: str | None,
) -> Findings:
    """Why an API rejects an Entra token, from the token's shape and what the API expects."""
    found = Findings()
    found.refs.append(ref.ENTRA_ACCESS_TOKENS)
    aud = audiences(claims)
    version = token_version(claims)
    found.evidence.update(
        {"ver": version, "aud": aud, "tid": claims.get("tid"), "iss": claims.get("iss")}
    )
    if is_graph_token(claims):
        found.facts["entra_fault"] = "graph-token"
        found.evidence["claim"] = "aud"  # the claim at fault, marked in the token inspector
        nonce = " Its header carries a nonce, Graph's own mark." if "nonce" in header else ""
        app = _app_id_uri(audience)
        found.add(
            f"This is a Microsoft Graph token (aud {aud}): it is meant for Graph alone, never "
            f"for your own API.{nonce} Graph tokens can be validated by nobody but Graph, so a "
            "signature check elsewhere fails without the token having been altered.",
            "fail",
            f"Request a token for your API: a scope your API exposes ({app}/<scope> or "
            f"{app}/.default), not User.Read or https://graph.microsoft.com/.default.",
        )
        return found
    wanted = expected_version(issuer, api_version)
    if version and wanted and version != wanted:
        found.facts["entra_fault"] = "version"
        found.evidence["claim"] = "iss"
        found.add(
            f"This is a v{version} token (iss {claims.get('iss')!r}) and the API expects "
            f"v{wanted} tokens. The version follows the API's app registration "
            "(accessTokenAcceptedVersion in its manifest), not the endpoint the client signed "
            "in with.",
            "fail",
            f"Set accessTokenAcceptedVersion to {wanted[0]} in the API's manifest (App "
            "registrations > your API > Manifest), or make the validator accept the "
            f"v{version} issuer {_issuer_of(version, claims.get('tid'))}.",
        )
        found.refs.append(ref.ENTRA_MANIFEST_VERSION)
    # The audience form fails the token; the other two only warn. It is looked at first so
    # that `entra_fault`, which the playbook routes on, names the failure, not a warning.
    _audience_form(found, aud, audience, version)
    _tenant_template(found, claims, issuer)
    _app_only(found, claims)
    if not found.lines:
        found.add(f"A v{version or '?'} Entra token for {aud}, tenant {claims.get('tid')!r}.")
    return found


def _app_id_uri(audience: str | None) -> str:
    """The API's App ID URI as a scope starts with it: the one the API expects, when known."""
    if not audience:
        return "api://<app id>"
    if "://" in audience:
        return audience.rstrip("/")
    return f"api://{audience}"  # an application id: the default App ID URI is built on it


def _issuer_of(version: str, tid: Any) -> str:
    tenant = tid if isinstance(tid, str) and tid else "TENANT-ID"
    if version == "1.0":
        return f"https://sts.windows.net/{tenant}/"
    return f"https://login.microsoftonline.com/{tenant}/v2.0"


def _tenant_template(found: Findings, claims: Mapping[str, Any], issuer: str | None) -> None:
    if not issuer or not _TENANT_TEMPLATE.search(issuer):
        return
    tid = claims.get("tid")
    concrete = _TENANT_TEMPLATE.sub(str(tid), issuer) if tid else issuer
    found.add(
        f"The expected issuer {issuer!r} is the multi-tenant template from discovery; a token "
        f"carries its own tenant, so compare iss with {concrete!r}.",
        "warn",
        "Substitute the token's tid into the template (and keep an allow-list of tenants) "
        "instead of comparing with the template text.",
    )
    found.refs.append(ref.ENTRA_MULTI_TENANT)


def _app_only(found: Findings, claims: Mapping[str, Any]) -> None:
    if "scp" in claims:
        return
    roles = claims.get("roles")
    if claims.get("idtyp") == "app" or isinstance(roles, list):
        found.facts.setdefault("entra_fault", "app-only")
        found.add(
            f"An app-only token (client credentials): it carries roles {roles!r} and no scp. "
            "An API that looks for scp rejects it; authorise app-only calls by roles.",
            "warn",
            "Check roles (the app roles granted to the calling application) for app-only "
            "tokens, scp for delegated ones.",
        )
        found.refs.append(ref.ENTRA_APP_ROLES)


def _audience_form(
    found: Findings, aud: list[str], audience: str | None, version: str | None
) -> None:
    if not audience or audience in aud:
        return
    found.facts.setdefault("entra_fault", "audience")
    if version == "2.0":
        form = "v2.0 tokens carry the API's application (client) id GUID in aud"
    else:
        form = "v1.0 tokens carry the App ID URI (api://…) or the GUID, as requested"
    found.add(
        f"aud is {aud}, the API expects {audience!r}: {form}.",
        "fail",
        "Make the validator accept the value in aud (the API's GUID for v2.0, the App ID URI "
        "requested for v1.0), or request a scope of the API it expects.",
    )


def group_overage_findings(claims: Mapping[str, Any]) -> Findings:
    """Past the token's group limit Entra replaces `groups` by a pointer to Graph."""
    found = Findings()
    found.refs.append(ref.ENTRA_GROUP_OVERAGE)
    names = claims.get("_claim_names")
    overage = isinstance(names, Mapping) and "groups" in names
    if not overage and not claims.get("hasgroups"):
        groups = claims.get("groups")
        if isinstance(groups, list):
            found.add(f"No group overage: the token carries its groups claim ({len(groups)}).")
        else:
            found.add(
                "No group overage marker (_claim_names); the token has no groups claim, which "
                "Entra emits only when Token configuration > Add groups claim is set."
            )
        return found
    source = names.get("groups") if isinstance(names, Mapping) else None
    sources = claims.get("_claim_sources")
    endpoint = None
    if isinstance(sources, Mapping) and isinstance(sources.get(source), Mapping):
        endpoint = sources[source].get("endpoint")
    found.facts["entra_fault"] = "group-overage"
    found.evidence.update({"_claim_names": names, "endpoint": _host_of(endpoint)})
    found.add(
        "Group overage: the user is in more groups than fit in a token (200 in a JWT), so "
        "Entra left out the groups claim and put _claim_names / _claim_sources pointing to "
        "Microsoft Graph instead. Releasing the claim again does not help.",
        "fail",
        "Read the groups from Microsoft Graph (the _claim_sources endpoint, with a Graph "
        "token), or emit only the groups assigned to the application ('Groups assigned to the "
        "application' in Token configuration), or use app roles instead of groups.",
    )
    return found


def _host_of(url: Any) -> str | None:
    if not isinstance(url, str):
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None
