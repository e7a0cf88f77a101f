"""Where the wizard may send a request: scheme and host rules, origins for redirects."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit, urlunsplit

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


def narrow_url(url: str) -> str:
    """`url` reduced to scheme, host, port and path: no userinfo, query or fragment.

    An unconfirmed issuer (a token's own `iss`) must not choose a query string or credentials
    in the URL the wizard calls; the path is needed to find its discovery document.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = f"{host}:{port}" if port is not None else host
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, "", ""))


def _address_problem(host: str, address: str) -> str | None:
    """Why an unconfirmed fetch must not reach `address`, or None for a public address."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return f"{host} resolves to {address!r}, which is not an IP address."
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:
        ip = mapped
    if ip.is_loopback:
        kind = "a loopback"
    elif ip.is_link_local:
        kind = "a link-local"
    elif ip.is_private or ip.is_reserved or ip.is_unspecified or ip.is_multicast:
        kind = "a private or reserved"
    elif not ip.is_global:
        kind = "a non-public"
    else:
        return None
    return (
        f"Refusing to fetch from {host} for an issuer nobody confirmed: it is {kind} address "
        f"({ip}). A token's own iss may not point the wizard inside this network; give the "
        "issuer with --issuer (or answer it) if you mean it."
    )


async def unconfirmed_url_problem(url: str) -> str | None:
    """Why a fetch for an unconfirmed issuer may not go to `url`, or None when it may.

    Such a fetch (discovery or JWKS for a token's own `iss`) goes only over https, and only to
    a host whose every address is public, so a forged token cannot aim requests at loopback,
    the cloud metadata address or the internal network. Names are resolved here, before any
    connection.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme.lower() != "https":
        return (
            f"Refusing {url}: an issuer nobody confirmed (the token's own iss) is fetched over "
            "https only. Give the issuer with --issuer (or answer it) if you mean it."
        )
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        return _address_problem(host, str(literal))
    if is_loopback_host(host):
        return _address_problem(host, "127.0.0.1")
    import asyncio  # deferred: only the network path resolves names
    import socket

    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            host, parts.port or 443, type=socket.SOCK_STREAM
        )
    except (OSError, UnicodeError):
        return f"The host name {host} could not be resolved (DNS): check the URL ({url})."
    for info in infos:
        problem = _address_problem(host, str(info[4][0]))
        if problem:
            return problem
    return None
