"""URLs both sides of an OpenSearch OpenID login must agree on: the issuer and the redirect."""

from __future__ import annotations

from urllib.parse import urlsplit

DISCOVERY_SUFFIX = "/.well-known/openid-configuration"
LOGIN_PATH = "/auth/openid/login"


def issuer_from_connect_url(connect_url: str) -> str | None:
    """The issuer a discovery URL names (the part before the well-known suffix), or None."""
    url = connect_url.strip()
    if url.endswith(DISCOVERY_SUFFIX):
        return url[: -len(DISCOVERY_SUFFIX)]
    return None


def expected_redirect_uri(base_redirect_url: str) -> str:
    """What Dashboards sends as redirect_uri: the base without a trailing slash + the login path."""
    return base_redirect_url.strip().rstrip("/") + LOGIN_PATH


def explain_url_difference(expected: str, actual: str) -> str:
    """One plain sentence on how two URLs that should be identical differ."""
    if expected == actual:
        return "identical"
    if expected.rstrip("/") == actual.rstrip("/"):
        return "they differ only by a trailing '/', and the comparison is exact"
    if expected.casefold() == actual.casefold():
        return "they differ only in letter case, and the comparison is exact"
    one, two = urlsplit(expected), urlsplit(actual)
    parts = []
    if one.scheme != two.scheme:
        parts.append(f"scheme {one.scheme or '(none)'} vs {two.scheme or '(none)'}")
    if (one.hostname or "") != (two.hostname or ""):
        parts.append(f"host {one.hostname or '(none)'} vs {two.hostname or '(none)'}")
    if _port(one) != _port(two):
        parts.append(f"port {_port(one)} vs {_port(two)}")
    if one.path.rstrip("/") != two.path.rstrip("/"):
        parts.append(f"path '{one.path}' vs '{two.path}'")
    if one.query != two.query:
        parts.append("query strings differ")
    return "they differ: " + ", ".join(parts) if parts else "they differ"


def _port(parts: object) -> int | None:
    try:
        port = parts.port  # type: ignore[attr-defined]
    except ValueError:
        return None
    if port is None:
        return {"https": 443, "http": 80}.get(parts.scheme)  # type: ignore[attr-defined]
    return port
