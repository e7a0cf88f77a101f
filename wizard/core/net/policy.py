"""Where the wizard may send a request: scheme and host rules, origins for redirects."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from wizard.core.vocab.environment import CheckOptions

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback_host(host: str) -> bool:
    """True for localhost and loopback addresses, where plain http leaks nothing."""
    host = host.strip("[]").lower()
    if host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def origin_of(url: str) -> tuple[str, str, int | None]:
    """The (scheme, host, port) triple that decides whether credentials may follow a redirect."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    default = {"http": 80, "https": 443}.get(scheme)
    try:
        port = parts.port or default
    except ValueError:
        port = default
    return scheme, (parts.hostname or "").lower(), port


def url_problem(url: str, options: CheckOptions) -> str | None:
    """Why the wizard will not call `url`, or None when it may.

    Plain http is refused for any host but loopback unless the user allowed it, because a
    token sent in clear text is a token given away.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"{url!r} is not a valid URL."
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return f"{url!r} is not an http(s) URL with a host."
    try:
        parts.port  # noqa: B018 - parsing the port validates it
    except ValueError:
        return f"{url!r} has an invalid port."
    if scheme == "http" and not is_loopback_host(parts.hostname) and not options.allow_http:
        return (
            f"Refusing plain http to {parts.hostname}: a token or secret would travel unencrypted. "
            "Use https, or pass --allow-http if this is a test system."
        )
    return None
