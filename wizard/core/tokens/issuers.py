"""Comparing a token's ``iss`` with the issuer a service provider expects, and explaining misses.

Validators compare issuers as plain strings (OIDC Core 3.1.3.7 step 2), so a trailing slash
or an upper-case letter is enough for a 401. The explanations name the one difference that
matters, so the user knows which of the two settings to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from wizard.core.tokens.providers import (
    AUTH0,
    ENTRA_V1,
    ENTRA_V2,
    ISSUER_SHAPES,
    KEYCLOAK,
    OKTA_CUSTOM,
    OKTA_ORG,
    PROVIDER_LABELS,
    provider_from_issuer,
)

DISCOVERY_SUFFIX = "/.well-known/openid-configuration"
_DEFAULT_PORTS = {"https": 443, "http": 80}


@dataclass(frozen=True)
class IssuerComparison:
    """The outcome of comparing ``iss`` with the expected issuer.

    Attributes:
        equal: True when they are identical byte for byte.
        explanations: why they differ, most useful first (empty when equal).
        same_after_cleanup: True when the expected value only wraps the token's issuer (spaces
            around it, or the discovery URL given instead of the issuer).
    """

    equal: bool
    explanations: tuple[str, ...] = ()
    same_after_cleanup: bool = False


def compare_issuer(actual: str, expected: str) -> IssuerComparison:
    """Compare byte for byte; on a miss, explain the near miss (slash, scheme, case, port, …)."""
    if actual == expected:
        return IssuerComparison(True)
    notes: list[str] = []
    wanted = expected
    if wanted.strip() != wanted:
        notes.append("The expected issuer has spaces or line breaks around it; remove them.")
        wanted = wanted.strip()
    if wanted.rstrip("/").endswith(DISCOVERY_SUFFIX):
        wanted = wanted.rstrip("/")[: -len(DISCOVERY_SUFFIX)]
        notes.append(
            "The expected issuer is a discovery URL; the issuer is that URL without "
            f"{DISCOVERY_SUFFIX} ({wanted})."
        )
    if actual == wanted:
        return IssuerComparison(False, tuple(notes), same_after_cleanup=True)
    notes.extend(_explain_difference(actual, wanted))
    return IssuerComparison(False, tuple(notes))


def _explain_difference(actual: str, wanted: str) -> list[str]:
    if actual.rstrip("/") == wanted.rstrip("/"):
        return [_slash_note(actual, wanted)]
    try:
        got, want = urlsplit(actual), urlsplit(wanted)
        got_port, want_port = got.port, want.port
    except ValueError:
        return ["One of the two is not a valid URL; compare them character by character."]
    notes: list[str] = []
    if got.scheme.lower() != want.scheme.lower():
        notes.append(
            f"The scheme differs: the token says {got.scheme or '(none)'}, the expected issuer "
            f"{want.scheme or '(none)'}. Issuers are https URLs; use exactly what the token says."
        )
    got_host, want_host = _host_as_written(got), _host_as_written(want)
    if got_host != want_host and got_host.lower() == want_host.lower():
        notes.append(
            "The host differs only in letter case. DNS ignores case but issuer comparison "
            "does not: copy the issuer exactly as the token has it."
        )
    if got_port != want_port and got_host.lower() == want_host.lower():
        notes.append(_port_note(got, want, got_port, want_port))
    if got_host.lower() != want_host.lower():
        notes.extend(_host_notes(actual, wanted))
    elif got.path.rstrip("/") != want.path.rstrip("/"):
        notes.extend(_path_notes(actual, wanted, got.path, want.path))
    if got.path.rstrip("/") == want.path.rstrip("/") and got.path != want.path:
        notes.append(_slash_note(actual, wanted))
    return notes


def _slash_note(actual: str, wanted: str) -> str:
    has = actual.endswith("/")
    provider = provider_from_issuer(actual)
    shape = ""
    if provider:
        shape = f" Known shape for {PROVIDER_LABELS[provider[0]]}: {ISSUER_SHAPES[provider[0]]}."
    return (
        "They differ only in the trailing slash: the token's iss "
        f"{'ends' if has else 'does not end'} with '/', the expected issuer "
        f"{'does not' if has else 'does'}. Use the token's form exactly.{shape}"
    )


def _port_note(
    got: SplitResult, want: SplitResult, got_port: int | None, want_port: int | None
) -> str:
    default = _DEFAULT_PORTS.get(want.scheme.lower())
    if default is not None and default in (got_port, want_port):
        return (
            f"One of them spells out the default port :{default} and the other does not; as "
            "strings they differ, so drop the port (or add it) to match the token."
        )
    return f"The port differs: the token says {got_port}, the expected issuer {want_port}."


def _path_notes(actual: str, wanted: str, got_path: str, want_path: str) -> list[str]:
    kinds = _shape_of(actual), _shape_of(wanted)
    if set(kinds) == {OKTA_ORG, OKTA_CUSTOM}:
        which = "the org server" if kinds[0] == OKTA_ORG else "a custom authorization server"
        return [
            f"Same Okta org, different authorization server: the token came from {which}. "
            "The org server's issuer has no path; a custom server's is …/oauth2/<server id>. "
            "Request tokens from the server the service provider trusts (or change its issuer)."
        ]
    if kinds == (OKTA_CUSTOM, OKTA_CUSTOM):
        return [
            f"Same Okta org, different custom authorization servers ({got_path} vs {want_path})."
        ]
    if KEYCLOAK in kinds:
        if _without_auth_prefix(got_path) == _without_auth_prefix(want_path):
            return [
                "One has /auth/realms/ and the other /realms/: Keycloak 17 and later dropped the "
                "/auth prefix (unless started with --http-relative-path=/auth). Use what the "
                "token says."
            ]
        return [f"Same Keycloak host, different realms or paths ({got_path} vs {want_path})."]
    if set(kinds) == {ENTRA_V1, ENTRA_V2}:
        return _entra_version_notes(kinds[0])
    return [
        f"Same host, different path: the token says {got_path or '(none)'}, "
        f"expected {want_path or '(none)'}."
    ]


def _host_notes(actual: str, wanted: str) -> list[str]:
    kinds = _shape_of(actual), _shape_of(wanted)
    if set(kinds) == {ENTRA_V1, ENTRA_V2}:
        return _entra_version_notes(kinds[0])
    if AUTH0 in kinds:
        return [
            "Different hosts, at least one on auth0.com: either another tenant, or a custom "
            "domain. Auth0 puts the custom domain in iss only when the token was requested "
            "through the custom domain, so request it through the host the service provider "
            "expects."
        ]
    return [
        "Different hosts: the token comes from another issuer (another tenant, environment or "
        "provider) than the one the service provider trusts."
    ]


def _entra_version_notes(token_kind: str) -> list[str]:
    version = "v1.0" if token_kind == ENTRA_V1 else "v2.0"
    return [
        f"Same Entra tenant family, different token versions: the token is a {version} token. "
        "The version follows the API's manifest (accessTokenAcceptedVersion / "
        "requestedAccessTokenVersion), not the endpoint used to sign in; make the API and "
        "the validator agree."
    ]


def _shape_of(issuer: str) -> str:
    found = provider_from_issuer(issuer)
    return found[0] if found else ""


def _without_auth_prefix(path: str) -> str:
    return path.replace("/auth/realms/", "/realms/")


def _host_as_written(parts: SplitResult) -> str:
    # SplitResult.hostname lower-cases the host, and a case difference is what we look for.
    host = parts.netloc.rpartition("@")[2]
    if host.startswith("["):
        return host.partition("]")[0] + "]"
    return host.partition(":")[0]
